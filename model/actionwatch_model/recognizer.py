"""Clip classifier: MobileViT on every frame (frames folded into the batch), optional ST-Adapters, temporal average
pooling, linear head. Input ``[N, T, 3, H, W]`` -> logits ``[N, num_classes]``.

``adapters=False`` is the ablation: the same backbone, temporal average pooling and a trained head. Pooling a set of
frames forgets their order, so this model cannot separate clips that hold the same frames reversed.
"""
from dataclasses import asdict, dataclass

import torch
from torch import nn

from .mobilevit import mobilevit
from .st_adapter import DEFAULT_TEMPORAL_IMPL, adapter_modules, attach_adapters


@dataclass
class RecognizerConfig:
    arch: str = "xxs"
    num_classes: int = 9
    frames: int = 8
    size: int = 128
    adapters: bool = True
    adapter_ratio: float = 0.5
    adapter_sites: str = "all"
    temporal_impl: str = DEFAULT_TEMPORAL_IMPL
    dropout: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


class ClipRecognizer(nn.Module):
    def __init__(self, config: RecognizerConfig):
        super().__init__()
        if config.size % 64 != 0:
            # five stride-2 stages leave size/32 pixels for the last MobileViT block, which must tile into 2x2 patches
            raise ValueError(f"input size must be a multiple of 64 (64, 128, 192, 256, ...); got {config.size}")
        self.config = config
        self.backbone = mobilevit(config.arch)
        if config.adapters:
            attach_adapters(self.backbone, config.adapter_ratio, config.adapter_sites, config.temporal_impl)
        self.dropout = nn.Dropout(config.dropout)
        self.head = nn.Linear(self.backbone.feature_dim, config.num_classes)
        self.backbone_frozen = False

    def freeze_backbone(self) -> None:
        """Train only adapters and head. Frozen BatchNorm layers also keep their running statistics (eval mode)."""
        for p in self.backbone.parameters():
            p.requires_grad_(False)
        for adapter in adapter_modules(self.backbone):
            for p in adapter.parameters():
                p.requires_grad_(True)
        self.backbone_frozen = True
        self.train(self.training)

    def train(self, mode: bool = True):
        super().train(mode)
        if self.backbone_frozen:
            self.backbone.eval()
            for adapter in adapter_modules(self.backbone):
                adapter.train(mode)
        return self

    def clip_features(self, clip: torch.Tensor) -> torch.Tensor:
        t, c, h, w = clip.shape[1], clip.shape[2], clip.shape[3], clip.shape[4]
        feats = self.backbone(clip.reshape(-1, c, h, w), t)            # [N*T, F]
        return feats.reshape(-1, t, feats.shape[1]).mean(dim=1)         # temporal average pooling

    def forward(self, clip: torch.Tensor) -> torch.Tensor:
        return self.head(self.dropout(self.clip_features(clip)))

    def prefix_features(self, clip: torch.Tensor) -> torch.Tensor:
        """[N, T, 3, H, W] -> [N, T, C, H/8, W/8]: the frozen per-frame layers before any adapter."""
        t, c, h, w = clip.shape[1], clip.shape[2], clip.shape[3], clip.shape[4]
        p = self.backbone.prefix(clip.reshape(-1, c, h, w))
        return p.reshape(-1, t, p.shape[1], p.shape[2], p.shape[3])

    def pooled_from_prefix(self, prefix: torch.Tensor) -> torch.Tensor:
        t = prefix.shape[1]
        f = self.backbone.suffix(prefix.flatten(0, 1), t).mean(dim=(2, 3))
        return f.reshape(-1, t, f.shape[1]).mean(dim=1)

    def forward_from_prefix(self, prefix: torch.Tensor) -> torch.Tensor:
        """Same logits as ``forward`` given ``prefix_features`` of the clip (training-time cache)."""
        return self.head(self.dropout(self.pooled_from_prefix(prefix)))


def parameter_counts(model: nn.Module) -> dict:
    total = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return {"total": total, "trainable": trainable, "trainableShare": round(trainable / total, 4) if total else 0.0}
