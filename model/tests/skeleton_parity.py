"""The skeleton-rendering parity fixture: keypoint clips and the Python renderer's pictures of them.

The Java renderer (inference-stream's SkeletonRendererParityTest) must reproduce the pictures within ``TOLERANCE``;
``tests.test_skeleton`` checks the Python renderer still does, so the fixture cannot drift from the spec. Regenerate
(after changing the spec in both languages) from model/:

    /usr/bin/python3 -m tests.skeleton_parity

Pixels are stored exactly: float32 little-endian ``[T, 3, S, S]``, zlib-compressed, base64, with the SHA-256 of
the raw bytes. Inputs are rounded to 4 decimals in the JSON; both sides read them as float32, the spec's input type.
"""
import base64
import hashlib
import json
import math
import re
import zlib
from pathlib import Path

import numpy as np

from actionwatch_model import skeleton as sk

FIXTURE = Path(__file__).resolve().parent / "data" / "skeleton-render-parity.json"
# Both implementations compute in float64 and round once to float32 (one ulp at 255 is 1.5e-5); exp() may differ
# by an ulp between libraries, so the two can differ by at most one float32 rounding step.
TOLERANCE = 1e-4


def _walker(hip_x: float, hip_y: float, height: float, phase: float, facing: int, aspect: float) -> np.ndarray:
    """A side-view stick walker's 17 (y, x), normalised; ``height`` is its standing height in frame heights and
    ``aspect`` = width / height of the frame (x distances shrink by it so the figure keeps its proportions)."""
    def at(fwd, up):        # body units (standing heights) forward and up from the hip -> normalised (y, x)
        return hip_y - up * height, hip_x + facing * fwd * height / aspect

    swing = 0.45 * math.sin(2 * math.pi * phase)
    yx = {}
    for name, fwd, up in (("left_shoulder", 0.0, 0.26), ("right_shoulder", 0.0, 0.26), ("left_hip", 0.0, 0.0),
                          ("right_hip", 0.0, 0.0), ("nose", 0.07, 0.40), ("left_eye", 0.05, 0.42),
                          ("right_eye", 0.05, 0.42), ("left_ear", -0.01, 0.41), ("right_ear", -0.01, 0.41)):
        yx[name] = at(fwd, up)
    for side, sign in (("left", 1), ("right", -1)):
        leg, arm = sign * swing, -sign * swing * 0.8
        yx[f"{side}_knee"] = at(0.245 * math.sin(leg), -0.245 * math.cos(leg))
        yx[f"{side}_ankle"] = at(0.49 * math.sin(leg) - 0.05 * max(0.0, -leg), -0.49 * math.cos(leg))
        yx[f"{side}_elbow"] = at(0.16 * math.sin(arm), 0.26 - 0.16 * math.cos(arm))
        yx[f"{side}_wrist"] = at(0.16 * math.sin(arm) + 0.15 * math.sin(arm + 0.4),
                                 0.26 - 0.16 * math.cos(arm) - 0.15 * math.cos(arm + 0.4))
    return np.array([yx[name] for name in sk.COCO_NAMES])


def _clip(yx: np.ndarray, scores: np.ndarray) -> np.ndarray:
    return np.concatenate([yx, scores[..., None]], axis=-1)


