import json
import tempfile
import unittest
from pathlib import Path

import onnx

from actionwatch_model.train import build_parser, metrics, run
from actionwatch_model import LABELS
from tests.fixtures import write_dataset

import torch


class SmokeTrainingTest(unittest.TestCase):
    def test_smoke_training_writes_checkpoints_metrics_and_exports(self):
        with tempfile.TemporaryDirectory() as d:
            root = write_dataset(Path(d) / "data", clips_per_class=1, frames=15)
            out, ref = Path(d) / "run", Path(d) / "ref"
            args = build_parser().parse_args(["--data", str(root), "--out", str(out), "--export", str(ref),
                                              "--smoke", "--seed", "3"])
            result = run(args)
            first = json.loads((out / "metrics.json").read_text())["evaluation"]
            args = build_parser().parse_args(["--data", str(root), "--out", str(out), "--smoke", "--seed", "3"])
            second = run(args)["evaluation"]
            for name in ("adapter.pt", "baseline.pt", "backbone.pt", "metrics.json"):
                self.assertTrue((out / name).exists(), name)
            for name in ("model.onnx", "baseline.onnx", "model-card.json", "golden.json"):
                self.assertTrue((ref / name).exists(), name)
            onnx.checker.check_model(onnx.load(str(ref / "baseline.onnx")))
            card = json.loads((ref / "model-card.json").read_text())
        ev = result["evaluation"]
        self.assertEqual(ev["withAdapters"]["clips"], 9)
        self.assertIn("sitting_down/standing_up", ev["withAdapters"]["reversedPairs"]["pairs"])
        self.assertEqual(card["training"]["dataset"]["hash"], "sha256:test-fixture")
        self.assertEqual(card["evaluation"]["withoutAdapters"]["onnxFile"], "baseline.onnx")
        # deterministic for a seed
        self.assertEqual(first["withAdapters"]["confusion"], second["withAdapters"]["confusion"])
        self.assertEqual(first["withoutAdapters"]["confusion"], second["withoutAdapters"]["confusion"])


class MetricsTest(unittest.TestCase):
    def test_reversed_pair_and_confusion_bookkeeping(self):
        idx = {n: i for i, n in enumerate(LABELS)}
        y = torch.tensor([idx["sitting_down"], idx["standing_up"], idx["waving"], idx["falling_down"]])
        logits = torch.zeros(4, 9)
        logits[0, idx["standing_up"]] = 1       # wrong, reversed
        logits[1, idx["standing_up"]] = 1       # right
        logits[2, idx["waving"]] = 1            # right
        logits[3, idx["jumping"]] = 1           # wrong, but falling_down beats getting_up two-way (tie -> first)
        m = metrics(logits, y, LABELS)
        self.assertEqual(m["top1"], 0.5)
        self.assertEqual(m["reversedPairs"]["pairs"]["sitting_down/standing_up"]["top1"], 0.5)
        self.assertEqual(m["reversedPairs"]["pairs"]["falling_down/getting_up"]["twoWay"], 1.0)
        self.assertAlmostEqual(m["reversedPairs"]["top1"], 1 / 3, places=3)
        self.assertEqual(m["confusion"]["matrix"][idx["sitting_down"]][idx["standing_up"]], 1)
        self.assertIsNone(m["perClass"]["walking_left"])


if __name__ == "__main__":
    unittest.main()


class RealDataTrainingTest(unittest.TestCase):
    def test_frame_folder_csv_trains_and_exports_with_its_own_labels(self):
        import csv
        import numpy as np
        from PIL import Image
        from actionwatch_model.train_real import main as train_real
        with tempfile.TemporaryDirectory() as d:
            root = Path(d)
            rows = []
            for c in range(4):
                label = ("left", "right")[c % 2]
                (root / f"v{c}").mkdir()
                for f in range(10):
                    img = np.zeros((24, 32, 3), np.uint8)
                    x = 2 + 3 * f if label == "right" else 29 - 3 * f
                    img[8:16, x:x + 3] = 255
                    Image.fromarray(img).save(root / f"v{c}" / f"{f:04d}.jpg")
                rows.append([f"v{c}", label])
            with (root / "all.csv").open("w", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(["path", "label"])
                w.writerows(rows)
            rc = train_real(["--train-csv", str(root / "all.csv"), "--val-csv", str(root / "all.csv"),
                             "--root", str(root), "--arch", "xxs", "--size", "64", "--frames", "4",
                             "--frame-step", "2", "--epochs", "1", "--batch", "2", "--workers", "0",
                             "--device", "cpu", "--out", str(root / "run"), "--export", str(root / "ref")])
            card = json.loads((root / "ref" / "model-card.json").read_text())
        self.assertEqual(rc, 0)
        self.assertEqual(card["labels"], ["left", "right"])
        self.assertEqual(card["evaluation"]["withAdapters"]["clips"], 4)
