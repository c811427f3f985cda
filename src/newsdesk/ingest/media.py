"""Files an import brings along: copied into media storage under the name the export used."""

from __future__ import annotations

from django.core.files import File
from django.core.files.storage import default_storage

from newsdesk.ingest.items import Media


class MediaStore:
    def __init__(self, *, dry_run: bool) -> None:
        self.dry_run = dry_run
        self.remote: list[str] = []

    def store(self, media: Media, folder: str) -> str | None:
        """The storage name of the copied file; None when the file is not at hand."""
        if media.path is None:
            self.remote.append(media.url)
            return None
        name = media.name or f"{folder}/{media.path.name}"
        if self._same_file_stored(name, media):
            return name
        if self.dry_run:
            return name
        with media.path.open("rb") as handle:
            return default_storage.save(name, File(handle, name=media.path.name))

    @staticmethod
    def _same_file_stored(name: str, media: Media) -> bool:
        assert media.path is not None
        if not default_storage.exists(name):
            return False
        if default_storage.size(name) != media.path.stat().st_size:
            return False
        with default_storage.open(name, "rb") as stored:
            return bool(stored.read() == media.path.read_bytes())

    def notes(self) -> list[str]:
        if not self.remote:
            return []
        first = self.remote[0]
        return [
            f"{len(self.remote)} image(s) are only known by their URL on the old site and were "
            f"not copied (the first: {first}); they are not shown as hero images or avatars"
        ]
