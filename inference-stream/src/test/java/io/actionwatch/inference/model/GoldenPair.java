package io.actionwatch.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The model helper's golden input/output pair (golden.json), in either of its two spellings:
 * {@code {"input": {"shape": [...], "data": [floats]}, "output": {"shape": [...], "data": [floats]}, "atol": ..}} or
 * {@code {"inputShape": [...], "input": "<base64 little-endian float32>", "outputShape": [...], "output": [...]}}.
 */
record GoldenPair(long[] inputShape, float[] input, long[] outputShape, float[] output, double atol,
                  List<String> expectedTop1) {

    static GoldenPair read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        long[] inShape;
        float[] in;
        long[] outShape;
        float[] out;
        if (root.path("input").isObject()) {
            inShape = longs(root.path("input").path("shape"));
            in = floats(root.path("input").path("data"));
            outShape = longs(root.path("output").path("shape"));
            out = floats(root.path("output").path("data"));
        } else {
            inShape = longs(root.path("inputShape"));
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(root.path("input").asText()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            in = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(in);
            outShape = longs(root.path("outputShape"));
            out = floats(root.path("output"));
        }
        List<String> top1 = new ArrayList<>();
        root.path("expectedTop1").forEach(n -> top1.add(n.asText()));
        return new GoldenPair(inShape, in, outShape, out, root.path("atol").asDouble(1e-4), top1);
    }

    private static long[] longs(JsonNode array) {
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asLong();
        }
        return values;
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }
}
