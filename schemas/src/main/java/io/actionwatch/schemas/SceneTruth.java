package io.actionwatch.schemas;

import java.util.Locale;
import java.util.Map;

/**
 * The ground truth a synthetic camera writes into a {@link VideoFrame}'s metadata, declared once for the camera that
 * writes it and for the stream application and tests that read it. Keys:
 *
 * <ul>
 *   <li>{@code label}: the action of the frame's only person. Written only when the scene has one person: with
 *       several, no single label is true of the frame.
 *   <li>{@code posture}: that person's coarse posture; one-person scenes only, like {@code label}.
 *   <li>{@code person.<i>.label}: person {@code i}'s action, for {@code i} from 0 to the number of people - 1 (in
 *       every scene, one person included).
 *   <li>{@code person.<i>.posture}: person {@code i}'s coarse posture.
 *   <li>{@code person.<i>.box}: the box around person {@code i}'s true keypoints, normalised 0..1 to the frame from
 *       its top-left corner and clipped to it, as {@code "yMin,xMin,yMax,xMax"} with 4 decimals, e.g.
 *       {@code "0.3662,0.3540,0.8254,0.3820"}. A stream application matches its tracks to people by box overlap.
 * </ul>
 *
 * <p>Person numbers are fixed for a camera's run: person {@code i} is the same figure in every frame. Labels are
 * the action labels of the model card ({@code walking_left} ... {@code standing_still}).
 */
public final class SceneTruth {

    public static final String LABEL = "label";
    public static final String POSTURE = "posture";
    public static final String PERSON = "person";
    public static final String BOX = "box";

    private SceneTruth() {
    }

    /** {@code person.<i>.label}. */
    public static String personLabel(int person) {
        return personKey(person, LABEL);
    }

    /** {@code person.<i>.posture}. */
    public static String personPosture(int person) {
        return personKey(person, POSTURE);
    }

    /** {@code person.<i>.box}. */
    public static String personBox(int person) {
        return personKey(person, BOX);
    }

    private static String personKey(int person, String field) {
        return PERSON + '.' + person + '.' + field;
    }

    /** How many people a frame's metadata has truth for: persons 0, 1, ... with a box. */
    public static int people(Map<String, String> metadata) {
        int n = 0;
        while (metadata.containsKey(personBox(n))) {
            n++;
        }
        return n;
    }

    /** A box {@code {yMin, xMin, yMax, xMax}} as written under {@code person.<i>.box}, in any default locale. */
    public static String formatBox(float[] box) {
        checkLength(box.length, box);
        return String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f", box[0], box[1], box[2], box[3]);
    }

    /** The box {@code {yMin, xMin, yMax, xMax}} of a {@code person.<i>.box} value. */
    public static float[] parseBox(String value) {
        String[] parts = value.split(",");
        checkLength(parts.length, value);
        float[] box = new float[4];
        try {
            for (int i = 0; i < 4; i++) {
                box[i] = Float.parseFloat(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a box is yMin,xMin,yMax,xMax, got '" + value + "'", e);
        }
        return box;
    }

    private static void checkLength(int length, Object box) {
        if (length != 4) {
            throw new IllegalArgumentException("a box is yMin,xMin,yMax,xMax, got " + length + " values: " + box);
        }
    }
}
