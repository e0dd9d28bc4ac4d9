"""Students from a registrar export: upsert on (university, student number).

A new student gets a StudentProfile and a User with the student role, active and with NO
password: nobody can sign in as them until they claim the account through "forgot password"
with their university e-mail. An existing self-registered student (same e-mail, same
university, no student number yet) is linked instead of duplicated, but only if the account is
active: a sign-up whose e-mail was never confirmed (inactive) is refused for that row.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import insert, select, update

from foundry.extensions import db
from foundry.formatting import local_name
from foundry.imports import fields
from foundry.imports.csvfile import Record
from foundry.imports.report import ImportContext, ImportReport, chunks
from foundry.models import Faculty, Programme, StudentProfile, University, User
from foundry.models.choices import cohort_year

HEADERS = REQUIRED = ("student_number", "full_name", "email", "faculty", "programme",
            "expected_graduation")
OPTIONAL: tuple[str, ...] = ()
EXAMPLE = ("1155123456", "陳大文 Chan Tai Man", "1155123456@link.cuhk.edu.hk",
           "Faculty of Engineering", "BEng Computer Engineering", "2026-06-30")


@dataclass
class Plan:
    """What applying the file will write."""

    new_programmes: dict[tuple[int, str], str] = field(default_factory=dict)  # (faculty, key)
    creates: list[dict] = field(default_factory=list)
    user_updates: list[dict] = field(default_factory=list)
    profile_updates: list[dict] = field(default_factory=list)


def validate(records: list[Record], ctx: ImportContext, report: ImportReport) -> Plan:
    """Check every row against the file and the database (a handful of queries in all)."""
    university = db.session.get(University, ctx.university_id)
    domains = {d.domain for d in university.domains}
    faculties = {f.name.lower(): f for f in db.session.scalars(
        select(Faculty).where(Faculty.university_id == university.id))}
    known = list(db.session.scalars(
        select(Programme).join(Faculty).where(Faculty.university_id == university.id)))
    programmes = {(p.faculty_id, programme_key(p.name)): p.id for p in known}
    existing = _existing_profiles(university.id)
    owners = _email_owners([r.values["email"].strip().lower() for r in records])
    plan = Plan()
    typos: dict[tuple[int, str], dict] = {}
    seen_numbers: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    for record in records:
        row = _clean(record, report, domains, faculties, ctx)
        if row is None:
            continue
        number, email = row["student_number"], row["email"]
        if number in seen_numbers:
            report.error(record.line, "student_number", _(
                "student number repeated (first on line %(line)s)", line=seen_numbers[number]))
            continue
        if email in seen_emails:
            report.error(record.line, "email", _(
                "e-mail repeated (first on line %(line)s)", line=seen_emails[email]))
            continue
        seen_numbers[number], seen_emails[email] = record.line, record.line
        faculty = row["faculty"]
        programme_id = None
        if row["programme"]:
            key = (faculty.id, programme_key(row["programme"]))
            programme_id = programmes.get(key)
            if programme_id is None:
                programme_id = _new_programme(plan, key, row["programme"], record.line, faculty,
                                              known, ctx, typos)
        current = existing.get(number)
        owner = owners.get(email)
        if current is None and owner is not None and owner["profile_university"] == \
                university.id and owner["role"] == "student" and not owner["student_number"]:
            if not owner["active"]:
                # An unconfirmed sign-up (or a deactivated account): nobody proved they own
                # this e-mail, so it must not receive the registrar's record.
                report.error(record.line, "email", _(
                    "e-mail belongs to an account that is not active (its e-mail may not be "
                    "confirmed yet); it was not linked"))
                continue
            current = owner  # a self-registered student: link them, do not duplicate
        if owner is not None and (current is None or owner["user_id"] != current["user_id"]):
            report.error(record.line, "email", _("e-mail already belongs to another account"))
            continue
        if current is not None and ctx.faculty_id is not None \
                and current["faculty_id"] != ctx.faculty_id:
            # The row names the dean's faculty, but the student is another faculty's.
            report.error(record.line, "student_number", _("outside your faculty"))
            continue
        wanted = {"faculty_id": faculty.id, "programme_id": programme_id,
                  "programme_key": (faculty.id, programme_key(row["programme"]))
                  if row["programme"] else None,
                  "expected_graduation": row["expected_graduation"]}
        if current is None:
            report.created += 1
            plan.creates.append({**wanted, "student_number": number, "email": email,
                                 "full_name": row["full_name"]})
            continue
        changed = _plan_update(plan, current, row, wanted)
        if changed:
            report.updated += 1
        else:
            report.unchanged += 1
    if plan.new_programmes:
        names = {f.id: f.name for f in faculties.values()}
        by_faculty: dict[str, list[str]] = {}
        for (faculty_id, _key), name in plan.new_programmes.items():
            by_faculty.setdefault(names[faculty_id], []).append(name)
        report.notes.append(_("New programmes will be added: %(names)s.", names="; ".join(
            f"{faculty}: {', '.join(sorted(progs))}" for faculty, progs in sorted(
                by_faculty.items()))))
    report.near_typos = list(typos.values())
    return plan


NEAR_TYPO_RATIO = 0.85  # "BEng Computer Sciense" vs "BEng Computer Science": 0.95


def programme_key(name: str) -> str:
    """A programme name compared without letter case or extra spaces."""
    return " ".join(name.lower().split())


def near_typo_key(key: tuple[int, str]) -> str:
    """The text key of a near-typo choice (faculty id and the compared name)."""
    return f"{key[0]}:{key[1]}"


def _new_programme(plan: Plan, key: tuple[int, str], name: str, line: int, faculty: Faculty,
                   known: list[Programme], ctx: ImportContext,
                   typos: dict[tuple[int, str], dict]) -> int | None:
    """A programme the university does not have yet: created on apply, unless its name is
    close to one of the faculty's programmes, which waits for the importer's choice (map to
    the existing one, or confirm the new name). Returns the mapped programme id, if any."""
    siblings = {programme_key(p.name): p for p in known if p.faculty_id == faculty.id}
    choice = ctx.programme_choices.get(near_typo_key(key))
    if choice == "new":
        plan.new_programmes.setdefault(key, name)
        return None
    if choice and choice.isdigit() and any(p.id == int(choice) for p in siblings.values()):
        return int(choice)
    close = difflib.get_close_matches(key[1], list(siblings), n=1, cutoff=NEAR_TYPO_RATIO)
    if not close:
        plan.new_programmes.setdefault(key, name)
        return None
    suggestion = siblings[close[0]]
    typo = typos.setdefault(key, {"key": near_typo_key(key), "faculty": local_name(faculty),
                                  "name": name, "suggestion": suggestion.name,
                                  "suggestion_id": suggestion.id, "lines": []})
    typo["lines"].append(line)
    return None


def _clean(record: Record, report: ImportReport, domains: set[str], faculties: dict,
           ctx: ImportContext) -> dict | None:
    """The row's values parsed, or None after recording each bad cell."""
    v = record.values
    row: dict = {}
    checks = {
        "student_number": lambda: fields.text(v["student_number"], max_length=32, required=True),
        "full_name": lambda: fields.text(v["full_name"], max_length=120, required=True),
        "email": lambda: fields.email(v["email"]),
        "faculty": lambda: fields.text(v["faculty"], max_length=160, required=True),
        "programme": lambda: fields.text(v["programme"], max_length=160),
        "expected_graduation": lambda: fields.day(v["expected_graduation"]),
    }
    ok = True
    for column, check in checks.items():
        try:
            row[column] = check()
        except ValueError as error:
            report.error(record.line, column, str(error))
            ok = False
    if not ok:
        return None
    if domains and row["email"].rsplit("@", 1)[1] not in domains:
        report.error(record.line, "email", _("not an e-mail address of this university (%(d)s)",
                                             d=", ".join(sorted(domains))))
        return None
    faculty = faculties.get(row["faculty"].lower())
    if faculty is None:
        report.error(record.line, "faculty", _("unknown faculty “%(v)s”; known: %(known)s",
                                               v=row["faculty"], known="; ".join(
                                                   f.name for f in faculties.values()) or "—"))
        return None
    if ctx.faculty_id is not None and faculty.id != ctx.faculty_id:
        report.error(record.line, "faculty", _("outside your faculty"))
        return None
    row["faculty"] = faculty
    return row


