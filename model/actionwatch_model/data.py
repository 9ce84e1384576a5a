"""Datasets: the project's synthetic scene (pre-decoded into memory) and real video data (Kinetics-style CSVs).

Preprocessing matches inference-stream exactly (model card ``preprocessing``): decode the JPEG to RGB, convert to
float, resize the WHOLE frame (no crop, aspect not kept) with bilinear half-pixel sampling
(``F.interpolate(mode="bilinear", align_corners=False, antialias=False)``), then ``(x / 255 - mean) / std``.
The synthetic set is kept as uint8 after the resize (rounded to the nearest level: at most 0.5/255 off the float
pipeline, well under JPEG noise) so a whole dataset fits in memory and epochs cost no decoding.

Synthetic layout (written by the ingest module's ``dataset`` command)::

    DIR/dataset-card.json                       content hash, geometry
    DIR/<split>/labels.csv                      clip,label,seed           (or DIR/labels.csv with a split column)
    DIR/<split>/frames.csv                      clip,frame,label,posture,phase
    DIR/<split>/<clip>/frame_XX.jpg

Real data (``RealVideoDataset``): a CSV with a header. Either ``path,label`` where path is a frame folder
(``*.jpg``/``*.png`` sorted by name) or a video file, relative to ``--root``; or the Kinetics annotation layout
``label,youtube_id,time_start,time_end,split`` resolved as ``root/<label>/<youtube_id>_<start:06d>_<end:06d>.mp4``
(or a folder of that name without ``.mp4``). Video files need ``torchvision.io`` (present on typical GPU hosts,
absent from Debian's python3-torch); without it extract frames first, e.g.
``ffmpeg -i clip.mp4 -vf fps=15 -q:v 2 clip/frame_%05d.jpg``.
"""
import csv
import hashlib
import json
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from . import LABELS, MEAN, STD

_FRAME_RE = re.compile(r"(\d+)")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")
VIDEO_SUFFIXES = (".mp4", ".avi", ".mkv", ".webm", ".mov")


def resize_rgb(rgb: np.ndarray, size: int) -> torch.Tensor:
    """HxWx3 uint8 RGB -> float32 [3, size, size] on the 0..255 scale, exactly as the Java pipeline resizes."""
    x = torch.from_numpy(np.ascontiguousarray(rgb)).permute(2, 0, 1).unsqueeze(0).float()
    if x.shape[2] != size or x.shape[3] != size:
        x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False, antialias=False)
    return x[0]


def decode_frame(path: Path, size: int) -> torch.Tensor:
    """JPEG/PNG file -> uint8 [3, size, size] (resized in float, then rounded)."""
    with Image.open(path) as img:
        rgb = np.array(img.convert("RGB"))
    return resize_rgb(rgb, size).round_().clamp_(0, 255).to(torch.uint8)


def normalize(u8: torch.Tensor) -> torch.Tensor:
    """uint8 [..., 3, H, W] -> float32 model input."""
    mean = torch.tensor(MEAN, dtype=torch.float32).view(3, 1, 1)
    std = torch.tensor(STD, dtype=torch.float32).view(3, 1, 1)
    return (u8.float() / 255.0 - mean) / std


def preprocess_jpeg_bytes(data: bytes, size: int) -> torch.Tensor:
    """Encoded frame -> normalised float32 [3, size, size], no uint8 rounding (the exact float pipeline)."""
    import io
    with Image.open(io.BytesIO(data)) as img:
        rgb = np.array(img.convert("RGB"))
    x = resize_rgb(rgb, size) / 255.0
    mean = torch.tensor(MEAN).view(3, 1, 1)
    std = torch.tensor(STD).view(3, 1, 1)
    return (x - mean) / std


def frame_index(path: Path) -> int:
    nums = _FRAME_RE.findall(path.stem)
    if not nums:
        raise ValueError(f"frame file without an index in its name: {path}")
    return int(nums[-1])


def list_frames(folder: Path) -> List[Path]:
    files = [p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES]
    if not files:
        raise ValueError(f"no frames (*.jpg, *.png) in {folder}")
    return sorted(files, key=frame_index)


def read_csv(path: Path) -> List[Dict[str, str]]:
    with path.open(newline="") as f:
        return [dict((k.strip(), (v or "").strip()) for k, v in row.items()) for row in csv.DictReader(f)]


