"""CV files: checked by their content (a real PDF), size-limited, stored under a random name."""

from __future__ import annotations

import contextlib
import os
import secrets
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _
from werkzeug.utils import secure_filename

from foundry.common.errors import DomainError

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
    """Write a CV under UPLOAD_FOLDER/cv/ with a random name; returns the relative path."""
    folder = os.path.join(current_app.config["UPLOAD_FOLDER"], "cv")
    os.makedirs(folder, exist_ok=True)
    relative = f"cv/{secrets.token_hex(16)}.pdf"
    with open(os.path.join(current_app.config["UPLOAD_FOLDER"], relative), "xb") as handle:
        handle.write(data)
    return relative


def cv_file_path(relative: str) -> str:
    """The absolute path of a stored CV (only names made by store_cv are accepted)."""
    name = os.path.basename(relative)
    if relative != f"cv/{name}" or not name.endswith(".pdf"):
        raise FileNotFoundError(relative)
    return os.path.join(current_app.config["UPLOAD_FOLDER"], "cv", name)


def display_name(filename: str | None) -> str:
    """A safe file name for the download, always ending in .pdf."""
    name = secure_filename(filename or "") or "cv.pdf"
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    return name[-160:]


def remove_cv(relative: str | None) -> None:
    """Delete a stored CV file if it is there (used when a write is abandoned)."""
    if not relative:
        return
    with contextlib.suppress(FileNotFoundError):
        os.remove(cv_file_path(relative))
