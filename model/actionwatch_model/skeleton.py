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
"""
import math
from dataclasses import dataclass
from typing import Optional, Sequence, Tuple

import numpy as np

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
