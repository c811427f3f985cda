"""Resized renditions of an uploaded image, for responsive `srcset`s."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

RENDITION_WIDTHS = (480, 960, 1600)
WEBP_QUALITY = 80


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    path: Path


def make_renditions(
    source: Path, target_dir: Path, widths: tuple[int, ...] = RENDITION_WIDTHS
) -> list[Rendition]:
    """WebP copies of ``source`` at each width narrower than the original (never upscaled).

    Raises ``OSError`` (Pillow's ``UnidentifiedImageError`` and ``DecompressionBombError`` are
    among its subclasses or siblings) when the file is not an image we can read safely.
    """
    target_dir.mkdir(parents=True, exist_ok=True)
    made: list[Rendition] = []
    with Image.open(source) as original:
        image = ImageOps.exif_transpose(original)
        if image.mode not in {"RGB", "RGBA"}:
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        for width in sorted(set(widths)):
            if width >= image.width:
                continue
            height = max(1, round(image.height * width / image.width))
            path = target_dir / f"{source.stem}-{width}.webp"
            image.resize((width, height), Image.Resampling.LANCZOS).save(
                path, "WEBP", quality=WEBP_QUALITY, method=4
            )
            made.append(Rendition(width=width, height=height, path=path))
    return made
