"""Evaluate checkpoints (adapters and/or baseline) on a split of a rendered data set, e.g. clips from seeds never used
in training:

    java -cp ... IngestCli dataset --out /tmp/fresh --clips-per-class 60 --splits test --seed 7 ...
    /usr/bin/python3 -m actionwatch_model.evaluate --data /tmp/fresh --split test \\
        --checkpoint runs/ref/adapter.pt --checkpoint runs/ref/baseline.pt
"""
import argparse
import json
import sys
from pathlib import Path

import torch

from . import LABELS
from .data import dataset_hash, load_synthetic_split
from .export import load_checkpoint
from .train import metrics, predict


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, required=True)
    p.add_argument("--split", default="test")
    p.add_argument("--checkpoint", type=Path, action="append", required=True)
    p.add_argument("--frame-step", type=int, default=1, help="stored frames between sampled frames")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--out", type=Path, help="write the metrics as JSON here")
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    results = {"data": str(a.data), "hash": dataset_hash(a.data), "split": a.split, "models": {}}
    for ckpt in a.checkpoint:
        model = load_checkpoint(ckpt)
        data = load_synthetic_split(a.data, a.split, model.config.size, LABELS)
        m = metrics(predict(model, data, model.config.frames, a.frame_step), data.labels, LABELS)
        results["models"][str(ckpt)] = m
        print(f"{ckpt}: clips={m['clips']} top1={m['top1']} reversedPairs={m['reversedPairs']['top1']} "
              f"perClass={json.dumps(m['perClass'])}", flush=True)
    if a.out:
        a.out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
