"""Parameter-efficient training of the reference model (one command, deterministic for a seed).

    /usr/bin/python3 -m actionwatch_model.train --data DIR --out runs/ref --export reference

Stage 1  image backbone on single frames with the renderer's per-frame targets (action label, posture, phase):
         stands in for ImageNet pretraining, which cannot be downloaded here (``--pretrained`` loads real weights
         and ``--stage1-steps 0`` skips this stage).
Baseline the ablation: frozen backbone, temporal average pooling, trained linear head, no adapters.
Stage 2  frozen backbone + ST-Adapters; adapters and head train on clips. The head starts from the baseline's head,
         and zero-initialised adapters start as the identity, so stage 2 starts exactly at the baseline.
Both are evaluated on the held-out test split (top-1, per class, confusion matrix, time-reversed pairs) and, with
``--export``, written as model.onnx / baseline.onnx / model-card.json / golden.json.
``--teacher CKPT`` adds a soft-label distillation loss from a (larger) clip model checkpoint.
``--smoke`` shrinks everything to seconds (CI).
"""
import argparse
import json
import math
import os
import random
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from . import LABELS, REVERSED_PAIRS
from .data import ClipSet, dataset_frame_step, dataset_hash, load_synthetic_split, normalize
from .recognizer import ClipRecognizer, RecognizerConfig, parameter_counts
from .pretrained import load_pretrained_backbone
from .st_adapter import adapter_modules

# Horizontal flips mirror the direction of walking; other actions are symmetric.
FLIP_SWAP = {"walking_left": "walking_right", "walking_right": "walking_left"}


def log(msg: str, **kv) -> None:
    fields = " ".join(f"{k}={v}" for k, v in kv.items())
    print(f"[{time.strftime('%H:%M:%S')}] {msg} {fields}".rstrip(), flush=True)


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def lr_at(step: int, total: int, base: float, warmup: int, floor: float = 0.0) -> float:
    if step < warmup:
        return base * (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return floor + (base - floor) * 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))


def flip_index(labels: Sequence[str]) -> torch.Tensor:
    idx = {n: i for i, n in enumerate(labels)}
    return torch.tensor([idx.get(FLIP_SWAP.get(n, n), i) for i, n in enumerate(labels)], dtype=torch.long)


def augment(u8: torch.Tensor, gen: torch.Generator, shift: int, jitter: float, flip: bool,
            swap_sides: bool = False):
    """uint8 [B, ..., 3, S, S] -> normalised float, one random shift / flip / brightness per sample (so every frame
    of a clip gets the same one); returns (x, flipped[B]). ``swap_sides``: the picture's R and G channels are the
    body's left and right (skeleton input), and a mirror image of a person swaps them."""
    x = normalize(u8)
    b, s = x.shape[0], x.shape[-1]
    flipped = torch.zeros(b, dtype=torch.bool)
    if flip:
        flipped = torch.rand(b, generator=gen) < 0.5
        mirrored = x[flipped].flip(-1)
        if swap_sides:
            mirrored = mirrored[..., [1, 0, 2], :, :]
        x[flipped] = mirrored
    if shift > 0:
        lead = x.shape[1:-3]
        flat = x.reshape(b, -1, s, s)
        padded = F.pad(flat, (shift, shift, shift, shift), mode="replicate")
        offs = torch.randint(0, 2 * shift + 1, (b, 2), generator=gen)
        flat = torch.stack([padded[i, :, oy:oy + s, ox:ox + s] for i, (oy, ox) in enumerate(offs.tolist())])
        x = flat.reshape(b, *lead, 3, s, s)
    if jitter > 0:
        view = (b,) + (1,) * (x.dim() - 1)
        gain = 1 + (torch.rand(view, generator=gen) * 2 - 1) * jitter
        bias = (torch.rand(view, generator=gen) * 2 - 1) * jitter
        x = x * gain + bias
    return x, flipped


def skeleton_input(args) -> bool:
    return getattr(args, "input", "frames") == "skeleton"


# ----------------------------------------------------------------------------------------------------------- stage 1

class FrameModel(nn.Module):
    """Backbone + one head per frame target (classification for categorical, regression for numeric)."""

    def __init__(self, backbone: nn.Module, targets: Dict[str, int]):
        super().__init__()
        self.backbone = backbone
        self.heads = nn.ModuleDict({k: nn.Linear(backbone.feature_dim, max(1, n)) for k, n in targets.items()})

    def forward(self, x):
        f = self.backbone(x)
        return {k: h(f) for k, h in self.heads.items()}


