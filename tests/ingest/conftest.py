from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT.parent / "shared" / "datasets"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def dataset(*parts: str) -> Path:
    path = DATASETS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"the public dataset {path} is not beside the project")
    return path


@pytest.fixture
def media_root(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "media"
    root.mkdir()
    with override_settings(MEDIA_ROOT=root):
        yield root