def inputs():
    """The fixture's clips: (name, width, height, settings, fallback box, keypoints [T, 17, 3])."""
    rng = np.random.default_rng(20261202)
    clips = []

    # Off-centre walker crossing the left part of a wide frame, facing right; all keypoints found.
    t = 6
    yx = np.stack([_walker(0.12 + 0.04 * f, 0.62, 0.45, f / 8, +1, 640 / 360) for f in range(t)])
    clips.append(("walking_right_off_centre", 640, 360, sk.RenderSettings(32, line_sigma=1.0), sk.FULL_FRAME,
                  _clip(yx, rng.uniform(0.55, 0.98, (t, 17)))))

    # Walking left with missed and weak joints: a lost left wrist, a knee lost for two frames, a head lost for a
    # frame, and a score exactly at the threshold (float32 0.3 is just above the float64 threshold: confident).
    t = 5
    yx = np.stack([_walker(0.7 - 0.05 * f, 0.55, 0.5, 0.3 + f / 7, -1, 320 / 240) for f in range(t)])
    scores = rng.uniform(0.35, 0.9, (t, 17))
    scores[:, sk.COCO_INDEX["left_wrist"]] = 0.1
    scores[1:3, sk.COCO_INDEX["right_knee"]] = 0.25
    scores[2, [sk.COCO_INDEX[n] for n in ("nose", "left_eye", "right_eye", "left_ear", "right_ear")]] = 0.05
    scores[3, sk.COCO_INDEX["right_elbow"]] = 0.3
    clips.append(("walking_left_missed_joints", 320, 240, sk.RenderSettings(32, line_sigma=1.0), sk.FULL_FRAME,
                  _clip(yx, scores)))

    # Lying at the left edge of a portrait frame, feet beyond it (x < 0): the crop leaves the frame; default sigma.
    # An exactly representable threshold with a score exactly on it (confident: >=) and one just below.
    t = 3
    yx = np.stack([_walker(0.08, 0.8 - 0.01 * f, 0.3, 0.25, -1, 240 / 320) for f in range(t)])
    yx = np.stack([np.stack([0.8 + (y - 0.8) * 0.15 - (x - 0.08) * 0.9, 0.08 - (y - 0.8) * 0.95], -1)
                   for y, x in zip(yx[..., 0], yx[..., 1])])       # rotate the standing figure onto the floor
    scores = rng.uniform(0.4, 1.0, (t, 17))
    scores[1, sk.COCO_INDEX["left_knee"]] = 0.25
    scores[2, sk.COCO_INDEX["right_elbow"]] = 0.2499
    clips.append(("lying_past_the_edge", 240, 320, sk.RenderSettings(48, margin=1.5, score_threshold=0.25),
                  sk.FULL_FRAME, _clip(yx, scores)))

    # Nothing confident: an empty clip whose crop comes from the fallback box.
    yx = np.stack([_walker(0.5, 0.6, 0.4, 0.0, 1, 4 / 3) for _ in range(2)])
    clips.append(("nothing_confident", 320, 240, sk.RenderSettings(16), (0.2, 0.4, 0.9, 0.62),
                  _clip(yx, np.full((2, 17), 0.2))))

    # Only the nose and left eye, at the same spot: a zero-length limb (a dot) in the smallest crop.
    kp = np.zeros((1, 17, 3))
    kp[0, :, :2] = 0.5
    kp[0, sk.COCO_INDEX["nose"]] = kp[0, sk.COCO_INDEX["left_eye"]] = (0.41, 0.33, 0.8)
    clips.append(("lone_point", 320, 240, sk.RenderSettings(16, line_sigma=1.5), sk.FULL_FRAME, kp))
    return [(name, w, h, s, tuple(round(float(v), 4) for v in box), np.round(kp, 4))
            for name, w, h, s, box, kp in clips]


def encode(pixels: np.ndarray) -> dict:
    raw = np.ascontiguousarray(pixels, dtype="<f4").tobytes()
    return {"shape": list(pixels.shape), "encoding": "base64(zlib(float32 little-endian, C order))",
            "sha256": hashlib.sha256(raw).hexdigest(), "data": base64.b64encode(zlib.compress(raw, 9)).decode()}


def decode(entry: dict) -> np.ndarray:
    raw = zlib.decompress(base64.b64decode(entry["data"]))
    if hashlib.sha256(raw).hexdigest() != entry["sha256"]:
        raise ValueError("fixture pixels do not match their sha256")
    return np.frombuffer(raw, dtype="<f4").reshape(entry["shape"])


def settings_json(s: sk.RenderSettings) -> dict:
    return {"size": s.size, "margin": s.margin, "scoreThreshold": s.score_threshold, "lineSigma": s.line_sigma}


def settings_from_json(d: dict) -> sk.RenderSettings:
    return sk.RenderSettings(d["size"], d["margin"], d["scoreThreshold"], d["lineSigma"])


def build() -> dict:
    clips = []
    for name, width, height, settings, box, kp in inputs():
        pixels, crop = sk.render_clip(kp, width, height, settings, box)
        clips.append({"name": name, "width": width, "height": height, "settings": settings_json(settings),
                      "fallbackBox": list(box), "keypoints": kp.tolist(),
                      "crop": {"left": crop.left, "top": crop.top, "side": crop.side}, "pixels": encode(pixels)})
    return {"spec": sk.SPEC, "generator": "python3 -m tests.skeleton_parity (in model/)",
            "keypointLayout": "[T][17][y, x, score], COCO order, normalised to the width x height frame; "
                              "fallbackBox [yMin, xMin, yMax, xMax] normalised; crop in frame pixels",
            "tolerance": TOLERANCE, "toleranceMeaning": "max abs difference on the 0..255 scale", "clips": clips}


def main() -> None:
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(build(), indent=1)
    # One line per innermost list of numbers (a keypoint's y, x, score; a box), not one line per number.
    text = re.sub(r"\[\s*([-+0-9.eE,\s]+?)\s*\]", lambda m: "[" + re.sub(r"\s+", " ", m.group(1)) + "]", text)
    FIXTURE.write_text(text + "\n")
    print(f"wrote {FIXTURE} ({FIXTURE.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