def frame_targets(train: ClipSet, wanted: Sequence[str]) -> Dict[str, int]:
    """Target name -> number of classes (0 = numeric regression). Falls back to the clip label on every frame."""
    out = {}
    for name in wanted:
        if name in train.frame_targets:
            t = train.frame_targets[name]
            out[name] = len(train.frame_target_classes[name]) if t.dtype == torch.long else 0
    if not out:
        out["label"] = int(train.labels.max()) + 1
    return out


def frame_target_tensor(train: ClipSet, name: str) -> torch.Tensor:
    if name in train.frame_targets:
        return train.frame_targets[name]
    return train.labels.view(-1, 1).expand(-1, train.frames_per_clip)


def stage1(backbone: nn.Module, train: ClipSet, val: Optional[ClipSet], args, labels) -> dict:
    targets = frame_targets(train, args.frame_targets.split(","))
    model = FrameModel(backbone, targets)
    if args.channels_last:
        model.to(memory_format=torch.channels_last)
    gen = torch.Generator().manual_seed(args.seed + 1)
    opt = torch.optim.AdamW(model.parameters(), lr=args.stage1_lr, weight_decay=args.stage1_wd)
    n_clips, n_frames = len(train), train.frames_per_clip
    frames = train.frames.view(-1, 3, train.frames.shape[-2], train.frames.shape[-1])
    tgt = {k: frame_target_tensor(train, k).reshape(-1) for k in targets}
    swap = flip_index(train.frame_target_classes.get("label", labels))
    warmup = max(1, int(args.stage1_steps * 0.05))
    log("stage1 start", steps=args.stage1_steps, batch=args.stage1_batch, targets=targets)
    model.train()
    t0, seen, running = time.time(), 0, {}
    for step in range(args.stage1_steps):
        for g in opt.param_groups:
            g["lr"] = lr_at(step, args.stage1_steps, args.stage1_lr, warmup)
        idx = torch.randint(0, n_clips * n_frames, (args.stage1_batch,), generator=gen)
        x, flipped = augment(frames[idx], gen, args.shift, args.jitter, args.flip, skeleton_input(args))
        out = model(x)
        loss = 0.0
        for k, n in targets.items():
            y = tgt[k][idx]
            if n == 0:
                ok = ~torch.isnan(y)
                if ok.any():
                    loss = loss + F.smooth_l1_loss(out[k][ok, 0], y[ok], beta=0.1)
            else:
                if k == "label":
                    y = torch.where(flipped, swap[y.clamp(min=0)], y)
                ok = y >= 0
                loss = loss + F.cross_entropy(out[k][ok], y[ok], label_smoothing=0.1)
                running[k] = running.get(k, 0.0) * 0.98 + 0.02 * float((out[k][ok].argmax(1) == y[ok]).float().mean())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        seen += args.stage1_batch
        if (step + 1) % args.log_every == 0 or step + 1 == args.stage1_steps:
            log("stage1", step=step + 1, loss=f"{float(loss):.3f}", lr=f"{opt.param_groups[0]['lr']:.2e}",
                img_per_s=f"{seen / (time.time() - t0):.1f}",
                **{f"acc_{k}": f"{v:.3f}" for k, v in running.items()})
    result = {"steps": args.stage1_steps, "batch": args.stage1_batch, "lr": args.stage1_lr,
              "weightDecay": args.stage1_wd, "targets": sorted(targets), "seconds": round(time.time() - t0, 1)}
    if val is not None and args.stage1_steps > 0:
        result["valFrameAccuracy"] = frame_accuracy(model, val, targets)
        log("stage1 val", **{k: f"{v:.3f}" for k, v in result["valFrameAccuracy"].items()})
    return result


