"""ONNX export (opset 17, dynamic batch, input ``clip``, output ``logits``), golden pair and model card.

    /usr/bin/python3 -m actionwatch_model.export --checkpoint runs/ref/adapter.pt --out reference
    /usr/bin/python3 -m actionwatch_model.export --untrained --out reference      # valid placeholder

golden.json (read by inference-stream's parity test)::

    {"input":  {"name": "clip", "layout": "NTCHW", "shape": [N, T, 3, H, W], "data": [... N*T*3*H*W float32, C order]},
     "output": {"name": "logits", "shape": [N, K], "data": [...]},
     "labels": [...], "expectedTop1": [...], "atol": 1e-4}

The output is PyTorch's on the same input; the Java test runs ONNX Runtime and compares within ``atol``.
"""
import argparse
import json
import sys
from pathlib import Path
from typing import Optional

import numpy as np
import onnx
import torch

from . import LABELS
from .card import CLIP_STRIDE, FRAME_STEP, build_card, write_card
from .macs import count_macs
from .recognizer import ClipRecognizer, RecognizerConfig, parameter_counts

OPSET = 17
GOLDEN_ATOL = 1e-4


def export_onnx(model: ClipRecognizer, path: Path, batch: int = 1) -> None:
    cfg = model.config
    model.to(memory_format=torch.contiguous_format)
    model.eval()
    dummy = torch.zeros(batch, cfg.frames, 3, cfg.size, cfg.size)
    with torch.no_grad():
        torch.onnx.export(
            model, (dummy,), str(path), opset_version=OPSET, input_names=["clip"], output_names=["logits"],
            dynamic_axes={"clip": {0: "batch"}, "logits": {0: "batch"}}, do_constant_folding=True)


def check_onnx(path: Path, config: RecognizerConfig) -> dict:
    """Structural checks that need no runtime: checker, names, dynamic batch, static T/C/H/W, output width."""
    m = onnx.load(str(path))
    onnx.checker.check_model(m)
    inputs = [i for i in m.graph.input if i.name not in {init.name for init in m.graph.initializer}]
    if [i.name for i in inputs] != ["clip"] or [o.name for o in m.graph.output] != ["logits"]:
        raise AssertionError(f"graph io is {[i.name for i in inputs]} -> {[o.name for o in m.graph.output]}")
    in_dims = inputs[0].type.tensor_type.shape.dim
    out_dims = m.graph.output[0].type.tensor_type.shape.dim
    if not in_dims[0].dim_param or not out_dims[0].dim_param:
        raise AssertionError("batch axis is not dynamic")
    static = [d.dim_value for d in in_dims[1:]]
    if static != [config.frames, 3, config.size, config.size]:
        raise AssertionError(f"input dims {static}")
    if out_dims[1].dim_value != config.num_classes:
        raise AssertionError(f"output width {out_dims[1].dim_value}")
    return {"opset": m.opset_import[0].version, "nodes": len(m.graph.node), "bytes": path.stat().st_size}


def onnxruntime_diff(path: Path, clip: np.ndarray, expected: np.ndarray) -> Optional[float]:
    """Max |ORT - PyTorch| when onnxruntime is importable (GPU hosts); None here, where the Java test checks it."""
    try:
        import onnxruntime as ort  # noqa: F401  (optional)
    except ImportError:
        return None
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    out = sess.run(["logits"], {"clip": clip})[0]
    return float(np.abs(out - expected).max())


def _float32_list(a: np.ndarray) -> list:
    # float32's shortest round-trip decimal (str of np.float32) keeps the file small and still exact in float32.
    return [float(str(v)) for v in a.astype(np.float32).reshape(-1)]


def write_golden(model: ClipRecognizer, clip: torch.Tensor, path: Path, labels=LABELS) -> np.ndarray:
    model.eval()
    with torch.no_grad():
        logits = model(clip).numpy().astype(np.float32)
    data = clip.numpy().astype(np.float32)
    golden = {
        "input": {"name": "clip", "layout": "NTCHW", "shape": list(data.shape),
                  "data": _float32_list(data)},
        "output": {"name": "logits", "shape": list(logits.shape), "data": _float32_list(logits)},
        "labels": list(labels),
        "expectedTop1": [labels[i] for i in logits.argmax(axis=1)],
        "atol": GOLDEN_ATOL,
    }
    path.write_text(json.dumps(golden, separators=(",", ":")))
    return logits


