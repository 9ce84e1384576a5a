import tempfile
import unittest
from collections import OrderedDict
from pathlib import Path

import torch

from actionwatch_model.mobilevit import mobilevit
from actionwatch_model.pretrained import convert, load_pretrained_backbone


class PretrainedTest(unittest.TestCase):
    def foreign_checkpoint(self, arch="xxs"):
        """Our weights under other names plus an ImageNet classifier, like a timm checkpoint."""
        torch.manual_seed(1)
        src = mobilevit(arch)
        for p in src.parameters():
            p.data.normal_()
        state = OrderedDict(
            (f"encoder.t{i:03d}" + (".num_batches_tracked" if k.endswith("num_batches_tracked") else ".w"), v)
            for i, (k, v) in enumerate(src.state_dict().items()))
        state["head.fc.weight"] = torch.zeros(1000, src.feature_dim)
        return src, {"state_dict": state}

    def test_weights_land_on_the_right_tensors(self):
        src, ckpt = self.foreign_checkpoint()
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "timm.pth"
            torch.save(ckpt, path)
            dst = mobilevit("xxs")
            load_pretrained_backbone(dst, path)
        x = torch.randn(1, 3, 64, 64)
        with torch.no_grad():
            torch.testing.assert_close(dst.eval()(x), src.eval()(x))

    def test_wrong_architecture_fails_loudly(self):
        _, ckpt = self.foreign_checkpoint("xs")
        with self.assertRaises(ValueError):
            convert(ckpt, mobilevit("xxs"))


if __name__ == "__main__":
    unittest.main()
