"""The skills taxonomy and students' self-assessment."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foundry.extensions import db
from foundry.models.choices import CLUSTERS, SKILL_KINDS, in_check


class Skill(db.Model):
    """A competency or technical skill; retired skills keep their history (active = False)."""

    __tablename__ = "skills"
    __table_args__ = (
        CheckConstraint(in_check("kind", SKILL_KINDS), name="kind"),
        CheckConstraint(f"cluster IS NULL OR {in_check('cluster', CLUSTERS)}", name="cluster"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    name_zh: Mapped[str | None] = mapped_column(String(40))  # shown in 繁體中文 when kept
    kind: Mapped[str] = mapped_column(String(16))
    cluster: Mapped[str | None] = mapped_column(String(32))
    description: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)


class StudentSkill(db.Model):
    """A student's self-assessed level (1–5) in a skill."""

    __tablename__ = "student_skills"
    __table_args__ = (
        UniqueConstraint("student_id", "skill_id"),
        CheckConstraint("level BETWEEN 1 AND 5", name="level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student_profiles.id", ondelete="CASCADE"))
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id"), index=True)
    level: Mapped[int]

    skill: Mapped[Skill] = relationship()
