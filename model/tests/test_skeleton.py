import csv
import json
import tempfile
import unittest
from pathlib import Path

import numpy as np
import torch

from actionwatch_model import LABELS
from actionwatch_model import skeleton as sk
from tests import skeleton_parity

S = 32
W, H = 320, 240


def upright(hip_x: float, score: float = 0.9) -> np.ndarray:
    """An upright stick person [17, 3] in a 320x240 frame with its hips at x = hip_x."""
    k = sk.COCO_INDEX
    kp = np.zeros((17, 3), np.float32)
    for name, y, dx in (("nose", 0.30, 0.01), ("left_eye", 0.29, 0.005), ("right_eye", 0.29, 0.005),
                        ("left_ear", 0.30, -0.005), ("right_ear", 0.30, -0.005), ("left_shoulder", 0.35, 0),
                        ("right_shoulder", 0.35, 0), ("left_elbow", 0.45, 0.02), ("right_elbow", 0.45, -0.02),
                        ("left_wrist", 0.52, 0.03), ("right_wrist", 0.52, -0.03), ("left_hip", 0.55, 0),
                        ("right_hip", 0.55, 0), ("left_knee", 0.70, 0.03), ("right_knee", 0.70, -0.03),
                        ("left_ankle", 0.85, 0.04), ("right_ankle", 0.85, -0.04)):
        kp[k[name]] = (y, hip_x + dx, score)
    return kp


def centroid_x(frame: np.ndarray) -> float:
    mass = frame.sum(axis=(0, 1))
    return float((mass * (np.arange(frame.shape[-1]) + 0.5)).sum() / mass.sum())


class ParityFixtureTest(unittest.TestCase):
    """The committed fixture is what this renderer draws, so the Java parity test checks against the spec."""

    def test_fixture_reproduces_from_python(self):
        stored = json.loads(skeleton_parity.FIXTURE.read_text())
        self.assertEqual(stored["spec"], sk.SPEC)
        self.assertEqual(stored["tolerance"], skeleton_parity.TOLERANCE)
        worst = 0.0
        for clip in stored["clips"]:
            settings = skeleton_parity.settings_from_json(clip["settings"])
            pixels, crop = sk.render_clip(clip["keypoints"], clip["width"], clip["height"], settings,
                                          clip["fallbackBox"])
            expected = skeleton_parity.decode(clip["pixels"])
            self.assertEqual(pixels.shape, expected.shape, clip["name"])
            worst = max(worst, float(np.abs(pixels - expected).max()))
            for key in ("left", "top", "side"):
                self.assertAlmostEqual(getattr(crop, key), clip["crop"][key], delta=1e-9, msg=clip["name"])
        self.assertLessEqual(worst, skeleton_parity.TOLERANCE)

    def test_fixture_inputs_are_the_generators(self):
        stored = json.loads(skeleton_parity.FIXTURE.read_text())
        built = skeleton_parity.build()
        strip = lambda d: [{k: v for k, v in c.items() if k != "pixels"} for c in d["clips"]]   # noqa: E731
        self.assertEqual(strip(stored), strip(built))
        names = [c["name"] for c in built["clips"]]
        self.assertIn("walking_right_off_centre", names)
        self.assertIn("nothing_confident", names)


