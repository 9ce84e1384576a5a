"""Skeleton clips: one tracked person's COCO-17 keypoints over T frames, drawn as a person-centred picture clip.

Training draws these pictures here, from the synthetic scene's true joints (``keypoints.csv``, written by ingest's
``dataset`` command) passed through a noise model; serving draws them in Java from the pose estimator
(``io.actionwatch.inference.skeleton.SkeletonRenderer`` in inference-stream). One written specification, two
implementations, and a parity fixture (``model/tests/data/skeleton-render-parity.json``) that both must reproduce.
Change the spec in both languages together and regenerate the fixture (``python3 -m tests.skeleton_parity`` in model/).

Specification ``actionwatch-skeleton-render/1``. Input: T frames x 17 keypoints ``(y, x, score)`` as float32,
y and x normalised 0..1 to the frame (MoveNet's layout), the frame's width W and height H in pixels, a fallback box
``(y_min, x_min, y_max, x_max)`` normalised to the frame, and settings (S, margin, score threshold, line sigma).
Output: float32 ``[T, 3, S, S]`` on the model's 0..255 scale (before the model card's mean/std), and the crop.
All arithmetic is IEEE float64 on the float32 inputs, in the order written; only the result is rounded to float32.

1. A keypoint is *confident* when its score >= threshold and y, x and score are finite.
2. ONE crop per clip, a square in frame pixels (so a walk's translation stays visible in the clip): the box of all
   the clip's confident keypoints (x * W, y * H), or the fallback box if none; centre c = ((min + max) * 0.5) per
   axis; side = max(box width, box height) * margin, at least MIN_CROP_FRACTION * min(W, H); left/top = c - side * 0.5.
   The crop may extend past the frame (nothing is sampled from the frame, so there is no reason to clamp it).
3. A keypoint maps to output pixel coordinates ((x * W - left) * (S / side), (y * H - top) * (S / side));
   output pixel (row i, column j) is the unit square whose centre is (j + 0.5, i + 0.5).
4. Each COCO limb (``LIMBS``) whose two keypoints are both confident is drawn with weight
   w = min(score_a, score_b, 1) into the channel of its side: R = left arm and leg, G = right arm and leg,
   B = torso and head (so left/right, and through nose vs ears the facing direction, are visible).
5. A limb's value at a pixel is (w * 255) * p(d2), d2 the squared distance from the pixel centre to the segment
   (t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy) clamped to [0, 1], t = 0 for a zero-length limb;
   ex = px - (ax + t * dx), ey = py - (ay + t * dy), d2 = ex * ex + ey * ey). The profile is a Gaussian of
   sigma = line sigma (output pixels) cut at R = PROFILE_CUTOFF_SIGMAS * sigma and shifted to reach 0 there
   continuously: p = (exp(-d2 / (2 * sigma * sigma)) - E) / (1 - E) for d2 < R * R, else 0, E = exp(-R * R /
   (2 * sigma * sigma)). The cut makes the profile exactly 0 outside a small box around each limb, so an
   implementation may evaluate only that box; continuity makes rounding at the cut harmless.
6. A pixel's channel value is the maximum over that channel's limbs (0 where none reaches): overlaps do not add up.
   A frame without a drawable limb is all zeros; so is a whole clip without confident keypoints.

Training data (below the renderer): ``read_keypoints`` reads a split's ``keypoints.csv`` (the synthetic figure's
true keypoints), ``KeypointNoise`` turns them into what a pose estimator would report (jitter, misses, scores; one
dataclass, placeholders until measured on the estimator), and ``SkeletonClipDataset`` renders noisy clips on the
fly for a DataLoader; normalise its 0..255 output with ``data.normalize`` like any frame.
"""
import dataclasses
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Sequence, Tuple, Union

import numpy as np
import torch

from . import LABELS
from .data import _split_rows

SPEC = "actionwatch-skeleton-render/1"

# COCO keypoint order (MoveNet reports the same); the Java twin is inference-stream's CocoKeypoints.
COCO_NAMES = (
    "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
    "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee",
    "right_knee", "left_ankle", "right_ankle")
