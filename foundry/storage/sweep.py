"""Scheduled: delete stored files that nothing points to any more (abandoned uploads)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from foundry.applications.cv_library import CV_KEY_COLUMNS
from foundry.extensions import db
from foundry.imports.uploads import sweep_old_uploads
from foundry.storage import storage

CV_GRACE = timedelta(hours=1)  # a CV is stored just before its application row is committed


def sweep_abandoned_uploads(*, now: datetime) -> dict[str, int]:
    """Import files older than a day, and CVs nothing points to (CV_KEY_COLUMNS: a request
    that died between storing the file and committing the row)."""
    imports = sweep_old_uploads(now=now)
    candidates = [key for key, modified in storage().keys("cv/") if modified < now - CV_GRACE]
    used: set[str] = set()
    for start in range(0, len(candidates), 500):  # bounded IN lists
        chunk = candidates[start:start + 500]
        for column in CV_KEY_COLUMNS:
            used.update(db.session.scalars(select(column).where(column.in_(chunk))))
    orphans = [key for key in candidates if key not in used]
    for key in orphans:
        storage().delete(key)
    return {"import_files": imports, "cv_files": len(orphans)}
