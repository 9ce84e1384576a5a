package io.actionwatch.inference.tracking;

import io.actionwatch.inference.pose.CocoKeypoints;
import io.actionwatch.inference.pose.PersonDetection;

/**
 * One person followed across a camera's sampled frames, as {@link TrackerState} holds it. Mutable and updated in
 * place: a camera's tracks change every sampled frame, and a copy per frame would be garbage per frame.
 * <p>
 * Of the last matched pose it keeps only the positions of the keypoints that were confident (a bit mask says which;
 * the others are zero), because the similarity reads nothing else and the stored state stays small.
 */
public final class Track {

    /** Bits of {@link #visibleKeypoints()}: one per COCO keypoint. */
    static final int ALL_KEYPOINTS_MASK = (1 << CocoKeypoints.COUNT) - 1;

    private final long id;
    private TrackStatus status;
    private int hits;
    private int misses;
    private long lastMatchedSequence;
    private float yMin;
    private float xMin;
    private float yMax;
    private float xMax;
    private float velocityY;
    private float velocityX;
    private int visibleKeypoints;
    private final float[] keypointYx;

    Track(long id, TrackStatus status, int hits, int misses, long lastMatchedSequence, float yMin, float xMin,
          float yMax, float xMax, float velocityY, float velocityX, int visibleKeypoints, float[] keypointYx) {
        if (keypointYx.length != CocoKeypoints.COUNT * 2) {
            throw new IllegalArgumentException("expected " + CocoKeypoints.COUNT * 2 + " keypoint coordinates, got "
                    + keypointYx.length);
        }
        this.id = id;
        this.status = status;
        this.hits = hits;
        this.misses = misses;
        this.lastMatchedSequence = lastMatchedSequence;
        this.yMin = yMin;
        this.xMin = xMin;
        this.yMax = yMax;
        this.xMax = xMax;
        this.velocityY = velocityY;
        this.velocityX = velocityX;
        this.visibleKeypoints = visibleKeypoints & ALL_KEYPOINTS_MASK;
        this.keypointYx = keypointYx;
    }

    /** A track born from an unmatched detection: one hit, no velocity yet. */
    static Track born(long id, long sequence, PersonDetection detection, TrackerSettings settings) {
        Track track = new Track(id, TrackStatus.TENTATIVE, 0, 0, sequence, 0, 0, 0, 0, 0, 0, 0,
                new float[CocoKeypoints.COUNT * 2]);
        track.take(sequence, detection, settings);
        return track;
    }

    /**
     * Matched to {@code detection} in the sampled frame {@code framesSinceMatch} after its previous match: the
     * velocity is the box centre's move between these two matches, per sampled frame.
     */
    void matched(long sequence, long framesSinceMatch, PersonDetection detection, TrackerSettings settings) {
        velocityY = (centre(detection.yMin(), detection.yMax()) - centre(yMin, yMax)) / framesSinceMatch;
        velocityX = (centre(detection.xMin(), detection.xMax()) - centre(xMin, xMax)) / framesSinceMatch;
        take(sequence, detection, settings);
    }

    private void take(long sequence, PersonDetection detection, TrackerSettings settings) {
        if (hits < Integer.MAX_VALUE) {
            hits++;
        }
        if (hits >= settings.confirmHits()) {
            status = TrackStatus.CONFIRMED;
        }
        misses = 0;
        lastMatchedSequence = sequence;
        yMin = detection.yMin();
        xMin = detection.xMin();
        yMax = detection.yMax();
        xMax = detection.xMax();
        int visible = 0;
        float threshold = settings.minKeypointScore();
        for (int k = 0; k < CocoKeypoints.COUNT; k++) {
            float y = detection.y(k);
            float x = detection.x(k);
            // a NaN score or coordinate makes the keypoint unusable, not the whole pose
            boolean confident = detection.keypointScore(k) > threshold && Float.isFinite(y) && Float.isFinite(x);
            if (confident) {
                visible |= 1 << k;
            }
            keypointYx[2 * k] = confident ? y : 0;
            keypointYx[2 * k + 1] = confident ? x : 0;
        }
        visibleKeypoints = visible;
    }

    void missed(int consecutiveMisses) {
        misses = consecutiveMisses;
    }

    private static float centre(float min, float max) {
        return (min + max) * 0.5f;
    }

    public long id() {
        return id;
    }

    public TrackStatus status() {
        return status;
    }

    /** Sampled frames this track was matched in (saturating); consecutive ones while it is tentative. */
    public int hits() {
        return hits;
    }

    /** Consecutive sampled frames without a match, as of the last frame the tracker processed. */
    public int misses() {
        return misses;
    }

    public long lastMatchedSequence() {
        return lastMatchedSequence;
    }

    public float yMin() {
        return yMin;
    }

    public float xMin() {
        return xMin;
    }

    public float yMax() {
        return yMax;
    }

    public float xMax() {
        return xMax;
    }

    /** Box centre's vertical move per sampled frame between the last two matches; 0 until matched twice. */
    public float velocityY() {
        return velocityY;
    }

    public float velocityX() {
        return velocityX;
    }

    /** Bit {@code k} set: keypoint {@code k} was confident in the last matched pose. */
    public int visibleKeypoints() {
        return visibleKeypoints;
    }

    public boolean isVisible(int keypoint) {
        return (visibleKeypoints & (1 << keypoint)) != 0;
    }

    public float keypointY(int keypoint) {
        return keypointYx[2 * keypoint];
    }

    public float keypointX(int keypoint) {
        return keypointYx[2 * keypoint + 1];
    }

    @Override
    public String toString() {
        return String.format("Track[%d %s hits=%d misses=%d last=%d box=(%.3f,%.3f)-(%.3f,%.3f) v=(%.4f,%.4f)]", id,
                status, hits, misses, lastMatchedSequence, yMin, xMin, yMax, xMax, velocityY, velocityX);
    }
}