KEYPOINTS = len(COCO_NAMES)
COCO_INDEX = {name: i for i, name in enumerate(COCO_NAMES)}

# Which side of the body a limb belongs to; the side picks the output channel (spec rule 4).
LEFT, RIGHT, AXIAL = 0, 1, 2
CHANNEL_OF_SIDE = (0, 1, 2)           # R, G, B

# COCO's 19-limb skeleton (the dataset's "skeleton" list, 0-based here) with each limb's side.
_LIMB_NAMES = (
    ("left_ankle", "left_knee", LEFT), ("left_knee", "left_hip", LEFT),
    ("right_ankle", "right_knee", RIGHT), ("right_knee", "right_hip", RIGHT),
    ("left_hip", "right_hip", AXIAL), ("left_shoulder", "left_hip", AXIAL), ("right_shoulder", "right_hip", AXIAL),
    ("left_shoulder", "right_shoulder", AXIAL),
    ("left_shoulder", "left_elbow", LEFT), ("right_shoulder", "right_elbow", RIGHT),
    ("left_elbow", "left_wrist", LEFT), ("right_elbow", "right_wrist", RIGHT),
    ("left_eye", "right_eye", AXIAL), ("nose", "left_eye", AXIAL), ("nose", "right_eye", AXIAL),
    ("left_eye", "left_ear", AXIAL), ("right_eye", "right_ear", AXIAL),
    ("left_ear", "left_shoulder", AXIAL), ("right_ear", "right_shoulder", AXIAL))
LIMBS: Tuple[Tuple[int, int, int], ...] = tuple((COCO_INDEX[a], COCO_INDEX[b], side) for a, b, side in _LIMB_NAMES)

DEFAULT_MARGIN = 1.25                 # crop side / person box side: room for limbs that swing out of the clip's box
DEFAULT_SCORE_THRESHOLD = 0.3         # MoveNet's usual cut between a found and a guessed keypoint
LINE_SIGMA_PER_SIZE = 1.0 / 64.0      # default line sigma as a fraction of S: the same picture at any S
PROFILE_CUTOFF_SIGMAS = 3.0           # the line profile reaches 0 at 3 sigma (exp(-4.5) = 1.1 % before the shift)
MIN_CROP_FRACTION = 1.0 / 16.0        # smallest crop side, of the frame's shorter side: a lone keypoint has no box
PIXEL_SCALE = 255.0                   # the model's input scale before mean/std
FULL_FRAME = (0.0, 0.0, 1.0, 1.0)     # fallback box when a caller has none


@dataclass(frozen=True)
class RenderSettings:
    """S and the rendering knobs of the spec; ``line_sigma`` in output pixels (default S * LINE_SIGMA_PER_SIZE)."""
    size: int
    margin: float = DEFAULT_MARGIN
    score_threshold: float = DEFAULT_SCORE_THRESHOLD
    line_sigma: Optional[float] = None

    def __post_init__(self):
        if self.size < 1:
            raise ValueError(f"size must be >= 1, got {self.size}")
        if self.line_sigma is None:
            object.__setattr__(self, "line_sigma", self.size * LINE_SIGMA_PER_SIZE)
        if not (self.margin > 0 and self.line_sigma > 0):
            raise ValueError(f"margin and line_sigma must be positive, got {self.margin}, {self.line_sigma}")


@dataclass(frozen=True)
class Crop:
    """The clip's square crop in frame pixels: left, top, side."""
    left: float
    top: float
    side: float


def _as_keypoints(keypoints) -> np.ndarray:
    """[T, 17, 3] float32 (the spec's input type) widened to float64 for the arithmetic."""
    kp = np.asarray(keypoints, dtype=np.float32)
    if kp.ndim != 3 or kp.shape[1:] != (KEYPOINTS, 3):
        raise ValueError(f"keypoints must be [T, {KEYPOINTS}, 3], got {kp.shape}")
    return kp.astype(np.float64)


def _confident(kp: np.ndarray, threshold: float) -> np.ndarray:
    """Spec rule 1, [T, 17] bool."""
    with np.errstate(invalid="ignore"):
        return np.isfinite(kp).all(axis=-1) & (kp[..., 2] >= threshold)


