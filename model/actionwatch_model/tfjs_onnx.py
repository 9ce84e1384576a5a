"""Translate a TensorFlow.js graph model (``model.json`` + weight shards) into an ONNX model, op by op.

Why a translator and not a PyTorch re-implementation: the graph already says exactly what to compute, including
MoveNet's decoding tail (peak picking, keypoint regression, box assembly); translating it keeps every detail of the
original instead of re-deriving it by hand, and it serves any of the package's graph models built from the same op
kinds. Only ``onnx`` and ``numpy`` are needed (Debian's ``python3-onnx``), so the build can convert on any machine.

TensorFlow computes in NHWC; ONNX's convolution, pooling and resize work in NCHW. Each of those ops is wrapped in a
pair of transposes; ONNX Runtime's transpose optimizer cancels the adjacent pairs when it loads the model, so the
wrapped layout costs nothing at run time.

Unsupported ops, unknown weight encodings or attribute combinations stop the conversion with an error that names
the node; nothing is silently approximated.
"""
import argparse
import base64
import hashlib
import json
from pathlib import Path
from typing import Dict, List, Sequence

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13

_TF_DTYPES = {
    "DT_FLOAT": TensorProto.FLOAT,
    "DT_INT32": TensorProto.INT32,
    "DT_INT64": TensorProto.INT64,
    "DT_BOOL": TensorProto.BOOL,
}
_NP_DTYPES = {"float32": np.float32, "int32": np.int32, "bool": np.bool_}
_TO_NCHW = [0, 3, 1, 2]
_TO_NHWC = [0, 2, 3, 1]
_INT64_MAX = np.iinfo(np.int64).max

# Element-wise ops whose TensorFlow and ONNX semantics (including numpy broadcasting) are the same.
_ELEMENTWISE = {
    "AddV2": "Add", "Add": "Add", "Sub": "Sub", "Mul": "Mul", "RealDiv": "Div", "Maximum": "Max",
    "Minimum": "Min", "Less": "Less", "Greater": "Greater", "GreaterEqual": "GreaterOrEqual", "Equal": "Equal",
    "LogicalAnd": "And", "Abs": "Abs", "Exp": "Exp", "Sigmoid": "Sigmoid", "Reciprocal": "Reciprocal",
    "Identity": "Identity", "Select": "Where", "AddN": "Sum", "Relu": "Relu",
}


class ConversionError(ValueError):
    pass


