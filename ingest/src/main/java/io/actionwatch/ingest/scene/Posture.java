package io.actionwatch.ingest.scene;

/**
 * A coarse description of the figure's body in one frame, derived from its geometry (not from the action), so a
 * model can learn it from single frames. Checked in the order declared: the first that applies wins.
 */
public enum Posture {
    /** Feet clearly above the floor. */
    AIRBORNE("airborne"),
    /** Torso close to horizontal. */
    LYING("lying"),
    /** Hips low: squatting, seated, kneeling. */
    CROUCHED("crouched"),
    /** Torso clearly tilted but not lying. */
    LEANING("leaning"),
    /** A hand above the shoulders. */
    ARM_RAISED("arm_raised"),
    /** Legs apart in a stride. */
    WALKING("walking"),
    /** None of the above: standing. */
    UPRIGHT("upright");

    private final String label;

    Posture(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