def clip_crop(keypoints, width: int, height: int, settings: RenderSettings,
              fallback_box: Sequence[float] = FULL_FRAME) -> Crop:
    """Spec rule 2: the one square crop of a clip."""
    kp = _as_keypoints(keypoints)
    conf = _confident(kp, settings.score_threshold)
    if conf.any():
        xs = kp[..., 1][conf] * width
        ys = kp[..., 0][conf] * height
        x0, x1, y0, y1 = xs.min(), xs.max(), ys.min(), ys.max()
    else:
        fy0, fx0, fy1, fx1 = np.asarray(fallback_box, dtype=np.float32).astype(np.float64)
        x0, x1, y0, y1 = fx0 * width, fx1 * width, fy0 * height, fy1 * height
    side = max(x1 - x0, y1 - y0) * settings.margin
    side = max(side, MIN_CROP_FRACTION * min(width, height))
    cx = (x0 + x1) * 0.5
    cy = (y0 + y1) * 0.5
    return Crop(float(cx - side * 0.5), float(cy - side * 0.5), float(side))


def render_clip(keypoints, width: int, height: int, settings: RenderSettings,
                fallback_box: Sequence[float] = FULL_FRAME) -> Tuple[np.ndarray, Crop]:
    """Keypoints [T, 17, 3] (y, x, score), normalised to a W x H frame -> (float32 [T, 3, S, S] on 0..255, crop)."""
    kp = _as_keypoints(keypoints)
    crop = clip_crop(kp, width, height, settings, fallback_box)
    conf = _confident(kp, settings.score_threshold)
    s = settings.size
    scale = s / crop.side
    ox = (kp[..., 1] * width - crop.left) * scale
    oy = (kp[..., 0] * height - crop.top) * scale
    sigma = settings.line_sigma
    two_sigma2 = 2.0 * sigma * sigma
    reach = PROFILE_CUTOFF_SIGMAS * sigma
    reach2 = reach * reach
    floor = math.exp(-reach2 / two_sigma2)
    out = np.zeros((kp.shape[0], 3, s, s), dtype=np.float32)
    for t in range(kp.shape[0]):
        for a, b, side in LIMBS:
            if not (conf[t, a] and conf[t, b]):
                continue
            ax, ay, bx, by = ox[t, a], oy[t, a], ox[t, b], oy[t, b]
            # Only pixels whose centre lies within `reach` of the limb's box can be non-zero (rule 5's cut).
            j0 = max(0, math.ceil(min(ax, bx) - reach - 0.5))
            j1 = min(s - 1, math.floor(max(ax, bx) + reach - 0.5))
            i0 = max(0, math.ceil(min(ay, by) - reach - 0.5))
            i1 = min(s - 1, math.floor(max(ay, by) + reach - 0.5))
            if j0 > j1 or i0 > i1:
                continue
            px = np.arange(j0, j1 + 1, dtype=np.float64)[None, :] + 0.5
            py = np.arange(i0, i1 + 1, dtype=np.float64)[:, None] + 0.5
            dx = bx - ax
            dy = by - ay
            len2 = dx * dx + dy * dy
            if len2 > 0:
                u = np.clip(((px - ax) * dx + (py - ay) * dy) / len2, 0.0, 1.0)
            else:
                u = np.zeros((1, 1))
            ex = px - (ax + u * dx)
            ey = py - (ay + u * dy)
            d2 = ex * ex + ey * ey
            profile = np.where(d2 < reach2, (np.exp(-d2 / two_sigma2) - floor) / (1.0 - floor), 0.0)
            weight = min(kp[t, a, 2], kp[t, b, 2], 1.0)
            value = ((weight * PIXEL_SCALE) * profile).astype(np.float32)
            region = out[t, CHANNEL_OF_SIDE[side], i0:i1 + 1, j0:j1 + 1]
            np.maximum(region, value, out=region)
    return out, crop