@torch.no_grad()
def frame_accuracy(model: FrameModel, data: ClipSet, targets: Dict[str, int], limit: int = 2048) -> dict:
    model.eval()
    frames = data.frames.view(-1, 3, data.frames.shape[-2], data.frames.shape[-1])
    idx = torch.arange(0, frames.shape[0], max(1, frames.shape[0] // limit))
    outs = {k: [] for k in targets}
    for chunk in idx.split(128):
        o = model(normalize(frames[chunk]))
        for k in targets:
            outs[k].append(o[k])
    acc = {}
    for k, n in targets.items():
        y = frame_target_tensor(data, k).reshape(-1)[idx]
        o = torch.cat(outs[k])
        if n == 0:
            ok = ~torch.isnan(y)
            acc[f"{k}_mae"] = round(float((o[ok, 0] - y[ok]).abs().mean()), 4)
        else:
            ok = y >= 0
            acc[k] = round(float((o[ok].argmax(1) == y[ok]).float().mean()), 4)
    model.train()
    return acc


# ------------------------------------------------------------------------------------------------------ clip stages

def prior_cycles(spec: str, size: int) -> List[dict]:
    """``800@64,1000`` -> [{steps: 800, size: 64}, {steps: 1000, size: size}]."""
    cycles = []
    for entry in filter(None, (e.strip() for e in spec.split(","))):
        steps, _, at = entry.partition("@")
        cycles.append({"steps": int(steps), "size": int(at) if at else size})
    return cycles


def clip_span(frames: int, step: int) -> int:
    return (frames - 1) * step + 1


def clip_indices(start: int, frames: int, step: int) -> List[int]:
    return [start + i * step for i in range(frames)]


def clip_starts(data: ClipSet, n: int, frames: int, step: int, gen: Optional[torch.Generator]) -> torch.Tensor:
    """A random start per clip (training) when the stored clip is longer than the span, else 0 (evaluation)."""
    span = clip_span(frames, step)
    room = data.frames_per_clip - span
    if room < 0:
        raise ValueError(f"stored clips have {data.frames_per_clip} frames; T={frames} step={step} needs {span}")
    if gen is None or room == 0:
        return torch.zeros(n, dtype=torch.long)
    return torch.randint(0, room + 1, (n,), generator=gen)


def gather(per_frame: torch.Tensor, idx: torch.Tensor, starts: torch.Tensor, frames: int, step: int):
    """[clips, stored frames, ...] -> [B, T, ...] (pixels or cached prefix features)."""
    offs = starts.view(-1, 1) + torch.arange(frames).view(1, -1) * step
    return per_frame[idx.view(-1, 1), offs]


def sample_clips(data: ClipSet, idx: torch.Tensor, frames: int, step: int, gen: Optional[torch.Generator]):
    """uint8 [B, T, 3, S, S]."""
    return gather(data.frames, idx, clip_starts(data, len(idx), frames, step, gen), frames, step)


@torch.no_grad()
def prefix_cache(model: ClipRecognizer, data: ClipSet, batch: int = 8) -> torch.Tensor:
    """float16 [clips, stored frames, C, S/8, S/8]: outputs of the frozen layers before the first adapter site.
    Exact for every model sharing these frozen weights (BatchNorm in eval mode); built once per split."""
    model.eval()
    t0 = time.time()
    out = [model.prefix_features(normalize(data.frames[chunk])).half() for chunk in torch.arange(len(data)).split(batch)]
    cache = torch.cat(out)
    log("prefix cache", clips=len(data), shape=list(cache.shape), mb=cache.numel() * 2 >> 20,
        seconds=f"{time.time() - t0:.1f}")
    return cache


@torch.no_grad()
def predict(model: ClipRecognizer, data: ClipSet, frames: int, step: int, batch: int = 16,
            cache: Optional[torch.Tensor] = None) -> torch.Tensor:
    model.eval()
    outs = []
    for chunk in torch.arange(len(data)).split(batch):
        starts = clip_starts(data, len(chunk), frames, step, None)
        if cache is not None:
            outs.append(model.forward_from_prefix(gather(cache, chunk, starts, frames, step).float()))
        else:
            outs.append(model(normalize(gather(data.frames, chunk, starts, frames, step))))
    return torch.cat(outs)


def metrics(logits: torch.Tensor, y: torch.Tensor, labels: Sequence[str]) -> dict:
    pred = logits.argmax(1)
    k = len(labels)
    conf = torch.zeros(k, k, dtype=torch.long)
    for t, p in zip(y.tolist(), pred.tolist()):
        conf[t, p] += 1
    per_class = {}
    for i, name in enumerate(labels):
        n = int(conf[i].sum())
        per_class[name] = round(float(conf[i, i]) / n, 4) if n else None
    pairs, pair_correct, pair_total = {}, 0, 0
    idx = {n: i for i, n in enumerate(labels)}
    for a, b in REVERSED_PAIRS:
        if a not in idx or b not in idx:
            continue
        ia, ib = idx[a], idx[b]
        mask = (y == ia) | (y == ib)
        n = int(mask.sum())
        if n == 0:
            continue
        correct = int((pred[mask] == y[mask]).sum())
        within = torch.where(logits[mask][:, ia] >= logits[mask][:, ib], ia, ib)
        pairs[f"{a}/{b}"] = {"top1": round(correct / n, 4),
                             "twoWay": round(float((within == y[mask]).float().mean()), 4), "clips": n}
        pair_correct += correct
        pair_total += n
    return {
        "clips": int(len(y)),
        "top1": round(float((pred == y).float().mean()), 4),
        "perClass": per_class,
        "confusion": {"rows": "true label", "cols": "predicted label", "matrix": conf.tolist()},
        "reversedPairs": {"top1": round(pair_correct / pair_total, 4) if pair_total else None, "pairs": pairs},
    }


@torch.no_grad()
def pooled_features(model: ClipRecognizer, data: ClipSet, frames: int, step: int, starts: Sequence[int],
                    cache: Optional[torch.Tensor] = None):
    model.eval()
    feats, ys = [], []
    span = clip_span(frames, step)
    for start in starts:
        if start + span > data.frames_per_clip:
            continue
        for chunk in torch.arange(len(data)).split(16):
            st = torch.full((len(chunk),), start, dtype=torch.long)
            if cache is not None:
                feats.append(model.pooled_from_prefix(gather(cache, chunk, st, frames, step).float()))
            else:
                feats.append(model.clip_features(normalize(gather(data.frames, chunk, st, frames, step))))
            ys.append(data.labels[chunk])
    return torch.cat(feats), torch.cat(ys)


def train_baseline(model: ClipRecognizer, train: ClipSet, args, cache: Optional[torch.Tensor] = None) -> dict:
    """Linear head on frozen, temporally pooled features (cached once: the backbone is frozen and has no adapters)."""
    t0 = time.time()
    room = train.frames_per_clip - clip_span(args.frames, args.frame_step)
    starts = sorted(set(range(0, room + 1, max(1, args.frame_step))))[: args.baseline_offsets]
    x, y = pooled_features(model, train, args.frames, args.frame_step, starts, cache)
    gen = torch.Generator().manual_seed(args.seed + 3)
    opt = torch.optim.AdamW(model.head.parameters(), lr=args.baseline_lr, weight_decay=1e-4)
    steps = args.baseline_steps
    for step in range(steps):
        for g in opt.param_groups:
            g["lr"] = lr_at(step, steps, args.baseline_lr, max(1, steps // 20))
        idx = torch.randint(0, len(y), (min(256, len(y)),), generator=gen)
        loss = F.cross_entropy(model.head(x[idx]), y[idx])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    with torch.no_grad():
        acc = float((model.head(x).argmax(1) == y).float().mean())
    log("baseline head trained", clips=len(y), train_top1=f"{acc:.3f}", seconds=f"{time.time() - t0:.1f}")
    return {"steps": steps, "lr": args.baseline_lr, "temporalOffsets": starts, "trainTop1": round(acc, 4),
            "seconds": round(time.time() - t0, 1)}


def load_teacher(path: Path) -> ClipRecognizer:
    from .export import load_checkpoint
    teacher = load_checkpoint(path)
    teacher.eval()
    for p in teacher.parameters():
        p.requires_grad_(False)
    return teacher


def distill_loss(student_logits, teacher_logits, temperature: float):
    t = temperature
    return F.kl_div(F.log_softmax(student_logits / t, 1), F.softmax(teacher_logits / t, 1),
                    reduction="batchmean") * t * t


def stage2(model: ClipRecognizer, train: ClipSet, val: Optional[ClipSet], args, labels,
           teacher: Optional[ClipRecognizer], cache: Optional[torch.Tensor] = None,
           val_cache: Optional[torch.Tensor] = None) -> dict:
    """With ``cache`` (prefix features) clips vary by temporal offset only; without it, by pixel augmentation too."""
    params = [p for p in model.parameters() if p.requires_grad]
    decay = [p for p in params if p.dim() > 1]
    no_decay = [p for p in params if p.dim() <= 1]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.stage2_wd},
                             {"params": no_decay, "weight_decay": 0.0}], lr=args.stage2_lr)
    gen = torch.Generator().manual_seed(args.seed + 2)
    swap = flip_index(labels)
    warmup = max(1, int(args.stage2_steps * 0.05))
    log("stage2 start", steps=args.stage2_steps, batch=args.stage2_batch, **parameter_counts(model))
    model.train()
    t0, seen, running = time.time(), 0, 0.0
    for step in range(args.stage2_steps):
        for g in opt.param_groups:
            g["lr"] = lr_at(step, args.stage2_steps, args.stage2_lr, warmup)
        idx = torch.randint(0, len(train), (args.stage2_batch,), generator=gen)
        starts = clip_starts(train, len(idx), args.frames, args.frame_step, gen)
        if cache is not None:
            logits = model.forward_from_prefix(gather(cache, idx, starts, args.frames, args.frame_step).float())
            y = train.labels[idx]
            x = None
        else:
            u8 = gather(train.frames, idx, starts, args.frames, args.frame_step)
            x, flipped = augment(u8, gen, args.shift, args.jitter, args.flip, skeleton_input(args))
            y = torch.where(flipped, swap[train.labels[idx]], train.labels[idx])
            logits = model(x)
        loss = F.cross_entropy(logits, y, label_smoothing=0.05)
        if teacher is not None:
            if x is None:
                x = normalize(gather(train.frames, idx, starts, args.frames, args.frame_step))
            with torch.no_grad():
                tx = x
                ts = teacher.config.size
                if ts != x.shape[-1]:
                    tx = F.interpolate(x.flatten(0, 1), size=(ts, ts), mode="bilinear", align_corners=False)
                    tx = tx.view(x.shape[0], x.shape[1], 3, ts, ts)
                t_logits = teacher(tx)
            loss = (1 - args.distill_weight) * loss + args.distill_weight * distill_loss(
                logits, t_logits, args.distill_temperature)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        seen += args.stage2_batch
        running = running * 0.95 + 0.05 * float((logits.argmax(1) == y).float().mean())
        if (step + 1) % args.log_every == 0 or step + 1 == args.stage2_steps:
            log("stage2", step=step + 1, loss=f"{float(loss):.3f}", acc=f"{running:.3f}",
                lr=f"{opt.param_groups[0]['lr']:.2e}", clips_per_s=f"{seen / (time.time() - t0):.1f}")
        if val is not None and args.val_every and (step + 1) % args.val_every == 0 and step + 1 < args.stage2_steps:
            m = metrics(predict(model, val, args.frames, args.frame_step, cache=val_cache), val.labels, labels)
            log("stage2 val", step=step + 1, top1=m["top1"], reversed=m["reversedPairs"]["top1"])
            model.train()
    return {"steps": args.stage2_steps, "batch": args.stage2_batch, "lr": args.stage2_lr,
            "weightDecay": args.stage2_wd, "seconds": round(time.time() - t0, 1),
            "inputs": ("cached frozen-prefix features (no pixel augmentation; random temporal offsets when stored "
                       "clips are longer than the span)") if cache is not None else "pixels with augmentation",
            "distillation": ({"teacher": str(args.teacher), "weight": args.distill_weight,
                              "temperature": args.distill_temperature} if teacher is not None else None)}


# -------------------------------------------------------------------------------------------------------------- main

def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, help="synthetic dataset directory (ingest's dataset command)")
    p.add_argument("--input", default="frames", choices=["frames", "skeleton"],
                   help="frames: whole camera frames; skeleton: per-person skeleton clips rendered from the data "
                        "set's true keypoints through the pose estimator's measured noise (model card mode)")
    p.add_argument("--noise", type=Path, help="skeleton input: the pose estimator's measured noise model")
    p.add_argument("--skeleton-copies", type=int, default=3,
                   help="skeleton input: renderings of each training clip, each with its own view and noise")
    p.add_argument("--max-yaw", type=float, default=60.0,
                   help="skeleton input: training views turn the side-view figure by up to this many degrees")
    p.add_argument("--pace", type=float, nargs=2, default=(1.0, 1.0), metavar=("LOW", "HIGH"),
                   help="skeleton input: training walks' displacement scaled by a factor in this range")
    p.add_argument("--max-heading", type=float, default=0.0,
                   help="skeleton input: training walks head up or down the view by up to this many degrees")
    p.add_argument("--depth-scale", type=float, default=0.0,
                   help="skeleton input: figure size change per person height walked down the view")
    p.add_argument("--tilt", type=float, nargs=2, default=(1.0, 1.0), metavar=("LOW", "HIGH"),
                   help="skeleton input: heights foreshortened by a factor in this range (camera looking down)")
    p.add_argument("--jitter-scale", type=float, nargs=2, default=(1.0, 1.0), metavar=("LOW", "HIGH"),
                   help="skeleton input: training clips' keypoint jitter multiplied by a factor in this range")
    p.add_argument("--out", type=Path, default=Path("runs/ref"))
    p.add_argument("--export", type=Path, help="write model.onnx, baseline.onnx, model-card.json, golden.json here")
    p.add_argument("--version", default="0.1.0")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--arch", default="xxs", choices=["xxs", "xs", "s"])
    p.add_argument("--size", type=int, default=128)
    p.add_argument("--frames", type=int, default=8)
    p.add_argument("--frame-step", type=int, default=2, help="stored frames between sampled frames")
    p.add_argument("--clip-stride", type=int, default=8, help="written to the card (sampled frames between clips)")
    p.add_argument("--sampling-frame-step", type=int,
                   help="card frameStep in camera frames (default: dataset card frameStep x --frame-step)")
    p.add_argument("--train-split", default="train")
    p.add_argument("--val-split", default="val")
    p.add_argument("--test-split", default="test")
    p.add_argument("--pretrained", type=Path, help="backbone state_dict (e.g. converted ImageNet MobileViT)")
    p.add_argument("--frame-targets", default="label,posture")
    p.add_argument("--stage1-only", action="store_true", help="stop after stage 1 (writes OUT/backbone.pt)")
    p.add_argument("--stage1-prior-cycles", default="",
                   help="earlier stage-1 cycles behind --pretrained, recorded in the card: comma list of STEPS or "
                        "STEPS@SIZE (e.g. 800@64,1000@128 for a backbone first trained at 64 px, then at 128 px)")
    p.add_argument("--reproduce-command", default="", help="the one command that reproduces this run (recorded)")
    p.add_argument("--stage1-steps", type=int, default=3000)
    p.add_argument("--stage1-batch", type=int, default=32)
    p.add_argument("--stage1-lr", type=float, default=2e-3)
    p.add_argument("--stage1-wd", type=float, default=0.05)
    p.add_argument("--baseline-steps", type=int, default=600)
    p.add_argument("--baseline-lr", type=float, default=3e-3)
    p.add_argument("--baseline-offsets", type=int, default=4)
    p.add_argument("--stage2-steps", type=int, default=1200)
    p.add_argument("--stage2-batch", type=int, default=8)
    p.add_argument("--stage2-lr", type=float, default=2e-3)
    p.add_argument("--stage2-wd", type=float, default=1e-4)
    p.add_argument("--adapter-ratio", type=float, default=0.5)
    p.add_argument("--adapter-sites", default="all", help="'all' or a comma list of tokens,maps,final")
    p.add_argument("--shift", type=int, default=6, help="max random translation in pixels (augmentation)")
    p.add_argument("--jitter", type=float, default=0.1, help="brightness/contrast jitter (augmentation)")
    p.add_argument("--no-flip", dest="flip", action="store_false", help="disable horizontal flips")
    p.add_argument("--teacher", type=Path, help="clip-model checkpoint whose soft labels are distilled")
    p.add_argument("--distill-weight", type=float, default=0.5)
    p.add_argument("--distill-temperature", type=float, default=2.0)
    p.add_argument("--no-channels-last", dest="channels_last", action="store_false",
                   help="keep NCHW weights in stage 1 (channels-last convolutions train ~20%% faster on this CPU)")
    p.add_argument("--no-prefix-cache", dest="prefix_cache", action="store_false",
                   help="stage 2 on pixels with spatial augmentation instead of cached frozen-prefix features "
                        "(~1.5x slower on CPU)")
    p.add_argument("--val-every", type=int, default=0)
    p.add_argument("--log-every", type=int, default=50)
    p.add_argument("--cache", type=Path, default=Path("data/cache"), help="decoded-dataset cache directory")
    p.add_argument("--smoke", action="store_true", help="tiny run in seconds (CI)")
    return p