def golden_clip(config: RecognizerConfig, seed: int = 1234) -> torch.Tensor:
    """A deterministic stand-in clip: smooth moving blobs quantised like real 8-bit pixels, then normalised."""
    g = torch.Generator().manual_seed(seed)
    t, s = config.frames, config.size
    yy, xx = torch.meshgrid(torch.arange(s, dtype=torch.float32), torch.arange(s, dtype=torch.float32), indexing="ij")
    frames = []
    base = torch.rand(3, 1, 1, generator=g)
    for i in range(t):
        cx, cy = s * (0.3 + 0.05 * i), s * 0.5
        blob = torch.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * (s / 8) ** 2))
        frames.append(base * 0.5 + blob.unsqueeze(0) * 0.5)
    pix = torch.round(torch.stack(frames).clamp(0, 1) * 255.0) / 255.0
    return ((pix - 0.5) / 0.5).unsqueeze(0)


def export_reference(model: ClipRecognizer, out_dir: Path, version: str, training: dict, evaluation: dict,
                     onnx_name: str = "model.onnx", card_name: str = "model-card.json",
                     golden_name: Optional[str] = "golden.json", golden_input: Optional[torch.Tensor] = None,
                     labels=LABELS, frame_step: int = FRAME_STEP, clip_stride: int = CLIP_STRIDE,
                     mode: Optional[dict] = None) -> dict:
    out_dir.mkdir(parents=True, exist_ok=True)
    cfg = model.config
    model.eval()
    onnx_path = out_dir / onnx_name
    export_onnx(model, onnx_path)
    info = check_onnx(onnx_path, cfg)
    params = parameter_counts(model)
    gmacs = count_macs(model, torch.zeros(1, cfg.frames, 3, cfg.size, cfg.size)) / 1e9
    card = build_card(cfg, params, gmacs, version, training, evaluation, onnx_file=onnx_name, labels=labels,
                      frame_step=frame_step, clip_stride=clip_stride, mode=mode)
    write_card(card, out_dir / card_name)
    report = {"onnx": str(onnx_path), **info, "parameters": params, "gmacsPerClip": round(gmacs, 4)}
    if golden_name:
        clip = golden_input if golden_input is not None else golden_clip(cfg)
        expected = write_golden(model, clip, out_dir / golden_name, labels)
        diff = onnxruntime_diff(onnx_path, clip.numpy(), expected)
        report["ortMaxAbsDiff"] = diff if diff is not None else "onnxruntime not installed; checked by the Java parity test"
    print(json.dumps(report, indent=2))
    return report


def load_checkpoint(path: Path) -> ClipRecognizer:
    ckpt = torch.load(str(path), map_location="cpu")
    model = ClipRecognizer(RecognizerConfig(**ckpt["config"]))
    model.load_state_dict(ckpt["state_dict"])
    if ckpt.get("frozen_backbone"):
        model.freeze_backbone()
    return model


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", type=Path, help="checkpoint written by actionwatch_model.train")
    p.add_argument("--untrained", action="store_true", help="export randomly initialised weights (placeholder)")
    p.add_argument("--arch", default="xxs")
    p.add_argument("--size", type=int, default=128)
    p.add_argument("--frames", type=int, default=8)
    p.add_argument("--no-adapters", action="store_true")
    p.add_argument("--out", type=Path, default=Path("reference"))
    p.add_argument("--onnx-name", default="model.onnx")
    p.add_argument("--card-name", default="model-card.json")
    p.add_argument("--golden-name", default="golden.json")
    p.add_argument("--version", default=None)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args(argv)
    torch.manual_seed(a.seed)
    if a.checkpoint:
        ckpt = torch.load(str(a.checkpoint), map_location="cpu")
        model = load_checkpoint(a.checkpoint)
        training, evaluation = ckpt.get("training", {}), ckpt.get("evaluation", {})
        version = a.version or ckpt.get("version", "0.1.0")
    elif a.untrained:
        model = ClipRecognizer(RecognizerConfig(arch=a.arch, size=a.size, frames=a.frames, adapters=not a.no_adapters))
        model.freeze_backbone()
        training, evaluation = {"status": "untrained placeholder", "seed": a.seed}, {}
        version = a.version or "0.0.1-untrained"
    else:
        p.error("give --checkpoint or --untrained")
        return 2
    export_reference(model, a.out, version, training, evaluation, a.onnx_name, a.card_name, a.golden_name or None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
