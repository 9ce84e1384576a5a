"""Multiply-accumulate count by forward hooks (convolutions, linear layers, attention matmuls, temporal convs).

Normalisation, activations and softmax are not counted (the usual convention for GMAC figures).
"""
import torch
from torch import nn

from .mobilevit import Attention
from .st_adapter import TemporalDepthwiseConv


def count_macs(model: nn.Module, example: torch.Tensor) -> int:
    total = [0]

    def conv_hook(m: nn.Conv2d, inputs, out):
        k = m.kernel_size[0] * m.kernel_size[1]
        total[0] += out.numel() * (m.in_channels // m.groups) * k

    def linear_hook(m: nn.Linear, inputs, out):
        total[0] += out.numel() * m.in_features

    def attention_hook(m: Attention, inputs, out):
        s, n, d = inputs[0].shape
        total[0] += 2 * s * n * n * d      # q @ k^T and attn @ v over all heads

    def temporal_hook(m: TemporalDepthwiseConv, inputs, out):
        total[0] += out.numel() * m.weight.shape[2]

    handles = []
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            handles.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, nn.Linear):
            handles.append(m.register_forward_hook(linear_hook))
        elif isinstance(m, Attention):
            handles.append(m.register_forward_hook(attention_hook))
        elif isinstance(m, TemporalDepthwiseConv):
            handles.append(m.register_forward_hook(temporal_hook))
    try:
        was_training = model.training
        model.eval()
        with torch.no_grad():
            model(example)
        model.train(was_training)
    finally:
        for h in handles:
            h.remove()
    return total[0]
