"""Adapter training on real video (Kinetics-style CSVs, see ``data.RealVideoDataset``), streamed through a
DataLoader, for GPU hosts. The backbone comes from real ImageNet weights (``--pretrained``, see ``pretrained.py``),
is frozen, and ST-Adapters + head train on clips; ``--no-adapters`` trains the ablation (head only).

    python -m actionwatch_model.train_real --train-csv k400/train.csv --val-csv k400/val.csv --root k400/videos \\
        --arch s --size 256 --frames 8 --frame-step 4 --pretrained imagenet-s.pt --device cuda --workers 8 \\
        --epochs 12 --batch 32 --out runs/k400-s --export runs/k400-s/model
"""
import argparse
import json
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

from .data import RealVideoDataset, normalize
from .pretrained import load_pretrained_backbone
from .recognizer import ClipRecognizer, RecognizerConfig, parameter_counts
from .train import augment, log, lr_at, metrics, save_checkpoint, seed_everything


def evaluate(model, loader, device, labels) -> dict:
    model.eval()
    logits, ys = [], []
    with torch.no_grad():
        for u8, y in loader:
            logits.append(model(normalize(u8).to(device)).float().cpu())
            ys.append(y)
    return metrics(torch.cat(logits), torch.cat(ys), labels)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--train-csv", type=Path, required=True)
    p.add_argument("--val-csv", type=Path, required=True)
    p.add_argument("--root", type=Path, required=True)
    p.add_argument("--labels", type=Path, help="one label per line (default: sorted labels of the training CSV)")
    p.add_argument("--arch", default="s", choices=["xxs", "xs", "s"])
    p.add_argument("--size", type=int, default=256)
    p.add_argument("--frames", type=int, default=8)
    p.add_argument("--frame-step", type=int, default=4)
    p.add_argument("--clip-stride", type=int, default=8)
    p.add_argument("--pretrained", type=Path)
    p.add_argument("--no-adapters", action="store_true")
    p.add_argument("--adapter-ratio", type=float, default=0.5)
    p.add_argument("--adapter-sites", default="all")
    p.add_argument("--epochs", type=int, default=12)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--wd", type=float, default=1e-4)
    p.add_argument("--workers", type=int, default=8)
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, default=Path("runs/real"))
    p.add_argument("--export", type=Path)
    p.add_argument("--version", default="0.1.0")
    a = p.parse_args(argv)
    seed_everything(a.seed)
    a.out.mkdir(parents=True, exist_ok=True)
    labels = a.labels.read_text().split() if a.labels else None
    train_ds = RealVideoDataset(a.train_csv, a.root, a.frames, a.frame_step, a.size, labels, train=True)
    labels = train_ds.labels
    val_ds = RealVideoDataset(a.val_csv, a.root, a.frames, a.frame_step, a.size, labels, train=False)
    gen = torch.Generator().manual_seed(a.seed)
    train_dl = torch.utils.data.DataLoader(train_ds, a.batch, shuffle=True, num_workers=a.workers, drop_last=True,
                                           generator=gen, persistent_workers=a.workers > 0)
    val_dl = torch.utils.data.DataLoader(val_ds, a.batch, num_workers=a.workers)

    cfg = RecognizerConfig(arch=a.arch, num_classes=len(labels), frames=a.frames, size=a.size,
                           adapters=not a.no_adapters, adapter_ratio=a.adapter_ratio, adapter_sites=a.adapter_sites)
    model = ClipRecognizer(cfg)
    if a.pretrained:
        load_pretrained_backbone(model.backbone, a.pretrained)
    model.freeze_backbone()
    model.to(a.device)
    log("model", **parameter_counts(model))
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=a.lr, weight_decay=a.wd)
    total = a.epochs * len(train_dl)
    step, t0 = 0, time.time()
    use_amp = a.device.startswith("cuda")
    scaler = torch.cuda.amp.GradScaler(enabled=use_amp)
    for epoch in range(a.epochs):
        model.train()
        for u8, y in train_dl:
            for g in opt.param_groups:
                g["lr"] = lr_at(step, total, a.lr, max(1, total // 20))
            x, _ = augment(u8, gen, shift=a.size // 20, jitter=0.1, flip=False)   # flips can change real labels
            x, y = x.to(a.device, non_blocking=True), y.to(a.device, non_blocking=True)
            with torch.autocast(device_type="cuda", enabled=use_amp):
                loss = F.cross_entropy(model(x), y, label_smoothing=0.1)
            opt.zero_grad(set_to_none=True)
            scaler.scale(loss).backward()
            scaler.step(opt)
            scaler.update()
            step += 1
            if step % 50 == 0:
                log("train", epoch=epoch, step=step, loss=f"{float(loss):.3f}",
                    clips_per_s=f"{step * a.batch / (time.time() - t0):.1f}")
        ev = evaluate(model, val_dl, a.device, labels)
        log("val", epoch=epoch, top1=ev["top1"])
    model.to("cpu")
    evaluation = {"split": str(a.val_csv), ("withAdapters" if cfg.adapters else "withoutAdapters"): ev}
    training = {"command": "python -m actionwatch_model.train_real " + " ".join(sys.argv[1:]), "seed": a.seed,
                "dataset": {"trainCsv": str(a.train_csv), "valCsv": str(a.val_csv)},
                "recipe": {"epochs": a.epochs, "batch": a.batch, "lr": a.lr, "pretrained": str(a.pretrained)}}
    save_checkpoint(a.out / "model.pt", model, training=training, evaluation=evaluation, version=a.version)
    (a.out / "metrics.json").write_text(json.dumps(evaluation, indent=2))
    if a.export:
        from .export import export_reference
        export_reference(model, a.export, a.version, training, evaluation, labels=labels,
                         frame_step=a.frame_step, clip_stride=a.clip_stride)
    return 0


if __name__ == "__main__":
    sys.exit(main())