def apply_smoke(args) -> None:
    args.size = min(args.size, 64)
    args.stage1_steps, args.stage1_batch = min(args.stage1_steps, 6), min(args.stage1_batch, 8)
    args.baseline_steps = min(args.baseline_steps, 20)
    args.stage2_steps, args.stage2_batch = min(args.stage2_steps, 4), min(args.stage2_batch, 2)
    args.log_every = 2
    args.cache = None


def save_checkpoint(path: Path, model: ClipRecognizer, **extra) -> None:
    torch.save({"config": model.config.to_dict(), "state_dict": model.state_dict(),
                "frozen_backbone": model.backbone_frozen, **extra}, str(path))


def split_loader(args, labels):
    """(split, is_training) -> ClipSet for the chosen input. Skeleton clips: training splits get several views
    and noise draws per clip, evaluation splits one noisy rendering from the same measured noise (seeded apart)."""
    if args.input == "frames":
        return lambda split, training: load_synthetic_split(args.data, split, args.size, labels, args.cache)
    if args.noise is None:
        raise SystemExit("--input skeleton needs --noise (the pose estimator's measured noise model)")
    from .skeleton import KeypointNoise, RenderSettings, ViewAugment, load_skeleton_clip_set
    noise = KeypointNoise.measured(args.noise)
    settings = RenderSettings(args.size)

    def load(split, training):
        # Evaluation splits are seen as the scene renders them (side view, measured noise): the held-out number
        # compares with the baseline on the data set's own terms; the real camera is measured on real footage.
        view = ViewAugment(args.max_yaw, tuple(args.pace), args.max_heading, args.depth_scale, tuple(args.tilt))
        return load_skeleton_clip_set(args.data, split, settings, noise,
                                      copies=args.skeleton_copies if training else 1,
                                      view=view if training else ViewAugment(args.max_yaw),
                                      seed=args.seed * 1000 + (0 if training else 1 + len(split)), labels=labels,
                                      jitter_scale=tuple(args.jitter_scale) if training else (1.0, 1.0))
    return load


