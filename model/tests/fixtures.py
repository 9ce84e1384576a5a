"""A tiny dataset in the renderer's on-disk layout, for tests only (the project's real data comes from ingest's one
renderer). A bright square moves along a per-class path; reversed pairs use the same frames in opposite order."""
import csv
import json
from pathlib import Path

import numpy as np
from PIL import Image

from actionwatch_model import LABELS

PATHS = {
    "walking_left": lambda p: (0.8 - 0.6 * p, 0.5),
    "walking_right": lambda p: (0.2 + 0.6 * p, 0.5),
    "waving": lambda p: (0.5, 0.5 + 0.2 * np.sin(6 * p)),
    "falling_down": lambda p: (0.5, 0.2 + 0.6 * p),
    "sitting_down": lambda p: (0.3, 0.3 + 0.3 * p),
    "jumping": lambda p: (0.5, 0.5 - 0.3 * abs(np.sin(3 * p))),
    "standing_still": lambda p: (0.5, 0.5),
}
REVERSED = {"getting_up": "falling_down", "standing_up": "sitting_down"}


def write_dataset(root: Path, clips_per_class: int = 2, frames: int = 15, width: int = 64, height: int = 48,
                  splits=("train", "val", "test")) -> Path:
    root = Path(root)
    for s_i, split in enumerate(splits):
        d = root / split
        d.mkdir(parents=True, exist_ok=True)
        with (d / "labels.csv").open("w", newline="") as lf, (d / "frames.csv").open("w", newline="") as ff:
            lw, fw = csv.writer(lf), csv.writer(ff)
            lw.writerow(["clip", "label", "seed"])
            fw.writerow(["clip", "frame", "label", "posture", "phase"])
            for li, label in enumerate(LABELS):
                for c in range(clips_per_class):
                    seed = 1000 * s_i + 10 * li + c
                    rng = np.random.default_rng(seed)
                    name = f"clip_{seed:05d}"
                    (d / name).mkdir(exist_ok=True)
                    lw.writerow([name, label, seed])
                    path = PATHS[REVERSED.get(label, label)]
                    for f in range(frames):
                        p = f / (frames - 1)
                        phase = p
                        if label in REVERSED:
                            p, phase = 1 - p, p
                        x, y = path(p)
                        img = np.full((height, width, 3), 40, np.uint8) + rng.integers(0, 10, (height, width, 3),
                                                                                       dtype=np.uint8)
                        cx, cy = int(x * width), int(y * height)
                        img[max(0, cy - 5):cy + 5, max(0, cx - 4):cx + 4] = (220, 180, 90)
                        Image.fromarray(img).save(d / name / f"frame_{f:02d}.jpg", quality=90)
                        posture = "low" if y > 0.45 else "high"
                        fw.writerow([name, f, label, posture, f"{phase:.3f}"])
    (root / "dataset-card.json").write_text(json.dumps({"contentHash": "sha256:test-fixture", "frames": frames}))
    return root