class RendererTest(unittest.TestCase):
    def test_one_crop_per_clip_keeps_the_direction_of_travel(self):
        clip = np.stack([upright(0.3 + 0.05 * t) for t in range(4)])
        pixels, crop = sk.render_clip(clip, W, H, sk.RenderSettings(S))
        self.assertEqual(pixels.shape, (4, 3, S, S))
        self.assertEqual(pixels.dtype, np.float32)
        xs = [centroid_x(f) for f in pixels]
        self.assertTrue(all(b > a + 1 for a, b in zip(xs, xs[1:])), xs)
        self.assertAlmostEqual(crop.side, (0.85 - 0.29) * H * sk.DEFAULT_MARGIN, delta=1e-3)
        # walking the other way mirrors the motion
        back = sk.render_clip(clip[::-1], W, H, sk.RenderSettings(S))[0]
        self.assertTrue(np.array_equal(back, pixels[::-1]))

    def test_sides_go_to_their_channels_and_weak_keypoints_are_not_drawn(self):
        kp = upright(0.4, 0.2)                              # everything below the threshold ...
        kp[sk.COCO_INDEX["left_elbow"]] = (0.45, 0.42, 0.8)         # ... but the left forearm
        kp[sk.COCO_INDEX["left_wrist"]] = (0.52, 0.43, 0.5)
        pixels, _ = sk.render_clip(kp[None], W, H, sk.RenderSettings(S))
        self.assertGreater(pixels[0, 0].sum(), 0)
        self.assertEqual(pixels[0, 1].sum(), 0)
        self.assertEqual(pixels[0, 2].sum(), 0)
        # weighted by the weaker score; the peak is reached only where a pixel centre lies on the segment
        self.assertLessEqual(pixels.max(), np.float32(0.5 * 255))
        self.assertGreater(pixels.max(), 0.4 * 255)

    def test_a_pixel_centre_on_the_limb_gets_the_full_weight(self):
        kp = np.zeros((1, 17, 3), np.float32)
        # A horizontal right forearm, 64 px long, in a 15 px crop (margin 1) of a 128x128 frame: the crop centres
        # it on row 7, whose pixel centres lie on the segment.
        kp[0, sk.COCO_INDEX["right_elbow"]] = (0.5, 0.25, 1.0)
        kp[0, sk.COCO_INDEX["right_wrist"]] = (0.5, 0.75, 1.0)
        pixels, crop = sk.render_clip(kp, 128, 128, sk.RenderSettings(15, margin=1.0, line_sigma=1.0))
        self.assertEqual((crop.left, crop.top, crop.side), (32.0, 32.0, 64.0))
        self.assertEqual(float(pixels[0, 1, 7].max()), 255.0)
        self.assertTrue(np.array_equal(pixels[0, 1, 6], pixels[0, 1, 8]))      # symmetric about the limb
        self.assertTrue(0 < pixels[0, 1, 6].max() < 255)
        self.assertEqual(float(pixels[0, 1, 4].max()), 0.0)                     # 3 px = 3 sigma away: the cut

    def test_no_confident_keypoint_gives_an_empty_clip_cropped_to_the_fallback(self):
        clip = np.stack([upright(0.4, 0.1)] * 2)
        pixels, crop = sk.render_clip(clip, W, H, sk.RenderSettings(S), fallback_box=(0.1, 0.2, 0.9, 0.7))
        self.assertEqual(float(np.abs(pixels).max()), 0.0)
        side = float(np.float32(0.9) - np.float32(0.1)) * H * sk.DEFAULT_MARGIN
        self.assertAlmostEqual(crop.side, side, delta=1e-3)
        self.assertAlmostEqual(crop.left + crop.side / 2, 0.45 * W, delta=1e-3)
        self.assertAlmostEqual(crop.top + crop.side / 2, 0.5 * H, delta=1e-3)

    def test_non_finite_keypoints_are_not_confident(self):
        kp = upright(0.4)
        kp[sk.COCO_INDEX["left_wrist"], 1] = np.nan
        kp[sk.COCO_INDEX["right_wrist"], 2] = np.inf
        pixels, crop = sk.render_clip(kp[None], W, H, sk.RenderSettings(S))
        self.assertTrue(np.isfinite(pixels).all())
        self.assertTrue(np.isfinite([crop.left, crop.top, crop.side]).all())

    def test_rejects_bad_input(self):
        with self.assertRaises(ValueError):
            sk.render_clip(np.zeros((2, 16, 3)), W, H, sk.RenderSettings(S))
        with self.assertRaises(ValueError):
            sk.RenderSettings(0)


def write_keypoint_split(root: Path, split: str = "train", frames: int = 4) -> Path:
    """A split in the ingest writer's layout: labels.csv, keypoints.csv (walkers), dataset-card.json."""
    (root / split).mkdir(parents=True)
    with (root / split / "labels.csv").open("w", newline="") as lf, \
            (root / split / sk.KEYPOINTS_FILE).open("w", newline="") as kf:
        lw, kw = csv.writer(lf), csv.writer(kf)
        lw.writerow(["clip", "label", "seed"])
        kw.writerow(["clip", "frame", *sk.KEYPOINT_COLUMNS])
        for c, label in enumerate(("walking_right", "walking_left")):
            lw.writerow([f"clip_{c:06d}", label, c])
            direction = 1 if label == "walking_right" else -1
            for f in reversed(range(frames)):            # rows out of order: the reader sorts by frame
                kp = upright(0.5 + direction * 0.05 * f)
                kw.writerow([f"clip_{c:06d}", f, *[f"{v:.5f}" for v in kp[:, :2].reshape(-1)]])
    (root / "dataset-card.json").write_text(json.dumps({"parameters": {"width": W, "height": H}}))
    return root


