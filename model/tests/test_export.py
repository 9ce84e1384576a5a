import json
import tempfile
import unittest
from pathlib import Path

import onnx
import torch

from actionwatch_model import LABELS
from actionwatch_model.export import check_onnx, export_reference, load_checkpoint
from actionwatch_model.recognizer import ClipRecognizer, RecognizerConfig
from actionwatch_model.train import save_checkpoint

torch.set_num_threads(2)

CARD_KEYS = {"name", "version", "onnxFile", "input", "output", "sampling", "preprocessing", "labels", "parameters",
             "gmacsPerClip", "training", "evaluation"}


class ExportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = Path(cls.tmp.name)
        torch.manual_seed(0)
        cls.model = ClipRecognizer(RecognizerConfig(size=64, frames=4))
        cls.model.freeze_backbone()
        for m in cls.model.modules():
            if hasattr(m, "impl"):
                torch.nn.init.normal_(m.weight, std=0.3)
        cls.report = export_reference(cls.model, cls.dir, "9.9.9-test", {"seed": 7}, {"top1": 0.5})

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_graph_passes_checker_with_contract_names_and_dynamic_batch(self):
        m = onnx.load(str(self.dir / "model.onnx"))
        onnx.checker.check_model(m)
        self.assertEqual([i.name for i in m.graph.input], ["clip"])
        self.assertEqual([o.name for o in m.graph.output], ["logits"])
        dims = m.graph.input[0].type.tensor_type.shape.dim
        self.assertTrue(dims[0].dim_param)
        self.assertEqual([d.dim_value for d in dims[1:]], [4, 3, 64, 64])
        self.assertEqual(m.opset_import[0].version, 17)
        self.assertFalse([n.op_type for n in m.graph.node if n.op_type in ("Col2Im", "Conv3D")])

    def test_check_onnx_rejects_a_wrong_contract(self):
        with self.assertRaises(AssertionError):
            check_onnx(self.dir / "model.onnx", RecognizerConfig(size=64, frames=8))

    def test_card_follows_the_contract(self):
        card = json.loads((self.dir / "model-card.json").read_text())
        self.assertEqual(set(card), CARD_KEYS)
        self.assertEqual(card["input"], {"name": "clip", "layout": "NTCHW", "frames": 4, "channels": 3,
                                         "height": 64, "width": 64, "dtype": "float32"})
        self.assertEqual(card["output"], {"name": "logits", "kind": "logits"})
        self.assertEqual(card["labels"], LABELS)
        self.assertEqual(card["preprocessing"]["resize"], "bilinear-half-pixel")
        self.assertEqual(card["version"], "9.9.9-test")
        self.assertGreater(card["parameters"]["trainable"], 0)
        self.assertGreater(card["gmacsPerClip"], 0)

    def test_golden_output_is_the_models_output_on_the_golden_input(self):
        golden = json.loads((self.dir / "golden.json").read_text())
        x = torch.tensor(golden["input"]["data"], dtype=torch.float32).view(golden["input"]["shape"])
        self.assertEqual(golden["input"]["shape"], [1, 4, 3, 64, 64])
        with torch.no_grad():
            y = self.model.eval()(x)
        expected = torch.tensor(golden["output"]["data"]).view(golden["output"]["shape"])
        torch.testing.assert_close(y, expected, rtol=0, atol=1e-5)
        self.assertEqual(golden["expectedTop1"], [LABELS[int(y.argmax(1))]])

    def test_checkpoint_round_trip(self):
        path = self.dir / "ckpt.pt"
        save_checkpoint(path, self.model)
        again = load_checkpoint(path).eval()
        x = torch.randn(2, 4, 3, 64, 64)
        with torch.no_grad():
            torch.testing.assert_close(again(x), self.model.eval()(x))
        self.assertEqual(again.config, self.model.config)


if __name__ == "__main__":
    unittest.main()
