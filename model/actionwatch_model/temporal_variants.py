"""Export the same adapter model with each temporal-conv formulation (and the no-adapter model) for timing in
ONNX Runtime, and time them in PyTorch here.

    /usr/bin/python3 -m actionwatch_model.temporal_variants --out /tmp/variants

The ONNX files share weights bit for bit; only the graph around the temporal convolution differs. The numbers in
model/README.md were taken with ONNX Runtime Java 1.23.2 (2 intra-op threads) on these files.
"""
import argparse
import time
from pathlib import Path

import torch

from .export import export_onnx
from .recognizer import ClipRecognizer, RecognizerConfig
from .st_adapter import TEMPORAL_IMPLS, TemporalDepthwiseConv, set_temporal_impl


def main(argv=None) -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--arch", default="xxs")
    p.add_argument("--size", type=int, default=128)
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--runs", type=int, default=5)
    a = p.parse_args(argv)
    torch.manual_seed(0)
    torch.set_num_threads(2)
    a.out.mkdir(parents=True, exist_ok=True)
    model = ClipRecognizer(RecognizerConfig(arch=a.arch, size=a.size)).eval()
    for m in model.modules():
        if isinstance(m, TemporalDepthwiseConv):
            torch.nn.init.normal_(m.weight, std=0.1)       # non-zero so no graph optimiser can drop the branch
    x = torch.randn(a.batch, 8, 3, a.size, a.size)
    plain = ClipRecognizer(RecognizerConfig(arch=a.arch, size=a.size, adapters=False)).eval()
    export_onnx(plain, a.out / "no-adapters.onnx")
    with torch.no_grad():
        ref = None
        for impl in TEMPORAL_IMPLS:
            set_temporal_impl(model, impl)
            export_onnx(model, a.out / f"adapters-{impl}.onnx")
            y = model(x)
            ref = y if ref is None else ref
            t0 = time.perf_counter()
            for _ in range(a.runs):
                model(x)
            ms = (time.perf_counter() - t0) * 1000 / a.runs / a.batch
            print(f"impl={impl} torch_ms_per_clip={ms:.1f} max_diff_vs_2d={float((y - ref).abs().max()):.2e}")


if __name__ == "__main__":
    main()
