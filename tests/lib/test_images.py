from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from newsdesk.lib.images import make_renditions


def test_it_makes_smaller_webp_copies_and_never_upscales(tmp_path: Path) -> None:
    source = tmp_path / "hero.jpg"
    Image.new("RGB", (1200, 800), (200, 40, 40)).save(source)
    made = make_renditions(source, tmp_path / "out")
    assert [(r.width, r.height) for r in made] == [(480, 320), (960, 640)]
    for rendition in made:
        with Image.open(rendition.path) as image:
            assert image.format == "WEBP"
            assert image.size == (rendition.width, rendition.height)


def test_it_handles_palette_and_transparent_images(tmp_path: Path) -> None:
    source = tmp_path / "chart.png"
    Image.new("P", (1000, 500)).save(source)
    assert [r.width for r in make_renditions(source, tmp_path)] == [480, 960]


def test_it_refuses_what_is_not_an_image(tmp_path: Path) -> None:
    source = tmp_path / "fake.jpg"
    source.write_bytes(b"<svg onload=alert(1)>")
    with pytest.raises(OSError):
        make_renditions(source, tmp_path / "out")
