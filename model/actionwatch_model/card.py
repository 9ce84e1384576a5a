"""The model card: the only model-specific knowledge the Java pipeline has (see the team brief's contract)."""
import json
from pathlib import Path
from typing import Optional

from . import LABELS, MEAN, STD
from .recognizer import RecognizerConfig

FRAME_STEP = 2
CLIP_STRIDE = 8


def model_name(config: RecognizerConfig) -> str:
    suffix = "st-adapter" if config.adapters else "avgpool"
    return f"mobilevit-{config.arch}-{suffix}"


def build_card(config: RecognizerConfig, parameters: dict, gmacs_per_clip: float, version: str,
               training: dict, evaluation: dict, onnx_file: str = "model.onnx",
               labels: Optional[list] = None, frame_step: int = FRAME_STEP, clip_stride: int = CLIP_STRIDE,
               mode: Optional[dict] = None) -> dict:
    """The card; ``mode`` (per-person skeleton input) is written only when given, so whole-frame cards stay as
    they were (the pipeline reads an absent mode as whole frame)."""
    card = {
        "name": model_name(config),
        "version": version,
        "onnxFile": onnx_file,
        "input": {"name": "clip", "layout": "NTCHW", "frames": config.frames, "channels": 3,
                  "height": config.size, "width": config.size, "dtype": "float32"},
        "output": {"name": "logits", "kind": "logits"},
        "sampling": {"frameStep": frame_step, "clipStride": clip_stride},
        "preprocessing": {"resize": "bilinear-half-pixel", "colorOrder": "RGB", "scale": 255.0,
                          "mean": list(MEAN), "std": list(STD)},
        "labels": list(labels or LABELS),
        "parameters": parameters,
        "gmacsPerClip": round(gmacs_per_clip, 4),
        "training": training,
        "evaluation": evaluation,
    }
    if mode is not None:
        card["mode"] = mode
    return card


def write_card(card: dict, path: Path) -> None:
    path.write_text(json.dumps(card, indent=2) + "\n")