# ---------------------------------------------------------------------------------------------------------------
# Training data: the synthetic scene's true keypoints, through a pose-estimator noise model, rendered as above.
# ---------------------------------------------------------------------------------------------------------------

KEYPOINTS_FILE = "keypoints.csv"
KEYPOINT_COLUMNS = tuple(f"{name}_{axis}" for name in COCO_NAMES for axis in ("y", "x"))


@dataclass(frozen=True)
class KeypointNoise:
    """How a pose estimator's keypoints differ from the scene's true joints. The defaults are placeholders of a
    plausible size until they are measured on the estimator (its keypoints against the synthetic truth).

    jitter         standard deviation of the Gaussian error added to each coordinate, independently per frame, as a
                   fraction of the person's scale (longer side of the frame's true-keypoint box, in frame pixels);
                   a 17-sequence gives one value per keypoint in COCO order (estimators place eyes tighter than hips)
    drop           probability that the estimator misses a keypoint in a frame (independent per keypoint and frame);
                   one value, or a 17-sequence in COCO order
    person_miss    probability that the estimator misses the whole person in a frame (every keypoint missed)
    score_low/high a found keypoint's score is uniform in [score_low, score_high] (the renderer weights lines by it)
    dropped_score  the score of a missed keypoint (below the render threshold, so its limbs are not drawn)
    miss_outside   keypoints outside the frame count as missed: an estimator only reports what it sees
    """
    jitter: Union[float, Tuple[float, ...]] = 0.02
    drop: Union[float, Tuple[float, ...]] = 0.05
    person_miss: float = 0.0
    score_low: float = 0.5
    score_high: float = 1.0
    dropped_score: float = 0.0
    miss_outside: bool = True

    def __post_init__(self):
        jitter = np.asarray(self.jitter, dtype=np.float64)
        if jitter.shape not in ((), (KEYPOINTS,)) or (jitter < 0).any():
            raise ValueError(f"jitter must be one or {KEYPOINTS} non-negative values, got {self.jitter}")
        drop = np.asarray(self.drop, dtype=np.float64)
        if drop.shape not in ((), (KEYPOINTS,)) or (drop < 0).any() or (drop > 1).any():
            raise ValueError(f"drop must be one or {KEYPOINTS} probabilities, got {self.drop}")
        if not (0 <= self.person_miss <= 1 and 0 <= self.score_low <= self.score_high <= 1):
            raise ValueError(f"need 0 <= person_miss <= 1 and 0 <= score_low <= score_high <= 1, got {self}")

    @staticmethod
    def measured(path: Path) -> "KeypointNoise":
        """The noise model measured on the pose estimator itself (benchmarks' pose-noise command): per-keypoint
        robust jitter (mean of the two axes) and miss rates, the whole-person miss rate, and found keypoints'
        scores as a uniform range with the measured mean and standard deviation, inside [threshold, 1]."""
        m = json.loads(Path(path).read_text())
        kps = m["keypoints"]
        if [k["name"] for k in kps] != list(COCO_NAMES):
            raise ValueError(f"{path}: keypoints are not in COCO order")
        jitter = tuple(float((k["sigmaY"] + k["sigmaX"]) / 2) for k in kps)
        drop = tuple(float(k["missRate"]) for k in kps)
        found_mean = float(np.mean([k["score"]["mean"] for k in kps]))
        found_sd = float(np.mean([k["score"]["sd"] for k in kps]))
        half = found_sd * math.sqrt(3.0)              # a uniform range with that standard deviation
        low = max(float(m["threshold"]), found_mean - half)
        return KeypointNoise(jitter=jitter, drop=drop, person_miss=float(m["personMissRate"]),
                             score_low=low, score_high=min(1.0, max(low, found_mean + half)))

    def apply(self, yx: np.ndarray, width: int, height: int, rng: np.random.Generator) -> np.ndarray:
        """True keypoints [T, 17, 2] (y, x) normalised -> estimator-like keypoints [T, 17, 3] (y, x, score) float32."""
        yx = np.asarray(yx, dtype=np.float64)
        frames = yx.shape[0]
        pixels = yx * np.array([height, width], dtype=np.float64)
        extent = pixels.max(axis=1) - pixels.min(axis=1)                    # [T, 2]
        scale = extent.max(axis=1)[:, None, None]                           # [T, 1, 1]
        sigma = np.broadcast_to(np.asarray(self.jitter, dtype=np.float64), (KEYPOINTS,))[None, :, None]
        noisy = pixels + rng.standard_normal((frames, KEYPOINTS, 2)) * sigma * scale
        scores = rng.uniform(self.score_low, self.score_high, (frames, KEYPOINTS))
        missed = rng.random((frames, KEYPOINTS)) < np.asarray(self.drop, dtype=np.float64)[None]
        missed |= (rng.random(frames) < self.person_miss)[:, None]
        if self.miss_outside:
            missed |= ((yx < 0) | (yx > 1)).any(axis=-1)
        scores = np.where(missed, self.dropped_score, scores)
        out = np.empty((frames, KEYPOINTS, 3), dtype=np.float32)
        out[..., 0] = noisy[..., 0] / height
        out[..., 1] = noisy[..., 1] / width
        out[..., 2] = scores
        return out