def load_weights(manifest: dict, directory: Path) -> Dict[str, np.ndarray]:
    """Decodes every weight of the manifest: plain float32/int32, or float16-quantized float32."""
    weights = {}
    for group in manifest["weightsManifest"]:
        data = b"".join((directory / p).read_bytes() for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            shape = [int(d) for d in spec["shape"]]
            count = int(np.prod(shape)) if shape else 1
            quant = spec.get("quantization")
            if quant is None:
                dtype = np.dtype(_NP_DTYPES[spec["dtype"]])
                values = np.frombuffer(data, dtype=dtype.newbyteorder("<"), count=count, offset=offset)
                offset += count * dtype.itemsize
            elif quant.get("dtype") == "float16" and spec["dtype"] == "float32":
                values = np.frombuffer(data, dtype="<f2", count=count, offset=offset).astype(np.float32)
                offset += count * 2
            else:
                raise ConversionError(f"weight {spec['name']}: unsupported encoding {quant}")
            weights[spec["name"]] = values.reshape(shape).astype(_NP_DTYPES[spec["dtype"]])
        if offset != len(data):
            raise ConversionError(f"weights manifest covers {offset} bytes of {len(data)}")
    return weights


def _attr(node: dict, key: str, default=None):
    value = node.get("attr", {}).get(key)
    if value is None:
        return default
    if "i" in value:
        return int(value["i"])
    if "f" in value:
        return float(value["f"])
    if "b" in value:
        return bool(value["b"])
    if "s" in value:
        return base64.b64decode(value["s"]).decode()
    if "type" in value:
        return value["type"]
    if "list" in value:
        lst = value["list"]
        if "i" in lst:
            return [int(i) for i in lst["i"]]
        if "s" in lst:
            return [base64.b64decode(s).decode() for s in lst["s"]]
        return []
    raise ConversionError(f"node {node['name']}: cannot read attribute {key}={value}")


def _tensor_name(tf_input: str) -> str:
    """TensorFlow names output k of node n as n:k (output 0 also as plain n); ONNX gets one spelling."""
    return tf_input if ":" in tf_input else tf_input + ":0"


class _Graph:
    def __init__(self, weights: Dict[str, np.ndarray]):
        self.weights = weights
        self.nodes: List[onnx.NodeProto] = []
        self.initializers: Dict[str, onnx.TensorProto] = {}
        self._counter = 0

    def fresh(self, hint: str) -> str:
        self._counter += 1
        return f"{hint}/_onnx{self._counter}"

    def const(self, value: np.ndarray, hint: str) -> str:
        name = self.fresh(hint)
        self.initializers[name] = numpy_helper.from_array(np.asarray(value), name)
        return name

    def add(self, op: str, inputs: Sequence[str], outputs: Sequence[str], **attrs) -> None:
        self.nodes.append(helper.make_node(op, list(inputs), list(outputs), **attrs))

    def op(self, op: str, inputs: Sequence[str], hint: str, **attrs) -> str:
        out = self.fresh(hint)
        self.add(op, inputs, [out], **attrs)
        return out

    def constant_value(self, tf_input: str) -> np.ndarray:
        name = tf_input.split(":")[0]
        if name not in self.weights:
            raise ConversionError(f"{tf_input} must be a constant for this translation")
        return self.weights[name]


def _conv(g: _Graph, node: dict, out: str, depthwise: bool) -> None:
    name, inputs = node["name"], node["input"]
    if _attr(node, "data_format", "NHWC") != "NHWC":
        raise ConversionError(f"{name}: only NHWC convolutions are translated")
    padding = _attr(node, "padding")
    if padding not in ("SAME", "VALID"):
        raise ConversionError(f"{name}: padding {padding} not translated")
    kernel = g.constant_value(inputs[1])  # HWIO, or HWC1 (channel multiplier 1) for depthwise
    if depthwise:
        if kernel.shape[3] != 1:
            raise ConversionError(f"{name}: depthwise channel multiplier {kernel.shape[3]} not translated")
        weight = kernel.transpose(2, 3, 0, 1)  # -> C, 1, H, W
        group = kernel.shape[2]
    else:
        weight = kernel.transpose(3, 2, 0, 1)  # -> O, I, H, W
        group = 1
    fused = _attr(node, "fused_ops", [])
    conv_inputs = [g.op("Transpose", [_tensor_name(inputs[0])], name, perm=_TO_NCHW), g.const(weight, name)]
    activation = None
    if fused:
        if fused[0] != "BiasAdd" or _attr(node, "num_args", 1) != 1:
            raise ConversionError(f"{name}: fused ops {fused} not translated")
        conv_inputs.append(g.const(g.constant_value(inputs[2]), name))
        activation = fused[1] if len(fused) > 1 else None
        if len(fused) > 2 or activation not in (None, "Relu", "Relu6"):
            raise ConversionError(f"{name}: fused ops {fused} not translated")
    strides = _attr(node, "strides")[1:3]
    dilations = _attr(node, "dilations", [1, 1, 1, 1])[1:3]
    y = g.op("Conv", conv_inputs, name, strides=strides, dilations=dilations, group=group,
             kernel_shape=list(weight.shape[2:]), auto_pad="SAME_UPPER" if padding == "SAME" else "VALID")
    if activation == "Relu":
        y = g.op("Relu", [y], name)
    elif activation == "Relu6":
        y = g.op("Clip", [y, g.const(np.float32(0), name), g.const(np.float32(6), name)], name)
    g.add("Transpose", [y], [out], perm=_TO_NHWC)


def _strided_slice(g: _Graph, node: dict, out: str) -> None:
    """TensorFlow's sparse slice spec (begin/end masks, new axes, shrunk axes) as Slice, Squeeze and Unsqueeze."""
    name, inputs = node["name"], node["input"]
    begin, end, strides = (g.constant_value(i).tolist() for i in inputs[1:4])
    if _attr(node, "ellipsis_mask", 0):
        raise ConversionError(f"{name}: ellipsis_mask not translated")
    begin_mask, end_mask = _attr(node, "begin_mask", 0), _attr(node, "end_mask", 0)
    new_mask, shrink_mask = _attr(node, "new_axis_mask", 0), _attr(node, "shrink_axis_mask", 0)
    starts, ends, axes, steps, squeeze, unsqueeze = [], [], [], [], [], []
    in_dim = out_dim = 0
    for i, (b, e, s) in enumerate(zip(begin, end, strides)):
        bit = 1 << i
        if new_mask & bit:
            unsqueeze.append(out_dim)
            out_dim += 1
            continue
        if shrink_mask & bit:
            starts.append(b)
            ends.append(b + 1 if b != -1 else _INT64_MAX)
            steps.append(1)
            squeeze.append(in_dim)
        else:
            full_end = _INT64_MAX if s > 0 else -_INT64_MAX
            starts.append((0 if s > 0 else -1) if begin_mask & bit else b)
            ends.append(full_end if end_mask & bit else e)
            steps.append(s)
            out_dim += 1
        axes.append(in_dim)
        in_dim += 1
    y = g.op("Slice", [_tensor_name(inputs[0]), g.const(np.array(starts, np.int64), name),
                       g.const(np.array(ends, np.int64), name), g.const(np.array(axes, np.int64), name),
                       g.const(np.array(steps, np.int64), name)], name)
    if squeeze:
        y = g.op("Squeeze", [y, g.const(np.array(squeeze, np.int64), name)], name)
    if unsqueeze:
        y = g.op("Unsqueeze", [y, g.const(np.array(unsqueeze, np.int64), name)], name)
    g.add("Identity", [y], [out])


def _floor_div(g: _Graph, node: dict, out: str) -> None:
    """ONNX's integer Div truncates towards zero; TensorFlow's FloorDiv rounds down, so fix up mixed signs."""
    name = node["name"]
    a, b = (_tensor_name(i) for i in node["input"])
    if _attr(node, "T") == "DT_FLOAT":
        g.add("Floor", [g.op("Div", [a, b], name)], [out])
        return
    q = g.op("Div", [a, b], name)
    r = g.op("Sub", [a, g.op("Mul", [q, b], name)], name)
    zero = g.const(np.int32(0), name)
    inexact = g.op("Not", [g.op("Equal", [r, zero], name)], name)
    signs_differ = g.op("Xor", [g.op("Less", [r, zero], name), g.op("Less", [b, zero], name)], name)
    correction = g.op("Cast", [g.op("And", [inexact, signs_differ], name)], name, to=TensorProto.INT32)
    g.add("Sub", [q, correction], [out])


def _translate(g: _Graph, node: dict) -> None:
    op, name = node["op"], node["name"]
    inputs = [_tensor_name(i) for i in node.get("input", [])]
    out = name + ":0"
    int64 = lambda tensor: g.op("Cast", [tensor], name, to=TensorProto.INT64)  # noqa: E731
    if op in _ELEMENTWISE:
        g.add(_ELEMENTWISE[op], inputs, [out])
    elif op in ("_FusedConv2D", "Conv2D"):
        _conv(g, node, out, depthwise=False)
    elif op in ("FusedDepthwiseConv2dNative", "DepthwiseConv2dNative"):
        _conv(g, node, out, depthwise=True)
    elif op == "Relu6":
        g.add("Clip", [inputs[0], g.const(np.float32(0), name), g.const(np.float32(6), name)], [out])
    elif op == "Cast":
        g.add("Cast", inputs, [out], to=_TF_DTYPES[_attr(node, "DstT")])
    elif op == "SquaredDifference":
        d = g.op("Sub", inputs, name)
        g.add("Mul", [d, d], [out])
    elif op == "FloorDiv":
        _floor_div(g, node, out)
    elif op == "StridedSlice":
        _strided_slice(g, node, out)
    elif op in ("Shape", "Size"):
        g.add("Cast", [g.op(op, inputs, name)], [out], to=_TF_DTYPES[_attr(node, "out_type", "DT_INT32")])
    elif op == "Reshape":
        shape = g.constant_value(node["input"][1]) if node["input"][1].split(":")[0] in g.weights else None
        if shape is not None and 0 in shape.tolist():
            raise ConversionError(f"{name}: a zero in a reshape means 'copy' to ONNX, 'empty' to TensorFlow")
        g.add("Reshape", [inputs[0], int64(inputs[1])], [out])
    elif op == "Squeeze":
        g.add("Squeeze", [inputs[0], g.const(np.array(_attr(node, "squeeze_dims"), np.int64), name)], [out])
    elif op == "ExpandDims":
        g.add("Unsqueeze", [inputs[0], g.const(g.constant_value(node["input"][1]).astype(np.int64).reshape(1),
                                                name)], [out])
    elif op == "Pack":
        axis = _attr(node, "axis", 0)
        axes = g.const(np.array([axis], np.int64), name)
        g.add("Concat", [g.op("Unsqueeze", [i, axes], name) for i in inputs], [out], axis=axis)
    elif op == "Unpack":
        axis, count = _attr(node, "axis", 0), _attr(node, "num")
        parts = [g.fresh(name) for _ in range(count)]
        g.add("Split", inputs, parts, axis=axis)
        axes = g.const(np.array([axis], np.int64), name)
        for k, part in enumerate(parts):
            g.add("Squeeze", [part, axes], [f"{name}:{k}"])
    elif op == "Split":
        axis = int(g.constant_value(node["input"][0]))
        g.add("Split", [inputs[1]], [f"{name}:{k}" for k in range(_attr(node, "num_split"))], axis=axis)
    elif op == "ConcatV2":
        g.add("Concat", inputs[:-1], [out], axis=int(g.constant_value(node["input"][-1])))
    elif op == "Range":
        g.add("Range", inputs, [out])
    elif op == "Tile":
        g.add("Tile", [inputs[0], int64(inputs[1])], [out])
    elif op == "Fill":
        g.add("Expand", [inputs[1], int64(inputs[0])], [out])
    elif op in ("Max", "Sum"):
        axes = g.constant_value(node["input"][1]).astype(np.int64).reshape(-1)
        keep = int(_attr(node, "keep_dims", False))
        if op == "Max":
            g.add("ReduceMax", [inputs[0]], [out], axes=axes.tolist(), keepdims=keep)
        else:
            g.add("ReduceSum", [inputs[0], g.const(axes, name)], [out], keepdims=keep)
    elif op == "ArgMax":
        axis = int(g.constant_value(node["input"][1]))
        index = g.op("ArgMax", [inputs[0]], name, axis=axis, keepdims=0)
        g.add("Cast", [index], [out], to=_TF_DTYPES[_attr(node, "output_type", "DT_INT64")])
    elif op == "TopKV2":
        if not _attr(node, "sorted", True):
            raise ConversionError(f"{name}: unsorted TopK not translated")
        k = g.op("Reshape", [int64(inputs[1]), g.const(np.array([1], np.int64), name)], name)
        indices = g.fresh(name)
        g.add("TopK", [inputs[0], k], [f"{name}:0", indices], axis=-1, largest=1, sorted=1)
        g.add("Cast", [indices], [f"{name}:1"], to=TensorProto.INT32)
    elif op == "GatherNd":
        g.add("GatherND", [inputs[0], int64(inputs[1])], [out])
    elif op == "MaxPool":
        if _attr(node, "data_format", "NHWC") != "NHWC":
            raise ConversionError(f"{name}: only NHWC pooling is translated")
        x = g.op("Transpose", [inputs[0]], name, perm=_TO_NCHW)
        y = g.op("MaxPool", [x], name, kernel_shape=_attr(node, "ksize")[1:3], strides=_attr(node, "strides")[1:3],
                 auto_pad="SAME_UPPER" if _attr(node, "padding") == "SAME" else "VALID")
        g.add("Transpose", [y], [out], perm=_TO_NHWC)
    elif op == "ResizeBilinear":
        if _attr(node, "align_corners", False):
            mode = "align_corners"
        elif _attr(node, "half_pixel_centers", False):
            mode = "half_pixel"
        else:
            mode = "asymmetric"
        x = g.op("Transpose", [inputs[0]], name, perm=_TO_NCHW)
        batch_channels = g.op("Slice", [g.op("Shape", [x], name), g.const(np.array([0], np.int64), name),
                                        g.const(np.array([2], np.int64), name)], name)
        sizes = g.op("Concat", [batch_channels, int64(inputs[1])], name, axis=0)
        y = g.op("Resize", [x, "", "", sizes], name, mode="linear", coordinate_transformation_mode=mode)
        g.add("Transpose", [y], [out], perm=_TO_NHWC)
    else:
        raise ConversionError(f"node {name}: op {op} has no translation")


def convert(model_json: Path, input_name: str = "input", output_name: str = "output") -> onnx.ModelProto:
    """The ONNX twin of a graph model: its single input and output keep their dtypes; dims stay as declared."""
    manifest = json.loads(Path(model_json).read_text())
    if manifest.get("format") != "graph-model":
        raise ConversionError(f"{model_json}: not a TensorFlow.js graph model")
    weights = load_weights(manifest, Path(model_json).parent)
    g = _Graph(weights)
    placeholders, outputs = [], manifest["signature"]["outputs"]
    for node in manifest["modelTopology"]["node"]:
        if node["op"] == "Const":
            if node["name"] not in weights:
                raise ConversionError(f"constant {node['name']} has no weights")
            g.initializers[node["name"] + ":0"] = numpy_helper.from_array(weights[node["name"]], node["name"] + ":0")
        elif node["op"] == "Placeholder":
            placeholders.append(node)
        else:
            _translate(g, node)
    if len(placeholders) != 1 or len(outputs) != 1:
        raise ConversionError("only single-input, single-output graphs are translated")
    placeholder = placeholders[0]
    dims = [int(d["size"]) for d in _attr_shape(placeholder)]
    in_dims = [d if d >= 0 else ("height", "width")[i - 1] if i in (1, 2) else f"d{i}" for i, d in enumerate(dims)]
    (out_spec,) = outputs.values()
    out_dims = [int(d["size"]) for d in out_spec["tensorShape"]["dim"]]
    g.nodes.insert(0, helper.make_node("Identity", [input_name], [placeholder["name"] + ":0"]))
    g.add("Identity", [_tensor_name(out_spec["name"].split(":")[0])], [output_name])
    # Constants read at conversion time (kernels re-laid out, slice bounds, axes) are not graph inputs any more.
    used = {name for node in g.nodes for name in node.input}
    initializers = [tensor for name, tensor in g.initializers.items() if name in used]
    graph = helper.make_graph(
        g.nodes, Path(model_json).stem,
        [helper.make_tensor_value_info(input_name, _TF_DTYPES[_attr(placeholder, "dtype")], in_dims)],
        [helper.make_tensor_value_info(output_name, _TF_DTYPES[out_spec["dtype"]], out_dims)],
        initializer=initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="actionwatch_model.tfjs_onnx")
    model.ir_version = 8  # ONNX Runtime 1.23 reads up to 10; 8 is what opset 13 needs and older runtimes accept
    onnx.checker.check_model(model)
    return model


def _attr_shape(node: dict) -> list:
    return node["attr"]["shape"]["shape"]["dim"]


def sha256(path: Path) -> str:
    return "sha256:" + hashlib.sha256(Path(path).read_bytes()).hexdigest()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model_json", type=Path, help="the graph model's model.json (weights beside it)")
    parser.add_argument("out", type=Path, help="the ONNX file to write")
    parser.add_argument("--input-name", default="input")
    parser.add_argument("--output-name", default="output")
    args = parser.parse_args(argv)
    model = convert(args.model_json, args.input_name, args.output_name)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(args.out))
    print(f"{args.out}: {len(model.graph.node)} nodes, {sha256(args.out)}")


if __name__ == "__main__":
    main()