class TrainingDataTest(unittest.TestCase):
    def test_reads_keypoints_and_renders_noisy_clips_reproducibly(self):
        with tempfile.TemporaryDirectory() as d:
            data = sk.read_keypoints(write_keypoint_split(Path(d)), "train")
        self.assertEqual(data.yx.shape, (2, 4, 17, 2))
        self.assertEqual((data.width, data.height), (W, H))
        self.assertEqual(data.labels.tolist(), [LABELS.index("walking_right"), LABELS.index("walking_left")])
        np.testing.assert_allclose(data.yx[0, 2], upright(0.6)[:, :2], atol=1e-5)

        clean = sk.SkeletonClipDataset(data, sk.RenderSettings(S), sk.NO_NOISE)
        clip, label = clean[0]
        self.assertEqual(tuple(clip.shape), (4, 3, S, S))
        self.assertEqual(clip.dtype, torch.float32)
        self.assertEqual(label, LABELS.index("walking_right"))
        expected, _ = sk.render_clip(np.concatenate([data.yx[0], np.ones((4, 17, 1), np.float32)], -1), W, H,
                                     sk.RenderSettings(S))
        self.assertTrue(np.array_equal(clip.numpy(), expected))
        right = [centroid_x(f) for f in clean[0][0].numpy()]
        left = [centroid_x(f) for f in clean[1][0].numpy()]
        self.assertGreater(right[-1], right[0] + 1)
        self.assertLess(left[-1], left[0] - 1)

        noisy = sk.SkeletonClipDataset(data, sk.RenderSettings(S), sk.KeypointNoise(), seed=3)
        a = noisy[1][0]
        self.assertTrue(torch.equal(a, noisy[1][0]))          # same seed, epoch and item: same noise
        self.assertFalse(torch.equal(a, clean[1][0]))
        noisy.set_epoch(1)
        self.assertFalse(torch.equal(a, noisy[1][0]))         # a new epoch draws new noise

    def test_noise_model(self):
        yx = np.stack([upright(0.5)[:, :2]] * 200)
        rng = np.random.default_rng(0)
        noise = sk.KeypointNoise(jitter=0.05, drop=0.2, score_low=0.6, score_high=0.9, dropped_score=0.1)
        kp = noise.apply(yx, W, H, rng)
        self.assertEqual(kp.shape, (200, 17, 3))
        self.assertEqual(kp.dtype, np.float32)
        missed = kp[..., 2] == np.float32(0.1)
        self.assertAlmostEqual(float(missed.mean()), 0.2, delta=0.02)
        found = kp[..., 2][~missed]
        self.assertTrue(((found >= 0.6) & (found <= 0.9)).all())
        # jitter in pixels is 5 % of the person's scale (the keypoint box's longer side: 0.56 * 240 px)
        error_px = (kp[..., 0] - yx[..., 0]) * H
        self.assertAlmostEqual(float(error_px.std()), 0.05 * 0.56 * H, delta=0.5)
        self.assertTrue(np.array_equal(sk.NO_NOISE.apply(yx, W, H, rng)[..., :2], yx.astype(np.float32)))
        self.assertTrue((sk.NO_NOISE.apply(yx, W, H, rng)[..., 2] == 1).all())
        outside = yx.copy()
        outside[:, 0, 1] = -0.1
        self.assertTrue((sk.KeypointNoise(drop=0).apply(outside, W, H, rng)[:, 0, 2] == 0).all())
        with self.assertRaises(ValueError):
            sk.KeypointNoise(jitter=(0.1, 0.2))
        with self.assertRaises(ValueError):
            sk.KeypointNoise(score_low=0.9, score_high=0.5)

    def test_rejects_keypoints_in_another_order(self):
        with tempfile.TemporaryDirectory() as d:
            root = write_keypoint_split(Path(d))
            path = root / "train" / sk.KEYPOINTS_FILE
            lines = path.read_text().splitlines()
            lines[0] = lines[0].replace("nose_y,nose_x", "nose_x,nose_y")
            path.write_text("\n".join(lines) + "\n")
            with self.assertRaises(ValueError):
                sk.read_keypoints(root, "train")


if __name__ == "__main__":
    unittest.main()