# The scene's truth as an estimator that never errs: every keypoint found with score 1.
NO_NOISE = KeypointNoise(jitter=0.0, drop=0.0, score_low=1.0, score_high=1.0, miss_outside=False)


@dataclass
class SkeletonSplit:
    """A split's true keypoints: yx float32 [clips, T, 17, 2] normalised to the width x height frame."""
    names: List[str]
    labels: torch.Tensor
    yx: np.ndarray
    width: int
    height: int
    seeds: List[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.names)


def frame_size(root: Path) -> Tuple[int, int]:
    """(width, height) of the data set's frames, from its card: keypoints are normalised to them."""
    params = json.loads((Path(root) / "dataset-card.json").read_text()).get("parameters", {})
    if "width" not in params or "height" not in params:
        raise ValueError(f"{root}/dataset-card.json records no frame width/height")
    return int(params["width"]), int(params["height"])


def read_keypoints(root: Path, split: str, labels: Sequence[str] = LABELS) -> SkeletonSplit:
    """Reads ``<split>/labels.csv`` and ``<split>/keypoints.csv`` (clip,frame,nose_y,nose_x,... in COCO order)."""
    root = Path(root)
    rows = _split_rows(root, split, "labels.csv")
    names = [r["clip"] for r in rows]
    index = {name: i for i, name in enumerate(labels)}
    clip_labels = torch.tensor([index[r["label"]] for r in rows], dtype=torch.long)
    kp_rows = _split_rows(root, split, KEYPOINTS_FILE)
    if not kp_rows or tuple(c for c in kp_rows[0] if c not in ("clip", "frame", "split")) != KEYPOINT_COLUMNS:
        raise ValueError(f"{KEYPOINTS_FILE} of split {split!r} lacks the COCO columns {KEYPOINT_COLUMNS[:2]}...")
    position = {n: i for i, n in enumerate(names)}
    per_clip = {}
    for r in kp_rows:
        if r["clip"] in position:
            per_clip.setdefault(r["clip"], []).append((int(r["frame"]), [float(r[c]) for c in KEYPOINT_COLUMNS]))
    frames = {len(v) for v in per_clip.values()}
    if len(per_clip) != len(names) or len(frames) != 1:
        raise ValueError(f"{KEYPOINTS_FILE} of split {split!r} must hold every clip with the same frame count")
    t = frames.pop()
    yx = np.empty((len(names), t, KEYPOINTS, 2), dtype=np.float32)
    for name, values in per_clip.items():
        values.sort()
        yx[position[name]] = np.asarray([v for _, v in values], dtype=np.float32).reshape(t, KEYPOINTS, 2)
    width, height = frame_size(root)
    return SkeletonSplit(names, clip_labels, yx, width, height, [r.get("seed", "") for r in rows])


