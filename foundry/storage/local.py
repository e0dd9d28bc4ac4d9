"""Storage in a local folder (development, a single server)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path


class LocalStorage:
    """Keys are paths under one root folder."""

    def __init__(self, root: str) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise FileNotFoundError(key)  # a key that climbs out of the root names nothing
        return path

    def put(self, key: str, data: bytes) -> None:
        """Write the file (atomically: a reader never sees half of it)."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".part")
        partial.write_bytes(data)
        os.replace(partial, path)

    def get(self, key: str) -> bytes:
        """Read the file."""
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        """Remove the file if it is there."""
        with contextlib.suppress(FileNotFoundError):
            self._path(key).unlink()

    def keys(self, prefix: str) -> Iterator[tuple[str, datetime]]:
        """Files whose relative path starts with prefix."""
        folder = self.root / prefix.split("/", 1)[0] if "/" in prefix else self.root
        if not folder.is_dir():
            return
        for path in folder.rglob("*"):
            key = path.relative_to(self.root).as_posix()
            if path.is_file() and key.startswith(prefix):
                with contextlib.suppress(FileNotFoundError):
                    stamp = datetime.fromtimestamp(path.stat().st_mtime, UTC)
                    yield key, stamp.replace(tzinfo=None)
