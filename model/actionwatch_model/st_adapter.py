"""ST-Adapter (Pan et al., NeurIPS 2022): 1x1 down-projection -> depthwise temporal conv (kernel 3, zero-initialised)
-> 1x1 up-projection -> residual add.

Frames travel folded into the batch (``[B*T, ...]``); an adapter unfolds time only around its temporal convolution.
Because the temporal conv starts at zero, a freshly attached adapter is the identity and the frozen backbone's
behaviour is unchanged at step 0.

Temporal convolution formulations (same weights ``[r, 1, 3, 1]``, same numbers, different ONNX graphs):
  * ``"2d"``       Conv2d, kernel (3, 1), over ``[B, r, T, L]`` (L = spatial positions / tokens).
  * ``"2d-batch"`` Conv2d, kernel (3, 1), over ``[B*L, r, T, 1]`` (spatial positions folded into the batch).
  * ``"3d"``       Conv3d, kernel (3, 1, 1), over ``[B, r, T, L, 1]``, the textbook form.
See ``model/README.md`` for the measurements behind the default.
"""
from typing import Optional

import torch
from torch import nn
import torch.nn.functional as F

TEMPORAL_IMPLS = ("2d", "2d-batch", "3d")
DEFAULT_TEMPORAL_IMPL = "2d"


class TemporalDepthwiseConv(nn.Module):
    """Depthwise conv over time on ``[B, r, T, L]``; returns the same layout."""

    def __init__(self, channels: int, kernel: int = 3, impl: str = DEFAULT_TEMPORAL_IMPL):
        super().__init__()
        if impl not in TEMPORAL_IMPLS:
            raise ValueError(f"temporal impl {impl!r} not in {TEMPORAL_IMPLS}")
        self.impl = impl
        self.channels = channels
        self.pad = kernel // 2
        self.weight = nn.Parameter(torch.zeros(channels, 1, kernel, 1))
        self.bias = nn.Parameter(torch.zeros(channels))

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        r = self.channels
        if self.impl == "2d":
            return F.conv2d(z, self.weight, self.bias, padding=(self.pad, 0), groups=r)
        if self.impl == "3d":
            y = F.conv3d(z.unsqueeze(-1), self.weight.unsqueeze(-1), self.bias, padding=(self.pad, 0, 0), groups=r)
            return y.squeeze(-1)
        t, l = z.shape[2], z.shape[3]
        y = z.permute(0, 3, 1, 2).reshape(-1, r, t, 1)
        y = F.conv2d(y, self.weight, self.bias, padding=(self.pad, 0), groups=r)
        return y.reshape(-1, l, r, t).permute(0, 2, 3, 1)


class TokenAdapter(nn.Module):
    """ST-Adapter on transformer tokens ``[B*T*P, N, d]`` (MobileViT unfolds each frame into P pixel groups)."""

    def __init__(self, dim: int, bottleneck: int, groups_per_frame: int, impl: str = DEFAULT_TEMPORAL_IMPL):
        super().__init__()
        self.groups_per_frame = groups_per_frame
        self.bottleneck = bottleneck
        self.down = nn.Linear(dim, bottleneck)
        self.conv = TemporalDepthwiseConv(bottleneck, 3, impl)
        self.up = nn.Linear(bottleneck, dim)
        nn.init.zeros_(self.down.bias)
        nn.init.zeros_(self.up.bias)

    def forward(self, x: torch.Tensor, frames: int) -> torch.Tensor:
        n, r = x.shape[1], self.bottleneck
        z = self.down(x).reshape(-1, frames, self.groups_per_frame * n, r).permute(0, 3, 1, 2)   # [B, r, T, L]
        z = self.conv(z).permute(0, 2, 3, 1).reshape(-1, n, r)                                   # [B*T*P, N, r]
        return x + self.up(z)


class ConvMapAdapter(nn.Module):
    """ST-Adapter on convolutional feature maps ``[B*T, C, H, W]`` (1x1 convs as the projections)."""

    def __init__(self, channels: int, bottleneck: int, impl: str = DEFAULT_TEMPORAL_IMPL):
        super().__init__()
        self.bottleneck = bottleneck
        self.down = nn.Conv2d(channels, bottleneck, 1)
        self.conv = TemporalDepthwiseConv(bottleneck, 3, impl)
        self.up = nn.Conv2d(bottleneck, channels, 1)
        nn.init.zeros_(self.down.bias)
        nn.init.zeros_(self.up.bias)

    def forward(self, x: torch.Tensor, frames: int) -> torch.Tensor:
        h, w, r = x.shape[2], x.shape[3], self.bottleneck
        z = self.down(x).reshape(-1, frames, r, h * w).permute(0, 2, 1, 3)      # [B, r, T, HW]
        z = self.conv(z).permute(0, 2, 1, 3).reshape(-1, r, h, w)               # [B*T, r, H, W]
        return x + self.up(z)


def bottleneck_width(dim: int, ratio: float) -> int:
    return max(8, int(round(dim * ratio)))


SITES = ("tokens", "maps", "final")


def parse_sites(sites: str):
    """``"all"`` or a comma list of: tokens (before attention in every transformer layer), maps (at every MobileViT
    block input), final (on the backbone's last 1x1-expanded feature map, just before spatial pooling)."""
    chosen = SITES if sites == "all" else tuple(s.strip() for s in sites.split(",") if s.strip())
    bad = [s for s in chosen if s not in SITES]
    if bad or not chosen:
        raise ValueError(f"adapter sites {sites!r}: expected 'all' or a comma list of {SITES}")
    return chosen


def attach_adapters(backbone, ratio: float = 0.5, sites: str = "all", impl: str = DEFAULT_TEMPORAL_IMPL) -> int:
    """Insert adapters into ``backbone`` at ``sites`` (see ``parse_sites``); returns how many were attached."""
    chosen = parse_sites(sites)
    count = 0
    for block in backbone.vit_blocks():
        if "maps" in chosen:
            channels = block.fuse[0].out_channels
            block.adapter = ConvMapAdapter(channels, bottleneck_width(channels, ratio), impl)
            count += 1
        if "tokens" in chosen:
            for layer in block.layers:
                dim = layer.norm1.normalized_shape[0]
                layer.adapter = TokenAdapter(dim, bottleneck_width(dim, ratio), block.patch ** 2, impl)
                count += 1
    if "final" in chosen:
        channels = backbone.feature_dim
        backbone.final_adapter = ConvMapAdapter(channels, bottleneck_width(channels, ratio), impl)
        count += 1
    return count


def adapter_modules(module: nn.Module):
    return [m for m in module.modules() if isinstance(m, (TokenAdapter, ConvMapAdapter))]


def set_temporal_impl(module: nn.Module, impl: Optional[str]) -> None:
    """Switch every adapter's temporal conv formulation (weights are shared across formulations)."""
    if impl is None:
        return
    if impl not in TEMPORAL_IMPLS:
        raise ValueError(f"temporal impl {impl!r} not in {TEMPORAL_IMPLS}")
    for m in module.modules():
        if isinstance(m, TemporalDepthwiseConv):
            m.impl = impl