class SkeletonClipDataset(torch.utils.data.Dataset):
    """Rendered skeleton clips of a split: (float32 [T, 3, S, S] on 0..255, label index).

    Each item draws fresh estimator noise from a generator seeded by (seed, epoch, item), so an epoch is
    reproducible and ``set_epoch`` gives the next epoch new noise. The crop falls back to the box of the clip's
    true keypoints when noise misses every keypoint (the serving side falls back to the detector's boxes).
    """

    def __init__(self, data: SkeletonSplit, settings: RenderSettings, noise: KeypointNoise = KeypointNoise(),
                 seed: int = 0):
        self.data, self.settings, self.noise, self.seed = data, settings, noise, seed
        self.epoch = 0

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def __len__(self) -> int:
        return len(self.data)

    def keypoints(self, i: int) -> np.ndarray:
        """Item i's estimator-like keypoints [T, 17, 3] for this epoch."""
        rng = np.random.default_rng([self.seed, self.epoch, i])
        return self.noise.apply(self.data.yx[i], self.data.width, self.data.height, rng)

    def __getitem__(self, i: int):
        yx = self.data.yx[i]
        fallback = (yx[..., 0].min(), yx[..., 1].min(), yx[..., 0].max(), yx[..., 1].max())
        clip, _ = render_clip(self.keypoints(i), self.data.width, self.data.height, self.settings, fallback)
        return torch.from_numpy(clip), int(self.data.labels[i])


# ---------------------------------------------------------------------------------------------------------------
# Viewpoints: the synthetic figure is only ever seen from the side; real people walk at any angle to the camera.
# ---------------------------------------------------------------------------------------------------------------

# Half the body's width at each COCO keypoint, in person heights: where the left and right joints sit off the
# side-view plane (a side view puts each pair on one spot). Rough adult proportions.
_HALF_WIDTH = {"eye": 0.02, "ear": 0.04, "shoulder": 0.11, "elbow": 0.12, "wrist": 0.12, "hip": 0.08,
               "knee": 0.06, "ankle": 0.06}
_DEPTH_SIDE = np.array([0.0 if n == "nose" else (-1.0 if n.startswith("left") else 1.0) for n in COCO_NAMES])
_DEPTH_WIDTH = np.array([0.0 if n == "nose" else _HALF_WIDTH[n.split("_", 1)[1]] for n in COCO_NAMES])


@dataclass(frozen=True)
class ViewAugment:
    """Where the camera stands, per clip. The synthetic figure is seen from the side, at eye level, walking straight
    across at one speed; a surveillance camera sees people from above, at any angle, walking at their own pace and
    across or down the view.

    * Yaw: the figure turned about the vertical axis by up to ``max_yaw`` degrees and projected back
      orthographically: the left and right joints separate as in a three-quarter or frontal view, and the walk's
      translation and stride shrink by cos(yaw). The centre is the clip's first hip position, so the whole clip
      turns as one rigid scene and the direction of travel keeps its sign while |yaw| < 90. The side facing the
      camera follows the scene's convention (facing right shows the right side).
    * Pace: the hips' displacement from the clip's first frame scaled by a factor in ``pace`` (people walk at their
      own speed, and cameras run at other frame rates).
    * Heading: the displacement gets a vertical part, tan(angle) of the horizontal one with |angle| up to
      ``max_heading`` degrees (walking down or up the view), and the figure grows or shrinks with it as it comes
      nearer or goes away (``depth_scale`` per person height moved vertically).
    * Tilt: heights foreshortened by a factor in ``tilt`` about the hips (a camera looking down).
    A figure that does not travel (waving, sitting down) is unchanged by pace and heading."""
    max_yaw: float = 60.0
    pace: Tuple[float, float] = (1.0, 1.0)
    max_heading: float = 0.0
    depth_scale: float = 0.0
    tilt: Tuple[float, float] = (1.0, 1.0)

    def apply(self, yx: np.ndarray, width: int, height: int, rng: np.random.Generator) -> np.ndarray:
        """True keypoints [T, 17, 2] (y, x) normalised -> the same person seen from another angle."""
        yaw = math.radians(rng.uniform(-self.max_yaw, self.max_yaw))
        px = yx[..., 1].astype(np.float64) * width
        py = yx[..., 0].astype(np.float64) * height
        person_height = float(np.median(py.max(axis=1) - py.min(axis=1)))
        nose, ears = COCO_NAMES.index("nose"), [COCO_NAMES.index("left_ear"), COCO_NAMES.index("right_ear")]
        facing = 1.0 if float(np.median(px[:, nose] - px[:, ears].mean(axis=1))) >= 0 else -1.0
        # Depth towards the camera: the right side is nearer when facing right (+x), the left when facing left.
        depth = _DEPTH_SIDE * _DEPTH_WIDTH * person_height * facing
        hips = [COCO_NAMES.index("left_hip"), COCO_NAMES.index("right_hip")]
        centre = px[0, hips].mean()
        turned = centre + (px - centre) * math.cos(yaw) + depth[None, :] * math.sin(yaw)
        hip_x = turned[:, hips].mean(axis=1)                                  # [T]
        hip_y = py[:, hips].mean(axis=1)
        travel = hip_x - hip_x[0]
        pace = rng.uniform(*self.pace)
        heading = math.tan(math.radians(rng.uniform(-self.max_heading, self.max_heading)))
        tilt = rng.uniform(*self.tilt)
        shift_x = travel * (pace - 1.0)                                     # [T]
        shift_y = travel * pace * heading
        scale = 1.0 + self.depth_scale * shift_y / max(person_height, 1e-6)  # nearer (lower) is bigger
        new_x = hip_x + shift_x
        new_y = hip_y + shift_y
        out_x = new_x[:, None] + (turned - hip_x[:, None]) * scale[:, None]
        out_y = new_y[:, None] + (py - hip_y[:, None]) * scale[:, None] * tilt
        out = np.array(yx, dtype=np.float32, copy=True)
        out[..., 1] = (out_x / width).astype(np.float32)
        out[..., 0] = (out_y / height).astype(np.float32)
        return out


