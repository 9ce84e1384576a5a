"""The graph translator on small hand-written graphs: structure, weights, refusals. Its numbers are held to
TensorFlow.js itself by inference-stream's PoseParityTest (ONNX Runtime runs there; Debian's onnx 1.12 has no
evaluator)."""
import base64
import json
import tempfile
import unittest
from pathlib import Path

import numpy as np
from onnx import numpy_helper

from actionwatch_model import tfjs_onnx


def _s(text):
    return {"s": base64.b64encode(text.encode()).decode()}


def _graph(nodes, weights, blob, out_node):
    return {
        "format": "graph-model",
        "signature": {"outputs": {"y": {"name": out_node + ":0", "dtype": "DT_FLOAT",
                                        "tensorShape": {"dim": [{"size": "1"}, {"size": "-1"}]}}}},
        "modelTopology": {"node": nodes},
        "weightsManifest": [{"paths": ["w.bin"], "weights": weights}],
    }, blob


def _write(tmp, manifest, blob):
    (Path(tmp) / "w.bin").write_bytes(blob)
    path = Path(tmp) / "model.json"
    path.write_text(json.dumps(manifest))
    return path


PLACEHOLDER = {"name": "x", "op": "Placeholder",
               "attr": {"dtype": {"type": "DT_FLOAT"}, "shape": {"shape": {"dim": [{"size": "1"}, {"size": "-1"},
                                                                                 {"size": "-1"}, {"size": "3"}]}}}}


class TranslatorTest(unittest.TestCase):

    def test_float16_weights_are_decoded_and_conv_is_wrapped_in_layout_transposes(self):
        kernel = np.arange(3 * 3 * 3 * 2, dtype=np.float32).reshape(3, 3, 3, 2) / 10
        bias = np.array([0.5, -1.0], np.float32)
        blob = kernel.astype("<f2").tobytes() + bias.astype("<f2").tobytes()
        nodes = [PLACEHOLDER,
                 {"name": "k", "op": "Const"}, {"name": "b", "op": "Const"},
                 {"name": "conv", "op": "_FusedConv2D", "input": ["x", "k", "b"],
                  "attr": {"strides": {"list": {"i": ["1", "2", "2", "1"]}}, "padding": _s("SAME"),
                           "data_format": _s("NHWC"), "num_args": {"i": "1"},
                           "fused_ops": {"list": {"s": [_s("BiasAdd")["s"], _s("Relu6")["s"]]}}}}]
        weights = [{"name": "k", "shape": [3, 3, 3, 2], "dtype": "float32", "quantization": {"dtype": "float16"}},
                   {"name": "b", "shape": [2], "dtype": "float32", "quantization": {"dtype": "float16"}}]
        with tempfile.TemporaryDirectory() as tmp:
            model = tfjs_onnx.convert(_write(tmp, *_graph(nodes, weights, blob, "conv")))
        ops = [n.op_type for n in model.graph.node]
        self.assertEqual(["Identity", "Transpose", "Conv", "Clip", "Transpose", "Identity"], ops)
        conv = model.graph.node[2]
        inits = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
        w = inits[conv.input[1]]
        self.assertEqual((2, 3, 3, 3), w.shape)  # O, I, H, W from H, W, I, O
        np.testing.assert_allclose(kernel.transpose(3, 2, 0, 1), w, atol=1e-2)
        np.testing.assert_allclose(bias, inits[conv.input[2]])
        self.assertNotIn("k:0", inits, "constants folded into the conv are not left behind")

    def test_strided_slice_masks_become_slice_squeeze_unsqueeze(self):
        blob = np.array([0, 1, 0, 0, 2, 0, 1, 1, 1], "<i4").tobytes()
        nodes = [PLACEHOLDER, {"name": "b", "op": "Const"}, {"name": "e", "op": "Const"},
                 {"name": "s", "op": "Const"},
                 {"name": "ss", "op": "StridedSlice", "input": ["x", "b", "e", "s"],
                  "attr": {"begin_mask": {"i": "1"}, "end_mask": {"i": "1"}, "shrink_axis_mask": {"i": "2"},
                           "new_axis_mask": {"i": "4"}, "ellipsis_mask": {"i": "0"}}}]
        weights = [{"name": n, "shape": [3], "dtype": "int32"} for n in ("b", "e", "s")]
        with tempfile.TemporaryDirectory() as tmp:
            model = tfjs_onnx.convert(_write(tmp, *_graph(nodes, weights, blob, "ss")))
        inits = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
        sl = next(n for n in model.graph.node if n.op_type == "Slice")
        starts, ends, axes = (inits[i].tolist() for i in sl.input[1:4])
        self.assertEqual([0, 1], starts)  # dim 0 from its begin mask; dim 1 shrunk at 1
        self.assertEqual(2, ends[1])
        self.assertEqual([0, 1], axes)
        squeeze = next(n for n in model.graph.node if n.op_type == "Squeeze")
        unsqueeze = next(n for n in model.graph.node if n.op_type == "Unsqueeze")
        self.assertEqual([1], inits[squeeze.input[1]].tolist())
        self.assertEqual([1], inits[unsqueeze.input[1]].tolist())

    def test_an_op_without_translation_is_refused_by_name(self):
        nodes = [PLACEHOLDER, {"name": "odd", "op": "Cumprod", "input": ["x"]}]
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaisesRegex(tfjs_onnx.ConversionError, "odd.*Cumprod"):
                tfjs_onnx.convert(_write(tmp, *_graph(nodes, [], b"", "odd")))

    def test_weights_that_do_not_fill_their_shard_are_refused(self):
        nodes = [PLACEHOLDER, {"name": "k", "op": "Const"}]
        weights = [{"name": "k", "shape": [2], "dtype": "float32"}]
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaisesRegex(tfjs_onnx.ConversionError, "covers 8 bytes of 12"):
                tfjs_onnx.convert(_write(tmp, *_graph(nodes, weights, b"\0" * 12, "k")))


if __name__ == "__main__":
    unittest.main()
