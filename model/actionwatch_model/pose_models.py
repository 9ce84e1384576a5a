"""Builds the pretrained pose models the pipeline uses: for each card under ``model/pose/*/pose-card.json``, fetch
the npm package it names (exact version, through the ordinary npm client and its cache), check the tarball against
the card's sha512 integrity, take out only the graph and weight files, and translate them to ONNX beside the card.

The tarball is never committed (145 MB); the card is the one place its name, version and checksum are written.
A build whose ONNX file was made from the same package and converter is kept (``<onnxFile>.source`` records both),
so repeated builds cost nothing.
"""
import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import onnx

from . import tfjs_onnx

POSE_ROOT = Path(__file__).resolve().parent.parent / "pose"
CARD_FILE = "pose-card.json"


class FetchError(RuntimeError):
    pass


def cards(root: Path = POSE_ROOT):
    return sorted(root.glob(f"*/{CARD_FILE}"))


def integrity_of(path: Path) -> str:
    """npm's Subresource-Integrity form of a file: sha512-<base64 digest>."""
    digest = hashlib.sha512()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return "sha512-" + base64.b64encode(digest.digest()).decode()


def fetch_package(name: str, version: str, integrity: str, into: Path) -> Path:
    """The package tarball in ``into``, verified; npm keeps its own cache, so a second fetch is local."""
    npm = shutil.which("npm")
    if npm is None:
        raise FetchError("npm is needed to fetch the pose models (Debian: apt-get install npm)")
    spec = f"{name}@{version}"
    result = subprocess.run([npm, "pack", "--silent", spec], cwd=into, capture_output=True, text=True)
    if result.returncode != 0:
        raise FetchError(f"npm pack {spec} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
    tarballs = list(into.glob("*.tgz"))
    if len(tarballs) != 1:
        raise FetchError(f"npm pack {spec} left {len(tarballs)} tarballs in {into}")
    actual = integrity_of(tarballs[0])
    if actual != integrity:
        raise FetchError(f"{spec}: tarball integrity {actual} does not match the card's {integrity}")
    return tarballs[0]


def extract(tarball: Path, members, into: Path) -> None:
    wanted = set(members)
    with tarfile.open(tarball, "r:gz") as tar:
        for member in tar:
            if member.name in wanted:
                if not member.isfile():
                    raise FetchError(f"{tarball.name}: {member.name} is not a regular file")
                target = into / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as src, target.open("wb") as dst:
                    shutil.copyfileobj(src, dst)
                wanted.discard(member.name)
    if wanted:
        raise FetchError(f"{tarball.name} lacks {sorted(wanted)}")


def source_stamp(card: dict) -> str:
    """What the ONNX file was made from: the package's checksum and the converter's own source."""
    converter = hashlib.sha256(Path(tfjs_onnx.__file__).read_bytes()).hexdigest()
    return json.dumps({"packageIntegrity": card["origin"]["packageIntegrity"], "converter": converter},
                      sort_keys=True)


def build(card_path: Path, force: bool = False) -> Path:
    card = json.loads(card_path.read_text())
    origin = card["origin"]
    out = card_path.parent / card["onnxFile"]
    stamp_path = out.with_name(out.name + ".source")
    stamp = source_stamp(card)
    if not force and out.exists() and stamp_path.exists() and stamp_path.read_text() == stamp:
        print(f"{out}: up to date")
        return out
    with tempfile.TemporaryDirectory(prefix="pose-models-") as tmp:
        tmp = Path(tmp)
        tarball = fetch_package(origin["package"], origin["packageVersion"], origin["packageIntegrity"], tmp)
        extract(tarball, [origin["graph"], *origin["weights"]], tmp)
        model = tfjs_onnx.convert(tmp / origin["graph"], card["input"]["name"], card["output"]["name"])
    partial = out.with_name(out.name + ".partial")
    onnx.save(model, str(partial))
    partial.replace(out)
    stamp_path.write_text(stamp)
    print(f"{out}: converted from {origin['package']}@{origin['packageVersion']} ({tfjs_onnx.sha256(out)})")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="convert again even when up to date")
    parser.add_argument("--root", type=Path, default=POSE_ROOT, help="directory holding */pose-card.json")
    args = parser.parse_args(argv)
    found = cards(args.root)
    if not found:
        print(f"no {CARD_FILE} under {args.root}", file=sys.stderr)
        return 2
    for card_path in found:
        build(card_path, args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
