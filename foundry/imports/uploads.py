"""Uploaded import files kept server-side between the preview and the confirmation.

The file lives in the app's storage (foundry.storage) under a random name; the form carries only
that id, never the rows, so what is applied is exactly what was previewed. Only the uploader may
use it, and the scheduled sweep removes files older than a day.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from foundry.storage import storage

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")
MAX_AGE_SECONDS = 24 * 3600
PREFIX = "imports/"


@dataclass
class StoredUpload:
    """An uploaded file waiting for confirmation."""

    token: str
    kind: str
    university_id: int | None
    user_id: int
    filename: str
    size: int


def _keys(token: str) -> tuple[str, str]:
    return f"{PREFIX}{token}.csv", f"{PREFIX}{token}.json"


def store_upload(*, data: bytes, kind: str, university_id: int | None, user_id: int,
                 filename: str) -> StoredUpload:
    """Keep the file under a random name; returns its record (with the id for the form)."""
    token = secrets.token_urlsafe(24)
    upload = StoredUpload(token=token, kind=kind, university_id=university_id, user_id=user_id,
                          filename=os.path.basename(filename or "upload.csv")[:120],
                          size=len(data))
    data_key, meta_key = _keys(token)
    storage().put(data_key, data)
    storage().put(meta_key, json.dumps(asdict(upload)).encode("utf-8"))
    return upload


def load_upload(token: str, *, user_id: int) -> tuple[StoredUpload, bytes] | None:
    """The stored file if the id is well-formed, exists and belongs to this user."""
    if not TOKEN_RE.match(token or ""):
        return None
    data_key, meta_key = _keys(token)
    try:
        upload = StoredUpload(**json.loads(storage().get(meta_key)))
        if upload.user_id != user_id:
            return None
        return upload, storage().get(data_key)
    except (OSError, ValueError, TypeError):
        return None


def discard_upload(token: str) -> None:
    """Remove a stored file (after it was applied or abandoned)."""
    if not TOKEN_RE.match(token or ""):
        return
    for key in _keys(token):
        storage().delete(key)


def sweep_old_uploads(*, now: datetime) -> int:
    """Delete stored import files older than a day (abandoned previews); returns how many."""
    cutoff = now - timedelta(seconds=MAX_AGE_SECONDS)
    old = [key for key, modified in storage().keys(PREFIX) if modified < cutoff]
    for key in old:
        storage().delete(key)
    return len(old)
