"""MobileViT (Mehta & Rastegari, 2021) in plain PyTorch, XXS / XS / S.

Written for ONNX export: the patch unfold/fold is reshape + permute (``nn.Unfold``/``nn.Fold`` export to
``aten::col2im``, which opset 17 exporters reject), attention is explicit matmuls (exports everywhere and lets the
MAC counter see every multiply), and every reshape keeps the batch axis as ``-1`` so the batch stays dynamic.

The backbone processes frames folded into the batch (``[B*T, 3, H, W]``). Adapter hooks (``frames`` = T) are passed
down so ST-Adapters can unfold the time axis; with no adapters attached the network is an ordinary image model.
"""
from dataclasses import dataclass
from typing import List, Optional, Tuple

import torch
from torch import nn
import torch.nn.functional as F


@dataclass(frozen=True)
class MobileViTConfig:
    name: str
    channels: Tuple[int, ...]      # stem, layer1..layer5, final 1x1 expansion
    dims: Tuple[int, int, int]     # transformer widths in layers 3, 4, 5
    depths: Tuple[int, int, int]   # transformer layers in layers 3, 4, 5
    expansion: int                 # MobileNetV2 inverted-residual expansion
    heads: int = 4
    patch: int = 2


CONFIGS = {
    "xxs": MobileViTConfig("xxs", (16, 16, 24, 48, 64, 80, 320), (64, 80, 96), (2, 4, 3), 2),
    "xs": MobileViTConfig("xs", (16, 32, 48, 64, 80, 96, 384), (96, 120, 144), (2, 4, 3), 4),
    "s": MobileViTConfig("s", (16, 32, 64, 96, 128, 160, 640), (144, 192, 240), (2, 4, 3), 4),
}


def conv_bn(cin: int, cout: int, k: int = 1, stride: int = 1, groups: int = 1, act: bool = True) -> nn.Sequential:
    layers = [nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False), nn.BatchNorm2d(cout)]
    if act:
        layers.append(nn.SiLU())
    return nn.Sequential(*layers)


class InvertedResidual(nn.Module):
    """MobileNetV2 block: 1x1 expand -> 3x3 depthwise -> 1x1 project (+ identity when shapes allow)."""

    def __init__(self, cin: int, cout: int, stride: int, expansion: int):
        super().__init__()
        hidden = cin * expansion
        self.block = nn.Sequential(
            conv_bn(cin, hidden, 1),
            conv_bn(hidden, hidden, 3, stride, groups=hidden),
            conv_bn(hidden, cout, 1, act=False),
        )
        self.residual = stride == 1 and cin == cout

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.block(x)
        return x + y if self.residual else y


class Attention(nn.Module):
    """Multi-head self-attention over ``[S, N, d]`` with explicit matmuls (exportable and countable)."""

    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.heads = heads
        self.head_dim = dim // heads
        self.scale = self.head_dim ** -0.5
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n, d = x.shape[1], x.shape[2]
        qkv = self.qkv(x).reshape(-1, n, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = torch.softmax(torch.matmul(q * self.scale, k.transpose(-2, -1)), dim=-1)
        out = torch.matmul(attn, v).permute(0, 2, 1, 3).reshape(-1, n, d)
        return self.proj(out)


class TransformerLayer(nn.Module):
    """Pre-norm transformer layer; ``adapter`` (ST-Adapter) sits before attention as in Pan et al."""

    def __init__(self, dim: int, heads: int, ffn_dim: int):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim)
        self.ffn = nn.Sequential(nn.Linear(dim, ffn_dim), nn.SiLU(), nn.Linear(ffn_dim, dim))
        self.adapter: Optional[nn.Module] = None

    def forward(self, x: torch.Tensor, frames: int) -> torch.Tensor:
        # x: [B*T*P, N, d]
        if self.adapter is not None:
            x = self.adapter(x, frames)
        x = x + self.attn(self.norm1(x))
        return x + self.ffn(self.norm2(x))


