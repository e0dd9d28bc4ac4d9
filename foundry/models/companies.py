"""Science Park companies and their members."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foundry.extensions import db
from foundry.models.base import utcnow
from foundry.models.choices import (
    CLUSTERS,
    COMPANY_REJECTION_REASONS,
    SITES,
    SIZE_BANDS,
    VETTING_STATUSES,
    in_check,
)

if TYPE_CHECKING:
    from foundry.models.users import User


class Company(db.Model):
    """A company in the directory; only verified companies are visible to students."""

    __tablename__ = "companies"
    __table_args__ = (
        CheckConstraint(in_check("cluster", CLUSTERS), name="cluster"),
        CheckConstraint(in_check("site", SITES), name="site"),
        CheckConstraint(in_check("size_band", SIZE_BANDS), name="size_band"),
        CheckConstraint(in_check("vetting_status", VETTING_STATUSES), name="vetting_status"),
        CheckConstraint("vetting_category IS NULL OR "
                        + in_check("vetting_category", COMPANY_REJECTION_REASONS),
                        name="vetting_category"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    cluster: Mapped[str] = mapped_column(String(32), index=True)
    site: Mapped[str] = mapped_column(String(32))
    size_band: Mapped[str] = mapped_column(String(16))
    is_startup: Mapped[bool] = mapped_column(default=False)
    # Directory companies are Science Park tenants unless marked otherwise (e.g. an employer
    # merged in from graduate outcomes).
    is_park_tenant: Mapped[bool] = mapped_column(default=True)
    vetting_status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    vetting_reason: Mapped[str | None] = mapped_column(String(300))
    # A rejected company's reason category (COMPANY_REJECTION_REASONS); the note: vetting_reason.
    vetting_category: Mapped[str | None] = mapped_column(String(24))
    website: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    members: Mapped[list[CompanyMember]] = relationship(back_populates="company")

    @property
    def is_verified(self) -> bool:
        """Whether students may see and deal with this company."""
        return self.vetting_status == "verified"

    @property
    def is_blocked(self) -> bool:
        """Suspended or rejected: its members may not act nor see personal data."""
        return self.vetting_status in ("suspended", "rejected")

    def __repr__(self) -> str:
        return f"<Company {self.id} {self.name!r}>"


class CompanyDomain(db.Model):
    """An e-mail domain an admin verified as the company's own (besides its website's): a
    supervisor at such an address may confirm an intern's logged internship by mailed link."""

    __tablename__ = "company_domains"
    __table_args__ = (UniqueConstraint("company_id", "domain"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"),
                                            index=True)
    domain: Mapped[str] = mapped_column(String(253), index=True)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CompanyMember(db.Model):
    """A user who acts for one company."""

    __tablename__ = "company_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    job_title: Mapped[str | None] = mapped_column(String(120))
    can_mentor: Mapped[bool] = mapped_column(default=False)

    user: Mapped[User] = relationship(back_populates="membership")
    company: Mapped[Company] = relationship(back_populates="members")
