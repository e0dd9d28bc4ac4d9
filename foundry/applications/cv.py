"""CV files: checked by their content (a real PDF), size-limited, stored under a random name."""

from __future__ import annotations

import contextlib
import re
import secrets
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _
from werkzeug.utils import secure_filename

from foundry.common.errors import DomainError
from foundry.storage import storage

CV_KEY = re.compile(r"^cv/[A-Za-z0-9_-]{1,64}\.pdf$")  # what store_cv makes
PDF_MAGIC = b"%PDF-"
EOF_WINDOW = 2048  # %%EOF may be followed by a few bytes of whitespace or padding


def read_pdf(stream: BinaryIO, *, max_bytes: int | None = None) -> bytes:
    """Read an upload and return its bytes if it is a PDF within the size limit."""
    limit = max_bytes or current_app.config["CV_MAX_BYTES"]
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise DomainError(_("The CV is larger than %(mb)s MB. Please upload a smaller PDF.",
                            mb=limit // (1024 * 1024)), field="cv")
    if not data:
        raise DomainError(_("The CV file is empty."), field="cv")
    if not data.startswith(PDF_MAGIC) or b"%%EOF" not in data[-EOF_WINDOW:]:
        raise DomainError(_("The CV must be a PDF document (this file is not a PDF, whatever "
                            "its name)."), field="cv")
    return data


def store_cv(data: bytes) -> str:
    """Store a CV as cv/<random>.pdf (see foundry.storage); returns its key."""
    key = f"cv/{secrets.token_hex(16)}.pdf"
    storage().put(key, data)
    return key


def _checked(key: str) -> str:
    """Only keys made by store_cv are accepted."""
    if not CV_KEY.match(key or ""):
        raise FileNotFoundError(key)
    return key


def read_cv(key: str) -> bytes:
    """The stored CV's bytes; FileNotFoundError when it is gone."""
    return storage().get(_checked(key))


def display_name(filename: str | None) -> str:
    """A safe file name for the download, always ending in .pdf."""
    name = secure_filename(filename or "") or "cv.pdf"
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    return name[-160:]


def remove_cv(key: str | None) -> None:
    """Delete a stored CV if it is there (an abandoned write, an erasure)."""
    if not key:
        return
    with contextlib.suppress(FileNotFoundError):
        storage().delete(_checked(key))