@dataclass
class ClipSet:
    """A split in memory: frames uint8 [clips, frames, 3, S, S], clip labels, per-frame targets."""
    frames: torch.Tensor
    labels: torch.Tensor                      # [clips] class index
    names: List[str]
    seeds: List[str] = field(default_factory=list)
    frame_targets: Dict[str, torch.Tensor] = field(default_factory=dict)   # name -> [clips, frames] (long or float)
    frame_target_classes: Dict[str, List[str]] = field(default_factory=dict)

    def __len__(self) -> int:
        return self.frames.shape[0]

    @property
    def frames_per_clip(self) -> int:
        return self.frames.shape[1]


def dataset_hash(root: Path) -> str:
    card = root / "dataset-card.json"
    if card.exists():
        data = json.loads(card.read_text())
        for key in ("contentHash", "hash", "sha256", "content_hash"):
            if key in data:
                value = data[key]
                if isinstance(value, dict):       # {"algorithm": "SHA-256", "value": "..."}
                    algo = str(value.get("algorithm", "")).lower().replace("-", "")
                    return f"{algo}:{value['value']}" if algo else str(value["value"])
                return str(value)
    return "unknown"


def dataset_frame_step(root: Path) -> Optional[int]:
    """Camera frames between the frames stored in a clip (the renderer samples before writing), if recorded."""
    card = Path(root) / "dataset-card.json"
    if card.exists():
        step = json.loads(card.read_text()).get("parameters", {}).get("frameStep")
        return int(step) if step is not None else None
    return None


def _split_rows(root: Path, split: str, filename: str) -> List[Dict[str, str]]:
    per_split = root / split / filename
    if per_split.exists():
        return read_csv(per_split)
    shared = root / filename
    if shared.exists():
        rows = read_csv(shared)
        if rows and "split" in rows[0]:
            return [r for r in rows if r["split"] == split]
        return rows
    raise FileNotFoundError(f"neither {per_split} nor {shared} exists")


def _clip_dir(root: Path, split: str, clip: str) -> Path:
    for candidate in (root / split / clip, root / clip):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"no frame folder for clip {clip!r} under {root / split}")


def frame_targets_of(root: Path, split: str, names: Sequence[str], n_frames: int,
                     labels: Sequence[str] = LABELS) -> Tuple[Dict[str, torch.Tensor], Dict[str, List[str]]]:
    """Per-frame targets of a split from ``frames.csv`` (label, posture, phase...): name -> [clips, frames]."""
    targets: Dict[str, torch.Tensor] = {}
    classes: Dict[str, List[str]] = {}
    try:
        frame_rows = _split_rows(root, split, "frames.csv")
    except FileNotFoundError:
        frame_rows = []
    if frame_rows:
        clip_pos = {n: i for i, n in enumerate(names)}
        first_frame = {}
        for r in frame_rows:
            if r["clip"] in clip_pos:
                first_frame[r["clip"]] = min(first_frame.get(r["clip"], 1 << 30), int(r["frame"]))
        for col in [c for c in frame_rows[0].keys() if c not in ("clip", "frame", "split")]:
            values = [r[col] for r in frame_rows]
            numeric = all(_is_float(v) for v in values)
            fill = float("nan") if numeric else -1
            t = torch.full((len(names), n_frames), fill, dtype=torch.float32 if numeric else torch.long)
            if numeric:
                lookup = None
            else:
                vocab = list(labels) if col == "label" else sorted(set(values))
                lookup = {v: i for i, v in enumerate(vocab)}
                classes[col] = vocab
            for r in frame_rows:
                ci = clip_pos.get(r["clip"])
                if ci is None:
                    continue
                fi = int(r["frame"]) - first_frame[r["clip"]]
                if 0 <= fi < n_frames:
                    t[ci, fi] = float(r[col]) if numeric else lookup[r[col]]
            targets[col] = t
    return targets, classes


def load_synthetic_split(root: Path, split: str, size: int, labels: Sequence[str] = LABELS,
                         cache_dir: Optional[Path] = None, threads: int = 2) -> ClipSet:
    """Decode a split once into memory (and into ``cache_dir`` keyed by dataset hash, split and size)."""
    root = Path(root)
    cache = None
    if cache_dir is not None:
        key = hashlib.sha1(f"{root.resolve()}|{dataset_hash(root)}|{split}|{size}".encode()).hexdigest()[:16]
        cache = Path(cache_dir) / f"{split}-{size}-{key}.pt"
        if cache.exists():
            data = torch.load(str(cache))
            return ClipSet(**data)
    rows = _split_rows(root, split, "labels.csv")
    index = {name: i for i, name in enumerate(labels)}
    names = [r["clip"] for r in rows]
    clip_labels = torch.tensor([index[r["label"]] for r in rows], dtype=torch.long)
    seeds = [r.get("seed", "") for r in rows]
    dirs = [_clip_dir(root, split, n) for n in names]
    counts = {len(list_frames(d)) for d in dirs[:1]}
    n_frames = counts.pop()
    paths = []
    for d in dirs:
        fs = list_frames(d)
        if len(fs) != n_frames:
            raise ValueError(f"clip {d} has {len(fs)} frames, expected {n_frames} like the others")
        paths.extend(fs)
    with ThreadPoolExecutor(max_workers=threads) as pool:
        decoded = list(pool.map(lambda p: decode_frame(p, size), paths))
    frames = torch.stack(decoded).view(len(names), n_frames, 3, size, size)

    targets, classes = frame_targets_of(root, split, names, n_frames, labels)
    clip_set = ClipSet(frames, clip_labels, names, seeds, targets, classes)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        torch.save(clip_set.__dict__, str(cache))
    return clip_set