def _plan_update(plan: Plan, current: dict, row: dict, wanted: dict) -> bool:
    """Queue the changes an existing student needs; whether there are any."""
    changed = False
    if current["user_id"] is not None and (current["email"], current["full_name"]) != (
            row["email"], row["full_name"]):
        plan.user_updates.append({"id": current["user_id"], "email": row["email"],
                                  "full_name": row["full_name"]})
        changed = True
    programme_new = wanted["programme_id"] is None and wanted["programme_key"] is not None
    if (current["faculty_id"], current["programme_id"], current["expected_graduation"],
            current["student_number"]) != (wanted["faculty_id"], wanted["programme_id"],
                                            wanted["expected_graduation"],
                                            row["student_number"]) or programme_new:
        graduation: date = current["actual_graduation"] or wanted["expected_graduation"]
        plan.profile_updates.append({
            "id": current["profile_id"], "faculty_id": wanted["faculty_id"],
            "programme_id": wanted["programme_id"], "programme_key": wanted["programme_key"],
            "expected_graduation": wanted["expected_graduation"],
            "student_number": row["student_number"], "cohort_year": cohort_year(graduation)})
        changed = True
    return changed


def _existing_profiles(university_id: int) -> dict[str, dict]:
    """Every student of the university by student number, with their user: one query."""
    rows = db.session.execute(
        select(StudentProfile.id, StudentProfile.student_number, StudentProfile.user_id,
               StudentProfile.faculty_id, StudentProfile.programme_id,
               StudentProfile.expected_graduation, StudentProfile.actual_graduation,
               User.email, User.full_name)
        .outerjoin(User, User.id == StudentProfile.user_id)
        .where(StudentProfile.university_id == university_id,
               StudentProfile.student_number.is_not(None)))
    return {r.student_number: {
        "profile_id": r.id, "student_number": r.student_number, "user_id": r.user_id,
        "faculty_id": r.faculty_id, "programme_id": r.programme_id,
        "expected_graduation": r.expected_graduation, "actual_graduation": r.actual_graduation,
        "email": r.email, "full_name": r.full_name} for r in rows}


