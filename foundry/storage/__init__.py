"""File storage behind one small interface: a local folder by default (UPLOAD_FOLDER), any
S3-compatible store in production (STORAGE_BACKEND=s3), so several app servers share CVs and
import files and an erasure deletes the one copy there is.

Keys are relative paths made by the app (`cv/<random>.pdf`, `imports/<random>.csv`), never a
user's file name.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Protocol

from flask import current_app


class Storage(Protocol):
    """What every backend does."""

    def put(self, key: str, data: bytes) -> None:
        """Store bytes under a key (replacing what was there)."""

    def get(self, key: str) -> bytes:
        """The bytes under a key; FileNotFoundError when there are none."""

    def delete(self, key: str) -> None:
        """Remove a key; nothing happens when it is not there."""

    def keys(self, prefix: str) -> Iterator[tuple[str, datetime]]:
        """(key, last modified in naive UTC) of every key starting with prefix."""


def storage() -> Storage:
    """The app's storage backend (built on first use from the config, then kept)."""
    backend = current_app.extensions.get("storage")
    if backend is None:
        config = current_app.config
        if config.get("STORAGE_BACKEND", "local") == "s3":
            from foundry.storage.s3 import S3Storage

            backend = S3Storage(bucket=config["S3_BUCKET"], prefix=config.get("S3_PREFIX", ""),
                                endpoint_url=config.get("S3_ENDPOINT_URL"),
                                region=config.get("S3_REGION"))
        else:
            from foundry.storage.local import LocalStorage

            backend = LocalStorage(config["UPLOAD_FOLDER"])
        current_app.extensions["storage"] = backend
    return backend
