import unittest

import torch

from actionwatch_model.mobilevit import CONFIGS, mobilevit
from actionwatch_model.recognizer import ClipRecognizer, RecognizerConfig, parameter_counts
from actionwatch_model.st_adapter import TEMPORAL_IMPLS, TemporalDepthwiseConv, adapter_modules, set_temporal_impl
from actionwatch_model.macs import count_macs

torch.set_num_threads(2)


def small(**kw) -> ClipRecognizer:
    cfg = dict(arch="xxs", size=64, frames=4)
    cfg.update(kw)
    return ClipRecognizer(RecognizerConfig(**cfg))


def randomise_temporal(model: torch.nn.Module, seed: int = 0) -> None:
    g = torch.Generator().manual_seed(seed)
    for m in model.modules():
        if isinstance(m, TemporalDepthwiseConv):
            with torch.no_grad():
                m.weight.copy_(torch.randn(m.weight.shape, generator=g) * 0.5)


class ShapeTest(unittest.TestCase):
    def test_logits_shape_for_any_batch(self):
        model = small().eval()
        for n in (1, 3):
            with torch.no_grad():
                self.assertEqual(tuple(model(torch.randn(n, 4, 3, 64, 64)).shape), (n, 9))

    def test_backbone_feature_width_per_config(self):
        for name, cfg in CONFIGS.items():
            with torch.no_grad():
                f = mobilevit(name).eval()(torch.randn(2, 3, 64, 64))
            self.assertEqual(tuple(f.shape), (2, cfg.channels[-1]), name)

    def test_rejects_sizes_that_do_not_tile(self):
        with self.assertRaises(ValueError):
            small(size=100)


class ParameterTest(unittest.TestCase):
    def test_backbone_sizes_match_the_paper(self):
        # MobileViT paper: XXS 1.3M, XS 2.3M, S 5.6M with a 1000-class ImageNet head.
        for name, paper in (("xxs", 1.3e6), ("xs", 2.3e6), ("s", 5.6e6)):
            b = mobilevit(name)
            n = sum(p.numel() for p in b.parameters()) + b.feature_dim * 1000 + 1000
            self.assertAlmostEqual(n / paper, 1.0, delta=0.03, msg=name)

    def test_only_adapters_and_head_train(self):
        model = small()
        model.freeze_backbone()
        counts = parameter_counts(model)
        adapters = sum(p.numel() for a in adapter_modules(model) for p in a.parameters())
        head = sum(p.numel() for p in model.head.parameters())
        self.assertEqual(counts["trainable"], adapters + head)
        self.assertGreater(adapters, 0)
        self.assertAlmostEqual(counts["trainableShare"], counts["trainable"] / counts["total"], places=3)
        frozen = [n for n, p in model.named_parameters() if not p.requires_grad]
        self.assertTrue(frozen and all("adapter" not in n for n in frozen))

    def test_baseline_trains_only_the_head(self):
        model = small(adapters=False)
        model.freeze_backbone()
        self.assertEqual(parameter_counts(model)["trainable"], sum(p.numel() for p in model.head.parameters()))

    def test_frozen_backbone_stays_in_eval_mode(self):
        model = small()
        model.freeze_backbone()
        model.train()
        bns = [m for m in model.backbone.modules() if isinstance(m, torch.nn.BatchNorm2d)]
        self.assertTrue(all(not bn.training for bn in bns))
        self.assertTrue(all(a.training for a in adapter_modules(model)))

    def test_macs_grow_with_adapters_and_size(self):
        x = torch.zeros(1, 4, 3, 64, 64)
        base = count_macs(small(adapters=False), x)
        with_adapters = count_macs(small(), x)
        self.assertGreater(with_adapters, base)
        self.assertAlmostEqual(count_macs(small(size=128), torch.zeros(1, 4, 3, 128, 128)) / with_adapters, 4.0,
                               delta=0.4)


class AdapterTest(unittest.TestCase):
    def test_zero_initialised_adapters_are_the_identity(self):
        torch.manual_seed(0)
        with_adapters = small().eval()
        plain = small(adapters=False).eval()
        missing, unexpected = plain.load_state_dict(with_adapters.state_dict(), strict=False)
        self.assertEqual(missing, [])
        self.assertTrue(unexpected and all("adapter" in k for k in unexpected))
        x = torch.randn(2, 4, 3, 64, 64)
        with torch.no_grad():
            torch.testing.assert_close(with_adapters(x), plain(x), rtol=0, atol=1e-6)

    def test_baseline_cannot_see_frame_order(self):
        model = small(adapters=False).eval()
        x = torch.randn(2, 4, 3, 64, 64)
        with torch.no_grad():
            torch.testing.assert_close(model(x), model(x.flip(1)), rtol=1e-4, atol=1e-5)

    def test_trained_adapters_see_frame_order(self):
        model = small().eval()
        randomise_temporal(model)
        x = torch.randn(2, 4, 3, 64, 64)
        with torch.no_grad():
            self.assertGreater(float((model(x) - model(x.flip(1))).abs().max()), 1e-3)

    def test_temporal_formulations_agree(self):
        model = small().eval()
        randomise_temporal(model)
        x = torch.randn(2, 4, 3, 64, 64)
        outs = []
        for impl in TEMPORAL_IMPLS:
            set_temporal_impl(model, impl)
            with torch.no_grad():
                outs.append(model(x))
        for o in outs[1:]:
            torch.testing.assert_close(o, outs[0], rtol=1e-4, atol=1e-5)

    def test_clips_do_not_mix_across_the_batch(self):
        model = small().eval()
        randomise_temporal(model)
        x = torch.randn(3, 4, 3, 64, 64)
        with torch.no_grad():
            together = model(x)
            alone = torch.cat([model(x[i:i + 1]) for i in range(3)])
        torch.testing.assert_close(together, alone, rtol=1e-4, atol=1e-5)

    def test_gradient_reaches_temporal_conv_at_step_zero(self):
        model = small()
        model.freeze_backbone()
        loss = model(torch.randn(2, 4, 3, 64, 64)).logsumexp(1).sum()
        loss.backward()
        grads = [m.weight.grad for m in model.modules() if isinstance(m, TemporalDepthwiseConv)]
        self.assertTrue(grads and all(g is not None and float(g.abs().sum()) > 0 for g in grads))


if __name__ == "__main__":
    unittest.main()


class PrefixCacheTest(unittest.TestCase):
    def test_logits_from_cached_prefix_equal_the_full_forward(self):
        model = small().eval()
        randomise_temporal(model)
        x = torch.randn(2, 4, 3, 64, 64)
        with torch.no_grad():
            torch.testing.assert_close(model.forward_from_prefix(model.prefix_features(x)), model(x),
                                       rtol=1e-4, atol=1e-5)
