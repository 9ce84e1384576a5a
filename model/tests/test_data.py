import csv
import tempfile
import unittest
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from actionwatch_model import LABELS
from actionwatch_model.data import RealVideoDataset, decode_frame, load_synthetic_split, normalize, \
    preprocess_jpeg_bytes
from tests.fixtures import write_dataset


class PreprocessingTest(unittest.TestCase):
    def test_resize_is_bilinear_half_pixel_on_the_whole_frame(self):
        rgb = np.random.default_rng(0).integers(0, 256, (24, 40, 3), dtype=np.uint8)
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "f.png"          # lossless, so only the resize is under test
            Image.fromarray(rgb).save(p)
            got = decode_frame(p, 16)
            raw = p.read_bytes()
        # Hand-written half-pixel bilinear (no antialias) on the full frame, independent of F.interpolate.
        src = rgb.astype(np.float64)
        out = np.zeros((16, 16, 3))
        for oy in range(16):
            sy = max((oy + 0.5) * 24 / 16 - 0.5, 0.0)
            y0 = min(int(sy), 23); y1 = min(y0 + 1, 23); wy = sy - y0
            for ox in range(16):
                sx = max((ox + 0.5) * 40 / 16 - 0.5, 0.0)
                x0 = min(int(sx), 39); x1 = min(x0 + 1, 39); wx = sx - x0
                top = src[y0, x0] * (1 - wx) + src[y0, x1] * wx
                bot = src[y1, x0] * (1 - wx) + src[y1, x1] * wx
                out[oy, ox] = top * (1 - wy) + bot * wy
        expected = torch.from_numpy(out).permute(2, 0, 1)
        self.assertLessEqual(float((got.double() - expected).abs().max()), 0.5 + 1e-6)
        exact = preprocess_jpeg_bytes(raw, 16).double()
        torch.testing.assert_close(exact, (expected / 255 - 0.5) / 0.5, rtol=0, atol=1e-5)

    def test_normalize_maps_0_255_to_minus1_1(self):
        x = normalize(torch.tensor([0, 255], dtype=torch.uint8).view(1, 2, 1).expand(3, 2, 1))
        torch.testing.assert_close(x[:, :, 0], torch.tensor([[-1.0, 1.0]] * 3))


class SyntheticLoaderTest(unittest.TestCase):
    def test_loads_frames_labels_and_frame_targets(self):
        with tempfile.TemporaryDirectory() as d:
            root = write_dataset(Path(d), clips_per_class=1, frames=5, splits=("test",))
            data = load_synthetic_split(root, "test", 32, LABELS, cache_dir=Path(d) / "cache")
            cached = load_synthetic_split(root, "test", 32, LABELS, cache_dir=Path(d) / "cache")
        self.assertEqual(tuple(data.frames.shape), (9, 5, 3, 32, 32))
        self.assertEqual(data.frames.dtype, torch.uint8)
        self.assertEqual(sorted(data.labels.tolist()), list(range(9)))
        self.assertEqual(set(data.frame_targets), {"label", "posture", "phase"})
        self.assertEqual(data.frame_targets["phase"].dtype, torch.float32)
        self.assertEqual(data.frame_target_classes["posture"], ["high", "low"])
        torch.testing.assert_close(cached.frames, data.frames)
        # reversed pair: sitting_down's frame k is standing_up's frame 4-k up to JPEG noise of the background
        i, j = data.labels.tolist().index(LABELS.index("sitting_down")), data.labels.tolist().index(
            LABELS.index("standing_up"))
        a, b = data.frames[i].float(), data.frames[j].flip(0).float()
        self.assertLess(float((a - b).abs().mean()), 8.0)


class RealLoaderTest(unittest.TestCase):
    def test_frame_folder_csv(self):
        with tempfile.TemporaryDirectory() as d:
            root = Path(d)
            for name, label in (("a", "run"), ("b", "sit")):
                (root / name).mkdir()
                for f in range(20):
                    Image.fromarray(np.full((30, 40, 3), f * 10, np.uint8)).save(root / name / f"img_{f:05d}.jpg")
            with (root / "train.csv").open("w", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(["path", "label"])
                w.writerows([["a", "run"], ["b", "sit"]])
            ds = RealVideoDataset(root / "train.csv", root, frames=4, frame_step=3, size=32, train=False)
            clip, label = ds[1]
        self.assertEqual(ds.labels, ["run", "sit"])
        self.assertEqual(label, 1)
        self.assertEqual(tuple(clip.shape), (4, 3, 32, 32))
        # evaluation picks the centred span of 10 frames out of 20: frames 5, 8, 11, 14
        self.assertEqual([int(round(float(clip[i].float().mean()) / 10)) for i in range(4)], [5, 8, 11, 14])


if __name__ == "__main__":
    unittest.main()
