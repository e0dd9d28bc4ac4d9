"""A student's CV library: a few labelled PDFs, one of which is chosen when applying.

An application shares the library file it was made with (Application.cv_path holds the same
storage key), so the company sees exactly that CV. Deleting a CV from the library removes the
library entry; the stored file stays while an application or a programme application still
points to it (the application keeps the CV it was sent with) and goes with the last of them.
"""

from __future__ import annotations

from typing import BinaryIO

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from foundry.applications import cv
from foundry.common.audit import record_audit
from foundry.common.errors import DomainError
from foundry.extensions import db
from foundry.models import Application, CvFile, ProgrammeApplication, StudentProfile, User

MAX_CVS = 5
# Every column that holds a stored CV's key: a file any of them names is in use.
CV_KEY_COLUMNS = (CvFile.storage_key, Application.cv_path, ProgrammeApplication.cv_path)


def library(student: StudentProfile) -> list[CvFile]:
    """The student's CVs, newest first (the first is the default when applying)."""
    return list(db.session.scalars(select(CvFile).where(CvFile.student_id == student.id)
                                   .order_by(CvFile.uploaded_at.desc(), CvFile.id.desc())))


def load_own_cv(student: StudentProfile, cv_id: int) -> CvFile | None:
    """One of the student's own CVs (None for anyone else's: the caller answers 404)."""
    return db.session.scalar(select(CvFile).where(CvFile.id == cv_id,
                                                  CvFile.student_id == student.id))


def chosen_cv(student: StudentProfile, form) -> CvFile | None:
    """The library CV an application form (CvChoiceForm) chose, unless a file was uploaded;
    someone else's CV id answers 404 and is never attached."""
    cv_id = None if form.uploaded() else form.chosen_cv_id()
    if cv_id is None:
        return None
    return load_own_cv(student, cv_id) or abort(404)


def has_room(student: StudentProfile) -> bool:
    """Whether the library can take one more CV."""
    return db.session.scalar(select(func.count()).select_from(CvFile)
                             .where(CvFile.student_id == student.id)) < MAX_CVS


def add_cv(*, student: StudentProfile, stream: BinaryIO, filename: str | None,
           label: str | None, actor: User) -> CvFile:
    """Check (a real PDF within the size limit) and store a CV in the library, up to
    MAX_CVS; the label defaults to the file name."""
    if not has_room(student):
        raise DomainError(_("Your library holds %(n)s CVs, the most it can: delete one first.",
                            n=MAX_CVS), field="cv")
    data = cv.read_pdf(stream)
    name = cv.display_name(filename)
    entry = CvFile(student_id=student.id, filename=name,
                   label=((label or "").strip() or name.removesuffix(".pdf"))[:80],
                   storage_key=cv.store_cv(data))
    db.session.add(entry)
    try:
        db.session.flush()
    except Exception:
        cv.remove_cv(entry.storage_key)
        raise
    record_audit("cv.added", target=student, actor=actor, details={"cv_id": entry.id})
    return entry


def delete_cv(*, entry: CvFile, actor: User) -> bool:
    """Remove a CV from the library; returns whether its file was deleted too (False when an
    application still uses it: that application keeps its copy)."""
    key = entry.storage_key
    db.session.delete(entry)
    db.session.flush()
    in_use = file_in_use(key)
    record_audit("cv.deleted", actor=actor, details={"cv_id": entry.id, "file_kept": in_use})
    if not in_use:
        cv.remove_cv(key)
    return not in_use


def file_in_use(key: str) -> bool:
    """Whether a library entry, an application or a programme application points to a file."""
    return any(db.session.scalar(select(column).where(column == key).limit(1)) is not None
               for column in CV_KEY_COLUMNS)


def applications_using(entry: CvFile) -> int:
    """How many of the student's applications were sent with this CV."""
    return db.session.scalar(select(func.count()).select_from(Application).where(
        Application.student_id == entry.student_id,
        or_(Application.cv_file_id == entry.id, Application.cv_path == entry.storage_key)))


def student_cv_keys(student_id: int) -> list[str]:
    """Every stored file of the student's library (for erasure)."""
    return list(db.session.scalars(select(CvFile.storage_key)
                                   .where(CvFile.student_id == student_id)))