def card_mode(args) -> Optional[dict]:
    """The model card's mode: absent for whole-frame models, the skeleton rendering's settings for per-person."""
    if args.input != "skeleton":
        return None
    from .skeleton import SPEC, RenderSettings
    settings = RenderSettings(args.size)
    return {"subject": "person", "input": "skeleton",
            "skeleton": {"spec": SPEC, "margin": settings.margin, "scoreThreshold": settings.score_threshold,
                         "lineSigma": settings.line_sigma},
            "noise": str(args.noise),
            "views": {"maxYaw": args.max_yaw, "pace": list(args.pace), "maxHeading": args.max_heading,
                      "depthScale": args.depth_scale, "tilt": list(args.tilt), "jitterScale": list(args.jitter_scale)}}


def run(args) -> dict:
    if args.smoke:
        apply_smoke(args)
    if args.data is None:
        raise SystemExit("--data is required")
    torch.set_num_threads(args.threads)
    seed_everything(args.seed)
    started = time.time()
    args.out.mkdir(parents=True, exist_ok=True)
    labels = list(LABELS)
    log("loading data", data=args.data, size=args.size, input=args.input)
    load = split_loader(args, labels)
    train = load(args.train_split, True)
    val = load(args.val_split, False) if (args.data / args.val_split).exists() else None
    test = load(args.test_split, False)
    log("data loaded", train=len(train), val=len(val) if val is not None else 0, test=len(test),
        frames_per_clip=train.frames_per_clip, seconds=f"{time.time() - started:.1f}")

    cfg = RecognizerConfig(arch=args.arch, num_classes=len(labels), frames=args.frames, size=args.size,
                           adapters=True, adapter_ratio=args.adapter_ratio, adapter_sites=args.adapter_sites)
    model = ClipRecognizer(cfg)
    s1 = {"steps": 0}
    if args.pretrained:
        load_pretrained_backbone(model.backbone, args.pretrained)
        s1["pretrained"] = str(args.pretrained)
    if args.stage1_steps > 0:
        s1.update(stage1(model.backbone, train, val, args, labels))
    backbone_state = {k: v for k, v in model.backbone.state_dict().items() if "adapter." not in k}
    torch.save(backbone_state, str(args.out / "backbone.pt"))
    if args.stage1_only:
        log("stage1 only: backbone saved", path=args.out / "backbone.pt")
        return {"training": {"stage1": s1}, "evaluation": {}}

    # Ablation: same backbone weights, no adapters, temporal average pooling, trained head.
    base = ClipRecognizer(RecognizerConfig(**{**cfg.to_dict(), "adapters": False}))
    base.backbone.load_state_dict(backbone_state)
    base.freeze_backbone()
    cache = prefix_cache(base, train) if args.prefix_cache else None
    base_train = train_baseline(base, train, args, cache)
    base_eval = metrics(predict(base, test, args.frames, args.frame_step), test.labels, labels)
    log("baseline test", top1=base_eval["top1"], reversed=base_eval["reversedPairs"]["top1"])

    model.freeze_backbone()
    model.head.load_state_dict(base.head.state_dict())
    teacher = load_teacher(args.teacher) if args.teacher else None
    s2 = stage2(model, train, val, args, labels, teacher, cache)
    del cache
    test_eval = metrics(predict(model, test, args.frames, args.frame_step), test.labels, labels)
    log("adapters test", top1=test_eval["top1"], reversed=test_eval["reversedPairs"]["top1"])
    val_eval = None
    if val is not None:
        val_eval = metrics(predict(model, val, args.frames, args.frame_step), val.labels, labels)["top1"]

    command = "python3 -m actionwatch_model.train " + " ".join(sys.argv[1:]) if sys.argv[1:] else "(library call)"
    gap = None
    if test_eval["reversedPairs"]["top1"] is not None and base_eval["reversedPairs"]["top1"] is not None:
        gap = round(test_eval["reversedPairs"]["top1"] - base_eval["reversedPairs"]["top1"], 4)
    # The card's frameStep counts camera frames; stored clips may already be sampled (then --frame-step is 1).
    sampling_step = args.sampling_frame_step or (dataset_frame_step(args.data) or 1) * args.frame_step
    data_info = {"path": str(args.data), "hash": dataset_hash(args.data), "splits": {
        "train": len(train), "val": len(val) if val is not None else 0, "test": len(test)},
        "storedFramesPerClip": train.frames_per_clip, "evaluationClipStart": 0}
    training = {
        "command": command, "seed": args.seed, "dataset": data_info, "threads": args.threads,
        **({"reproduce": args.reproduce_command} if args.reproduce_command else {}),
        "recipe": {
            "stage1": {"what": "image backbone on single frames, per-frame targets (stands in for ImageNet "
                               "pretraining)", "optimizer": "AdamW, linear warm-up 5% + cosine", **s1,
                       **({"priorCycles": prior_cycles(args.stage1_prior_cycles, args.size)}
                          if args.stage1_prior_cycles else {})},
            "baseline": {"what": "frozen backbone + temporal average pooling + linear head", **base_train},
            "stage2": {"what": "frozen backbone + ST-Adapters (zero-init temporal dwconv k=3); adapters and head "
                               "train; head starts from the baseline head",
                       "adapterRatio": args.adapter_ratio, "adapterSites": args.adapter_sites,
                       "adapters": len(adapter_modules(model)), "temporalConv": cfg.temporal_impl,
                       "optimizer": "AdamW, linear warm-up 5% + cosine", **s2},
            "augmentation": {"shiftPx": args.shift, "jitter": args.jitter, "hflipSwapsWalkingDirection": args.flip,
                             "temporalOffset": "random aligned start within the stored clip"},
        },
        "seconds": round(time.time() - started, 1),
    }
    evaluation = {
        "split": args.test_split,
        "clipSampling": f"{args.frames} frames, every {args.frame_step}th stored frame, from the clip start "
                        f"(= every {sampling_step}th camera frame)",
        "withAdapters": test_eval,
        "withoutAdapters": {**base_eval, "onnxFile": "baseline.onnx"},
        "reversedPairGap": gap,
        "valTop1": val_eval,
    }
    save_checkpoint(args.out / "adapter.pt", model, training=training, evaluation=evaluation, version=args.version)
    save_checkpoint(args.out / "baseline.pt", base, training=training, evaluation=evaluation, version=args.version)
    (args.out / "metrics.json").write_text(json.dumps({"training": training, "evaluation": evaluation}, indent=2))
    log("done", seconds=f"{time.time() - started:.0f}", top1=test_eval["top1"], baseline_top1=base_eval["top1"],
        reversed=test_eval["reversedPairs"]["top1"], baseline_reversed=base_eval["reversedPairs"]["top1"])

    if args.export:
        from .export import export_reference
        golden_input = normalize(sample_clips(test, torch.tensor([0]), args.frames, args.frame_step, None))
        card_extra = {"frame_step": sampling_step, "clip_stride": args.clip_stride, "mode": card_mode(args)}
        export_reference(model, args.export, args.version, training, evaluation, golden_input=golden_input,
                         **card_extra)
        export_reference(base, args.export, args.version, training, evaluation, onnx_name="baseline.onnx",
                         card_name="baseline-card.json", golden_name=None, **card_extra)
    return {"training": training, "evaluation": evaluation}


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