def _email_owners(emails: list[str]) -> dict[str, dict]:
    """Existing accounts with these e-mails (and their student profile, if any)."""
    owners: dict[str, dict] = {}
    for chunk in chunks(sorted(set(emails))):
        rows = db.session.execute(
            select(User.id, User.email, User.full_name, User.role, User.active, User.deleted_at,
                   StudentProfile.id.label("pid"),
                   StudentProfile.university_id, StudentProfile.student_number,
                   StudentProfile.faculty_id, StudentProfile.programme_id,
                   StudentProfile.expected_graduation, StudentProfile.actual_graduation)
            .outerjoin(StudentProfile, StudentProfile.user_id == User.id)
            .where(User.email.in_(chunk)))
        for r in rows:
            owners[r.email] = {
                "user_id": r.id, "role": r.role, "profile_id": r.pid,
                "active": r.active and r.deleted_at is None,
                "profile_university": r.university_id, "student_number": r.student_number,
                "faculty_id": r.faculty_id, "programme_id": r.programme_id,
                "expected_graduation": r.expected_graduation,
                "actual_graduation": r.actual_graduation, "email": r.email,
                "full_name": r.full_name}
    return owners


def apply(plan: Plan, ctx: ImportContext) -> None:
    """Write the plan with bulk statements (no per-row SELECT)."""
    programme_ids: dict[tuple[int, str], int] = {}
    for (faculty_id, key), name in plan.new_programmes.items():
        programme = Programme(faculty_id=faculty_id, name=name)
        db.session.add(programme)
        db.session.flush()
        programme_ids[(faculty_id, key)] = programme.id
    for row in [*plan.creates, *plan.profile_updates]:
        if row["programme_id"] is None and row["programme_key"] is not None:
            row["programme_id"] = programme_ids[row["programme_key"]]
    if plan.user_updates:
        db.session.execute(update(User), plan.user_updates)
    if plan.profile_updates:
        db.session.execute(update(StudentProfile), [
            {k: v for k, v in row.items() if k != "programme_key"}
            for row in plan.profile_updates])
    if plan.creates:
        # Plain executemany (pipelined by psycopg) beats INSERT … RETURNING batches, whose
        # huge statements psycopg must parse; the new ids are then read back by e-mail.
        db.session.execute(insert(User), [
            {"email": r["email"], "full_name": r["full_name"], "role": "student",
             "password_hash": None, "active": True} for r in plan.creates])
        user_ids = {}
        for chunk in chunks([r["email"] for r in plan.creates]):
            user_ids.update(db.session.execute(
                select(User.email, User.id).where(User.email.in_(chunk))).all())
        db.session.execute(insert(StudentProfile), [
            {"user_id": user_ids[r["email"]], "university_id": ctx.university_id,
             "faculty_id": r["faculty_id"], "programme_id": r["programme_id"],
             "student_number": r["student_number"],
             "expected_graduation": r["expected_graduation"],
             "cohort_year": cohort_year(r["expected_graduation"])} for r in plan.creates])