def _is_float(v: str) -> bool:
    try:
        float(v)
        return True
    except ValueError:
        return False


class RealVideoDataset(torch.utils.data.Dataset):
    """Real clips from a CSV (see module doc), decoded lazily; yields (uint8 [T, 3, S, S], label index).

    Sampling follows the pipeline: every ``frame_step``-th frame, ``frames`` of them, starting at a random offset
    (training) or at the start (evaluation). Use a DataLoader with workers on a GPU host.
    """

    def __init__(self, csv_path: Path, root: Path, frames: int, frame_step: int, size: int,
                 labels: Optional[Sequence[str]] = None, train: bool = True, source_fps: Optional[float] = None):
        rows = read_csv(Path(csv_path))
        if not rows:
            raise ValueError(f"{csv_path} has no rows")
        self.root = Path(root)
        self.items = [(self._resolve(r), r["label"]) for r in rows]
        self.labels = list(labels) if labels else sorted({lab for _, lab in self.items})
        self.index = {lab: i for i, lab in enumerate(self.labels)}
        unknown = {lab for _, lab in self.items} - set(self.index)
        if unknown:
            raise ValueError(f"labels not in the label list: {sorted(unknown)[:5]}")
        self.frames, self.frame_step, self.size, self.train = frames, frame_step, size, train
        self.source_fps = source_fps

    def _resolve(self, row: Dict[str, str]) -> Path:
        if "path" in row:
            return self.root / row["path"]
        if "youtube_id" in row:
            stem = f"{row['youtube_id']}_{int(float(row['time_start'])):06d}_{int(float(row['time_end'])):06d}"
            for cand in (self.root / row["label"] / f"{stem}.mp4", self.root / row["label"] / stem,
                         self.root / f"{stem}.mp4", self.root / stem):
                if cand.exists():
                    return cand
            return self.root / row["label"] / f"{stem}.mp4"
        raise ValueError("CSV needs a 'path' column or the Kinetics columns label,youtube_id,time_start,time_end")

    def __len__(self) -> int:
        return len(self.items)

    def _pick(self, n: int) -> List[int]:
        span = (self.frames - 1) * self.frame_step + 1
        start = 0
        if n > span:
            start = int(torch.randint(0, n - span + 1, (1,))) if self.train else (n - span) // 2
        return [min(start + i * self.frame_step, n - 1) for i in range(self.frames)]

    def __getitem__(self, i: int):
        path, label = self.items[i]
        if path.is_dir():
            files = list_frames(path)
            clip = torch.stack([decode_frame(files[j], self.size) for j in self._pick(len(files))])
        elif path.suffix.lower() in VIDEO_SUFFIXES:
            clip = self._video(path)
        else:
            raise ValueError(f"not a frame folder or a video: {path}")
        return clip, self.index[label]

    def _video(self, path: Path) -> torch.Tensor:
        try:
            from torchvision.io import read_video
        except ImportError as e:
            raise RuntimeError(f"{path}: decoding video files needs torchvision.io; extract frames to a folder "
                               "instead (see actionwatch_model.data)") from e
        video, _, _ = read_video(str(path), pts_unit="sec", output_format="THWC")
        if video.shape[0] == 0:
            raise ValueError(f"{path}: no frames decoded")
        picks = self._pick(video.shape[0])
        return torch.stack([resize_rgb(video[j].numpy(), self.size).round_().clamp_(0, 255).to(torch.uint8)
                            for j in picks])


def load_real_split(dataset: RealVideoDataset) -> ClipSet:
    """Materialise a (small) real dataset in memory with evaluation sampling, for the same training loop."""
    clips, labels = zip(*[dataset[i] for i in range(len(dataset))])
    return ClipSet(torch.stack(clips), torch.tensor(labels), [str(p) for p, _ in dataset.items])
