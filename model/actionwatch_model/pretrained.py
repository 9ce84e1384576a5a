"""Load real ImageNet-pretrained MobileViT weights (timm ``mobilevit_xxs/xs/s`` or Apple ml-cvnets checkpoints)
into this backbone.

Those implementations declare their tensors in the same order as ``mobilevit.py`` (stem; inverted residuals as
expand/bn, depthwise/bn, project/bn; MobileViT blocks as local conv/bn, 1x1, per layer norm/qkv/proj/norm/fc1/fc2,
final norm, projection conv/bn, fusion conv/bn; final 1x1 conv/bn), so tensors are matched by order and every pair
must agree in shape: a wrong checkpoint fails loudly instead of loading half the weights. The ImageNet classifier
is dropped; adapters are untouched.

    /usr/bin/python3 -m actionwatch_model.pretrained mobilevit_xxs.pth runs/imagenet-xxs.pt --arch xxs
    /usr/bin/python3 -m actionwatch_model.train --pretrained runs/imagenet-xxs.pt --stage1-steps 0 ...
"""
import argparse
import sys
from collections import OrderedDict
from pathlib import Path

import torch

from .mobilevit import MobileViT, mobilevit

HEAD_MARKERS = ("classifier", "head.", "fc.", "logits")


def _backbone_keys(backbone: MobileViT):
    return [k for k in backbone.state_dict() if "adapter" not in k and not k.endswith("num_batches_tracked")]


def convert(source: dict, backbone: MobileViT) -> "OrderedDict[str, torch.Tensor]":
    for nested in ("state_dict", "model", "model_state"):
        if nested in source and isinstance(source[nested], dict):
            source = source[nested]
    tensors = [(k, v) for k, v in source.items()
               if torch.is_tensor(v) and not k.endswith("num_batches_tracked")
               and not any(m in k for m in HEAD_MARKERS)]
    ours = _backbone_keys(backbone)
    target = backbone.state_dict()
    if len(tensors) != len(ours):
        raise ValueError(f"checkpoint has {len(tensors)} backbone tensors, this {backbone.config.name} backbone "
                         f"has {len(ours)}: wrong architecture?")
    out = OrderedDict()
    for (src_key, value), key in zip(tensors, ours):
        if tuple(value.shape) != tuple(target[key].shape):
            raise ValueError(f"shape mismatch: checkpoint {src_key} {tuple(value.shape)} -> {key} "
                             f"{tuple(target[key].shape)}")
        out[key] = value.detach().clone().float()
    return out


def load_pretrained_backbone(backbone: MobileViT, path: Path) -> None:
    """Accepts a converted state_dict (our key names) or a timm / ml-cvnets checkpoint."""
    state = torch.load(str(path), map_location="cpu")
    ours = set(_backbone_keys(backbone))
    if isinstance(state, dict) and ours.issubset(state.keys()):
        backbone.load_state_dict({k: v for k, v in state.items() if k in backbone.state_dict()}, strict=False)
        return
    backbone.load_state_dict(convert(state, backbone), strict=False)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("source", type=Path)
    p.add_argument("target", type=Path)
    p.add_argument("--arch", default="xxs")
    a = p.parse_args(argv)
    backbone = mobilevit(a.arch)
    converted = convert(torch.load(str(a.source), map_location="cpu"), backbone)
    torch.save(converted, str(a.target))
    print(f"converted {len(converted)} tensors -> {a.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
