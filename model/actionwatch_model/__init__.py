"""actionwatch model: MobileViT backbone + ST-Adapters, training and ONNX export.

Runs on Debian's python3-torch 1.13 (CPU) and on newer PyTorch on GPU hosts.
"""

LABELS = [
    "walking_left", "walking_right", "waving", "falling_down", "getting_up",
    "sitting_down", "standing_up", "jumping", "standing_still",
]

# Pairs whose clips hold the same frames in opposite order: only a model that uses time separates them.
REVERSED_PAIRS = [("sitting_down", "standing_up"), ("falling_down", "getting_up")]

MEAN = (0.5, 0.5, 0.5)
STD = (0.5, 0.5, 0.5)
