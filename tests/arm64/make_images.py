#!/usr/bin/env python3
"""The fixed image set the arm64 and x64 builds both run `edgeface detect` on, made from the demo frames
(public-domain photos from Debian's python3-skimage, fetched by scripts/setup.sh) so nothing is committed:
faces at three sizes, mirrored, two in one frame, through both PNG and JPEG (libturbojpeg) decoding, and two
frames without a face. Deterministic: the same files every run (PIL's resampling and JPEG encoder at fixed settings).
    make_images.py DEMO_DIR OUT_DIR
"""
import sys
from pathlib import Path

from PIL import Image, ImageOps


def main(demo: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    astronaut = Image.open(demo / "astronaut.png").convert("RGB")
    astronaut.save(out / "astronaut.png")
    small = ImageOps.mirror(astronaut).resize((320, 320), Image.BILINEAR)
    small.save(out / "astronaut-mirrored-320.jpg", quality=92)
    pair = Image.new("RGB", (640, 480), (90, 100, 110))
    pair.paste(astronaut.resize((360, 360), Image.BILINEAR), (0, 60))
    pair.paste(ImageOps.mirror(astronaut).resize((240, 240), Image.BILINEAR), (390, 150))
    pair.save(out / "two-faces-640x480.jpg", quality=90)
    Image.open(demo / "coffee.png").convert("RGB").save(out / "coffee.png")
    Image.open(demo / "rocket.jpg").convert("RGB").save(out / "rocket.jpg", quality=90)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
