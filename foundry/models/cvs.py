"""A student's CV library: a few labelled PDFs to choose from when applying (issue 14)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from foundry.extensions import db
from foundry.models.base import utcnow


class CvFile(db.Model):
    """One stored CV of a student or external talent. An application made with it shares the
    stored file (Application.cv_path), so deleting it from the library keeps the copy each
    application was made with."""

    __tablename__ = "cv_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(
        ForeignKey("student_profiles.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(80))
    storage_key: Mapped[str] = mapped_column(String(80))  # cv/<random>.pdf (applications.cv)
    filename: Mapped[str] = mapped_column(String(160))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
