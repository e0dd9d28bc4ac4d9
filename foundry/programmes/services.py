"""Writes on programmes: the admin's programme editor, reviewers, and the one programme
application per person (ranked preferences, CV, locked when the window closes).

Services add/flush and never commit."""

from __future__ import annotations

from datetime import date
from typing import BinaryIO

from flask_babel import gettext as _
from sqlalchemy import select

from foundry.applications import cv, cv_library
from foundry.common.audit import record_audit
from foundry.common.errors import DomainError, Problems
from foundry.extensions import db
from foundry.models import (
    CvFile,
    Position,
    ProgrammeApplication,
    ProgrammePreference,
    ProgrammeReviewer,
    StudentProfile,
    TalentProgramme,
    User,
)
from foundry.models.base import utcnow
from foundry.models.choices import PROGRAMME_FINAL
from foundry.positions import queries as position_queries

PROGRAMME_FIELDS = ("name", "kind", "description", "themes", "eligibility", "opens_on",
                    "closes_on", "target_places", "max_preferences", "reviews_needed", "rubric")
REVIEWER_ROLES = ("admin", "reviewer")


def check_programme(data: dict, programme: TalentProgramme | None) -> None:
    """Every broken rule of the programme form at once (DomainErrors by field); cleans the
    name, rubric and themes in `data`."""
    problems = Problems()
    name = (data.get("name") or "").strip()
    if not name:
        problems.add(_("Give the programme a name."), field="name")
    data["name"] = name
    same = db.session.scalar(select(TalentProgramme.id).where(TalentProgramme.name == name)) \
        if name else None
    if same is not None and (programme is None or same != programme.id):
        problems.add(_("Another programme already has this name."), field="name")
    if bool(data.get("opens_on")) != bool(data.get("closes_on")):
        problems.add(_("Give both the opening and the closing day, or neither."),
                     field="closes_on")
    elif data.get("opens_on") and data["closes_on"] < data["opens_on"]:
        problems.add(_("The closing day must be on or after the opening day."),
                     field="closes_on")
    problems.raise_any()
    data["rubric"] = [line.strip()[:80] for line in data.get("rubric") or [] if line.strip()]
    data["themes"] = sorted(set(data.get("themes") or []))


def save_programme(*, programme: TalentProgramme | None, data: dict,
                   actor: User) -> TalentProgramme:
    """Create a programme or edit one; `rubric` is a list of criterion names."""
    check_programme(data, programme)
    created = programme is None
    programme = programme or TalentProgramme()
    changed = sorted(k for k in PROGRAMME_FIELDS if getattr(programme, k, None) != data.get(k))
    for name in PROGRAMME_FIELDS:
        setattr(programme, name, data.get(name))
    db.session.add(programme)
    db.session.flush()
    record_audit("programme.created" if created else "programme.updated", target=programme,
                 actor=actor, details={"fields": changed})
    return programme


def add_reviewer(*, programme: TalentProgramme, user: User | None, actor: User) -> bool:
    """Make an admin or programme reviewer a reviewer of the programme; False if already."""
    if user is None or user.role not in REVIEWER_ROLES or not user.is_active:
        raise DomainError(_("No active admin or programme reviewer has this e-mail. Invite "
                            "them as a programme reviewer first."), field="email")
    if any(r.user_id == user.id for r in programme.reviewers):
        return False
    programme.reviewers.append(ProgrammeReviewer(user_id=user.id))
    db.session.flush()
    record_audit("programme.reviewer_added", target=programme, actor=actor,
                 details={"user_id": user.id})
    return True


def remove_reviewer(*, programme: TalentProgramme, user_id: int, actor: User) -> bool:
    """Take a reviewer off the programme (their reviews stay)."""
    for row in list(programme.reviewers):
        if row.user_id == user_id:
            programme.reviewers.remove(row)
            db.session.flush()
            record_audit("programme.reviewer_removed", target=programme, actor=actor,
                         details={"user_id": user_id})
            return True
    return False


# --- The programme application ------------------------------------------------------------

def may_apply(student: StudentProfile, programme: TalentProgramme) -> bool:
    """Eligibility: partner students, external talent, or both."""
    external = student.external is not None
    return programme.eligibility == "both" or (programme.eligibility == "external") == external


def eligible_positions(programme: TalentProgramme, student: StudentProfile) -> list[Position]:
    """The programme's positions this person may choose: open, verified, and open to everyone
    for external talent."""
    stmt = position_queries.visible_positions(open_only=student.external is not None).where(
        Position.programme_id == programme.id).order_by(Position.title)
    return list(db.session.scalars(stmt))


def application_of(student: StudentProfile,
                   programme: TalentProgramme) -> ProgrammeApplication | None:
    """This person's application to the programme, if any."""
    return db.session.scalar(select(ProgrammeApplication).where(
        ProgrammeApplication.programme_id == programme.id,
        ProgrammeApplication.student_id == student.id))


def _check_preferences(programme: TalentProgramme, student: StudentProfile,
                       position_ids: list[int | None], problems: Problems) -> list[Position]:
    """The chosen positions in rank order; a broken rule goes to `problems`."""
    chosen = [pid for pid in position_ids if pid]
    message = None
    allowed = {p.id: p for p in eligible_positions(programme, student)}
    if not chosen:
        message = _("Choose at least one position.")
    elif len(chosen) > programme.max_preferences:
        message = _("Choose at most %(n)s positions.", n=programme.max_preferences)
    elif len(chosen) != len(set(chosen)):
        message = _("Each position may be chosen only once.")
    elif any(pid not in allowed for pid in chosen):
        message = (_("Choose among the programme's positions open to everyone.")
                   if student.external is not None
                   else _("Choose among the programme's open positions."))
    if message:
        problems.add(message, field="preferences")
        return []
    return [allowed[pid] for pid in chosen]


