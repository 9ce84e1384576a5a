package io.actionwatch.ingest.scene;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/** Pixel comparisons for tests. */
final class ImageAssertions {

    private ImageAssertions() {
    }

    static byte[] pixels(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }

    /** Number of bytes (pixel channels) that differ. */
    static long differingBytes(BufferedImage a, BufferedImage b) {
        byte[] pa = pixels(a);
        byte[] pb = pixels(b);
        if (pa.length != pb.length) {
            return Long.MAX_VALUE;
        }
        long n = 0;
        for (int i = 0; i < pa.length; i++) {
            if (pa[i] != pb[i]) {
                n++;
            }
        }
        return n;
    }
}