class MobileViTBlock(nn.Module):
    """Local 3x3 conv -> 1x1 to d -> unfold 2x2 patches -> transformer -> fold -> 1x1 back -> fuse with input."""

    def __init__(self, channels: int, dim: int, depth: int, heads: int, patch: int):
        super().__init__()
        self.patch = patch
        self.local = nn.Sequential(conv_bn(channels, channels, 3), nn.Conv2d(channels, dim, 1, bias=False))
        self.layers = nn.ModuleList([TransformerLayer(dim, heads, dim * 2) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.project = conv_bn(dim, channels, 1)
        self.fuse = conv_bn(2 * channels, channels, 3)
        self.adapter: Optional[nn.Module] = None   # conv-map ST-Adapter at the block input

    def unfold(self, x: torch.Tensor) -> Tuple[torch.Tensor, int, int]:
        # [S, d, H, W] -> [S*P, N, d]: every pixel offset inside a patch attends across all patches.
        d, h, w = x.shape[1], x.shape[2], x.shape[3]
        p = self.patch
        nh, nw = h // p, w // p
        x = x.reshape(-1, d, nh, p, nw, p).permute(0, 3, 5, 2, 4, 1).reshape(-1, nh * nw, d)
        return x, nh, nw

    def fold(self, x: torch.Tensor, nh: int, nw: int) -> torch.Tensor:
        p = self.patch
        d = x.shape[2]
        return x.reshape(-1, p, p, nh, nw, d).permute(0, 5, 3, 1, 4, 2).reshape(-1, d, nh * p, nw * p)

    def forward(self, x: torch.Tensor, frames: int) -> torch.Tensor:
        if self.adapter is not None:
            x = self.adapter(x, frames)
        y = self.local(x)
        y, nh, nw = self.unfold(y)
        for layer in self.layers:
            y = layer(y, frames)
        y = self.fold(self.norm(y), nh, nw)
        y = self.project(y)
        return self.fuse(torch.cat([x, y], dim=1))


class MobileViT(nn.Module):
    """Backbone returning pooled features ``[S, channels[-1]]`` for ``S`` images (frames folded into the batch)."""

    def __init__(self, config: MobileViTConfig):
        super().__init__()
        c, e = config.channels, config.expansion
        self.config = config
        self.stem = conv_bn(3, c[0], 3, 2)
        self.layer1 = nn.Sequential(InvertedResidual(c[0], c[1], 1, e))
        self.layer2 = nn.Sequential(
            InvertedResidual(c[1], c[2], 2, e), InvertedResidual(c[2], c[2], 1, e), InvertedResidual(c[2], c[2], 1, e))
        self.down3 = InvertedResidual(c[2], c[3], 2, e)
        self.vit3 = MobileViTBlock(c[3], config.dims[0], config.depths[0], config.heads, config.patch)
        self.down4 = InvertedResidual(c[3], c[4], 2, e)
        self.vit4 = MobileViTBlock(c[4], config.dims[1], config.depths[1], config.heads, config.patch)
        self.down5 = InvertedResidual(c[4], c[5], 2, e)
        self.vit5 = MobileViTBlock(c[5], config.dims[2], config.depths[2], config.heads, config.patch)
        self.expand = conv_bn(c[5], c[6], 1)
        self.feature_dim = c[6]
        self.final_adapter: Optional[nn.Module] = None   # conv-map ST-Adapter on the last feature map
        self._init_weights()

    def _init_weights(self) -> None:
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out")
            elif isinstance(m, nn.Linear):
                nn.init.trunc_normal_(m.weight, std=0.02)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)

    def vit_blocks(self) -> List[MobileViTBlock]:
        return [self.vit3, self.vit4, self.vit5]

    def prefix(self, x: torch.Tensor) -> torch.Tensor:
        """The layers before the first adapter site (stride 8). Frozen and purely per-frame, so a trainer may cache
        their output; they cost ~60% of the forward time at 128 px."""
        return self.down3(self.layer2(self.layer1(self.stem(x))))

    def suffix(self, x: torch.Tensor, frames: int = 1) -> torch.Tensor:
        x = self.vit3(x, frames)
        x = self.vit4(self.down4(x), frames)
        x = self.expand(self.vit5(self.down5(x), frames))
        if self.final_adapter is not None:
            x = self.final_adapter(x, frames)
        return x

    def feature_map(self, x: torch.Tensor, frames: int = 1) -> torch.Tensor:
        return self.suffix(self.prefix(x), frames)

    def forward(self, x: torch.Tensor, frames: int = 1) -> torch.Tensor:
        return self.feature_map(x, frames).mean(dim=(2, 3))


def mobilevit(name: str) -> MobileViT:
    try:
        return MobileViT(CONFIGS[name.lower()])
    except KeyError:
        raise ValueError(f"unknown MobileViT config {name!r}; expected one of {sorted(CONFIGS)}") from None