def check_application(*, student: StudentProfile, programme: TalentProgramme,
                      existing: ProgrammeApplication | None, statement: str | None,
                      position_ids: list[int | None], available_from: date | None,
                      available_to: date | None, has_cv: bool) -> list[Position]:
    """Every broken rule of the application form at once (DomainErrors by field); returns the
    chosen positions in rank order."""
    problems = Problems()
    if not (statement or "").strip():
        problems.add(_("Write a personal statement."), field="statement")
    if available_from and available_to and available_to < available_from:
        problems.add(_("The end must be on or after the start."), field="available_to")
    positions = _check_preferences(programme, student, position_ids, problems)
    if existing is None and not has_cv:
        problems.add(_("Attach your CV as a PDF."), field="cv")
    problems.raise_any()
    return positions


def submit_programme_application(
        *, student: StudentProfile, programme: TalentProgramme, statement: str,
        position_ids: list[int | None], available_from: date | None, available_to: date | None,
        cv_stream: BinaryIO | None, cv_filename: str | None, cv_entry: CvFile | None = None,
        today: date | None = None) -> tuple[ProgrammeApplication, bool]:
    """Submit the one application to a programme, or edit it while the window is open, with
    a new PDF or one of the applicant's library CVs (cv_entry, its file shared).
    Returns (application, created)."""
    today = today or date.today()
    if not programme.takes_applications:
        raise DomainError(_("%(programme)s does not take applications.",
                            programme=programme.name))
    if not programme.window_open(today):
        raise DomainError(_("Applications to %(programme)s are open from %(start)s to %(end)s; "
                            "nothing can be submitted or changed now.", programme=programme.name,
                            start=programme.opens_on, end=programme.closes_on))
    if not may_apply(student, programme):
        raise DomainError(_("%(programme)s is not open to applicants like you.",
                            programme=programme.name))
    existing = application_of(student, programme)
    if existing is not None and existing.stage != "submitted":
        raise DomainError(_("Your application is already being reviewed: it can no longer be "
                            "changed."))
    positions = check_application(
        student=student, programme=programme, existing=existing, statement=statement,
        position_ids=position_ids, available_from=available_from, available_to=available_to,
        has_cv=cv_stream is not None or cv_entry is not None)
    if cv_entry is not None and cv_entry.student_id != student.id:
        raise DomainError(_("Choose one of your own CVs."), field="cv")
    statement = statement.strip()
    new_cv = cv.store_cv(cv.read_pdf(cv_stream)) if cv_stream is not None else None
    application = existing or ProgrammeApplication(programme_id=programme.id,
                                                   student_id=student.id, stage="submitted")
    application.statement = statement
    application.available_from, application.available_to = available_from, available_to
    old_cv = application.cv_path
    if new_cv:
        application.cv_path, application.cv_filename = new_cv, cv.display_name(cv_filename)
    elif cv_entry is not None:
        application.cv_path, application.cv_filename = cv_entry.storage_key, cv_entry.filename
    application.updated_at = utcnow()
    _set_preferences(application, positions, student)
    if existing is None:
        db.session.add(application)
    try:
        db.session.flush()
    except Exception:
        cv.remove_cv(new_cv)
        raise
    if existing is None:
        from foundry.programmes.stages import record_stage  # the stage log lives there

        record_stage(application=application, from_stage=None, to="submitted",
                     actor=student.user)
    record_audit("programme_application.submitted" if existing is None
                 else "programme_application.edited", target=application, actor=student.user,
                 details={"programme_id": programme.id, "positions": [p.id for p in positions]})
    if old_cv and old_cv != application.cv_path and not cv_library.file_in_use(old_cv):
        cv.remove_cv(old_cv)  # a library CV or another application's copy stays
    return application, existing is None


def _set_preferences(application: ProgrammeApplication, positions: list[Position],
                     student: StudentProfile) -> None:
    """Replace the ranked preferences and their skills-match scores."""
    levels = position_queries.student_skill_levels(student)
    application.preferences.clear()
    db.session.flush()  # the old ranks go before the new ones take their places
    scores = []
    for rank, position in enumerate(positions, start=1):
        score = skills_match(position, levels)
        scores.append(score)
        application.preferences.append(ProgrammePreference(rank=rank, position_id=position.id,
                                                           match_score=score))
    known = [s for s in scores if s is not None]
    application.best_match = max(known) if known else None


def refresh_matches(*, student: StudentProfile) -> None:
    """Recompute the skills-match scores of this person's open programme applications (after
    they changed their self-assessment)."""
    applications = list(db.session.scalars(select(ProgrammeApplication).where(
        ProgrammeApplication.student_id == student.id,
        ProgrammeApplication.stage.not_in(PROGRAMME_FINAL))))
    if not applications:
        return
    levels = position_queries.student_skill_levels(student)
    for application in applications:
        scores = []
        for preference in application.preferences:
            preference.match_score = skills_match(preference.position, levels)
            scores.append(preference.match_score)
        known = [s for s in scores if s is not None]
        application.best_match = max(known) if known else None
    db.session.flush()


def skills_match(position: Position, levels: dict[int, int]) -> int | None:
    """The Talent Pool's met / below / missing rule as a number, from known levels."""
    matches = [position_queries.SkillMatch(row.skill, row.required_level,
                                           levels.get(row.skill_id)) for row in position.skills]
    return position_queries.match_score(matches)
