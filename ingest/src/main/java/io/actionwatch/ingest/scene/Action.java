package io.actionwatch.ingest.scene;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The actions the synthetic scene performs, in the order of the model card's label list. Two pairs are exact time
 * reverses of each other ({@link #FALLING_DOWN}/{@link #GETTING_UP}, {@link #SITTING_DOWN}/{@link #STANDING_UP}):
 * the same poses in opposite order, so only a model that looks at time can separate them.
 */
public enum Action {
    WALKING_LEFT("walking_left"),
    WALKING_RIGHT("walking_right"),
    WAVING("waving"),
    FALLING_DOWN("falling_down"),
    GETTING_UP("getting_up"),
    SITTING_DOWN("sitting_down"),
    STANDING_UP("standing_up"),
    JUMPING("jumping"),
    STANDING_STILL("standing_still");

    private final String label;

    Action(String label) {
        this.label = label;
    }

    /** The label as written into frame metadata, data sets and model cards (lower snake case). */
    public String label() {
        return label;
    }

    /** Labels of all actions in model-card order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(Action::label).collect(Collectors.toUnmodifiableList());
    }

    public static Action fromLabel(String label) {
        for (Action action : values()) {
            if (action.label.equals(label)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown action label '" + label + "', expected one of " + labels());
    }

    /** A transition moves the body between resting states (upright, lying, seated); its pose depends only on phase. */
    public boolean isTransition() {
        return this == FALLING_DOWN || this == GETTING_UP || this == SITTING_DOWN || this == STANDING_UP;
    }

    /** For the reversed half of a pair: the action whose trajectory it plays backwards; otherwise itself. */
    public Action forwardTwin() {
        switch (this) {
            case GETTING_UP:
                return FALLING_DOWN;
            case STANDING_UP:
                return SITTING_DOWN;
            default:
                return this;
        }
    }

    /** True for the actions defined as the time reverse of another one. */
    public boolean isReversed() {
        return forwardTwin() != this;
    }

    @Override
    public String toString() {
        return label;
    }
}