def load_skeleton_clip_set(root: Path, split: str, settings: RenderSettings, noise: KeypointNoise,
                           copies: int = 1, view: Optional[ViewAugment] = None, seed: int = 0,
                           labels: Sequence[str] = LABELS, jitter_scale: Tuple[float, float] = (1.0, 1.0)):
    """A split rendered as skeleton clips into the trainer's in-memory ClipSet (uint8 frames [N, T, 3, S, S]):
    each clip ``copies`` times, each copy with its own viewpoint (when ``view`` is given) and estimator noise, drawn
    from (seed, clip, copy) so the set is reproducible. Per-frame targets (label, posture) come from frames.csv.
    ``jitter_scale``: the noise's jitter multiplied per clip by a factor in this range (people far from the camera
    are a few dozen pixels tall, and the estimator's errors grow as a share of them)."""
    from .data import ClipSet, frame_targets_of
    data = read_keypoints(root, split, labels)
    n, t = data.yx.shape[:2]
    size = settings.size
    frames = torch.empty((n * copies, t, 3, size, size), dtype=torch.uint8)
    for c in range(copies):
        for i in range(n):
            rng = np.random.default_rng([seed, i, c])
            yx = view.apply(data.yx[i], data.width, data.height, rng) if view is not None else data.yx[i]
            factor = rng.uniform(*jitter_scale)
            clip_noise = noise if factor == 1.0 else dataclasses.replace(
                noise, jitter=tuple(np.broadcast_to(np.asarray(noise.jitter, dtype=np.float64), (KEYPOINTS,))
                                    * factor))
            fallback = (yx[..., 0].min(), yx[..., 1].min(), yx[..., 0].max(), yx[..., 1].max())
            clip, _ = render_clip(clip_noise.apply(yx, data.width, data.height, rng), data.width, data.height, settings,
                                  fallback)
            frames[c * n + i] = torch.from_numpy(np.clip(np.rint(clip), 0, 255).astype(np.uint8))
    targets, classes = frame_targets_of(root, split, data.names, t, labels)
    return ClipSet(frames, data.labels.repeat(copies), [f"{name}#{c}" for c in range(copies) for name in data.names],
                   [s for _ in range(copies) for s in data.seeds],
                   {k: v.repeat(copies, 1) for k, v in targets.items()}, classes)
