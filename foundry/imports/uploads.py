"""Uploaded import files kept server-side between the preview and the confirmation.

The file lives in the instance's upload folder under a random name; the form carries only that
id, never the rows, so what is applied is exactly what was previewed. Only the uploader may use
it, and files older than a day are swept away.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import time
from dataclasses import asdict, dataclass

from flask import current_app

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")
MAX_AGE_SECONDS = 24 * 3600


@dataclass
class StoredUpload:
    """An uploaded file waiting for confirmation."""

    token: str
    kind: str
    university_id: int | None
    user_id: int
    filename: str
    size: int


def _folder() -> str:
    folder = os.path.join(current_app.config["UPLOAD_FOLDER"], "imports")
    os.makedirs(folder, exist_ok=True)
    return folder


def _paths(token: str) -> tuple[str, str]:
    base = os.path.join(_folder(), token)
    return base + ".csv", base + ".json"


def store_upload(*, data: bytes, kind: str, university_id: int | None, user_id: int,
                 filename: str) -> StoredUpload:
    """Keep the file under a random name; returns its record (with the id for the form)."""
    sweep_old_uploads()
    token = secrets.token_urlsafe(24)
    upload = StoredUpload(token=token, kind=kind, university_id=university_id, user_id=user_id,
                          filename=os.path.basename(filename or "upload.csv")[:120],
                          size=len(data))
    data_path, meta_path = _paths(token)
    with open(data_path, "wb") as handle:
        handle.write(data)
    with open(meta_path, "w", encoding="utf-8") as handle:
        json.dump(asdict(upload), handle)
    return upload


def load_upload(token: str, *, user_id: int) -> tuple[StoredUpload, bytes] | None:
    """The stored file if the id is well-formed, exists and belongs to this user."""
    if not TOKEN_RE.match(token or ""):
        return None
    data_path, meta_path = _paths(token)
    try:
        with open(meta_path, encoding="utf-8") as handle:
            upload = StoredUpload(**json.load(handle))
        if upload.user_id != user_id:
            return None
        with open(data_path, "rb") as handle:
            return upload, handle.read()
    except (OSError, ValueError, TypeError):
        return None


def discard_upload(token: str) -> None:
    """Remove a stored file (after it was applied or abandoned)."""
    if not TOKEN_RE.match(token or ""):
        return
    for path in _paths(token):
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)


def sweep_old_uploads() -> None:
    """Delete stored files older than a day."""
    cutoff = time.time() - MAX_AGE_SECONDS
    folder = _folder()
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        try:
            if os.path.getmtime(path) < cutoff:
                os.remove(path)
        except OSError:
            continue
