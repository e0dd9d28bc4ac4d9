"""The programme report for admins: funnel per stage, by origin, country, cluster and company;
places filled against the target; time in each stage; offers accepted and declined.

Admins see individual records anyway, so these counts are not suppressed; they are computed
from the stage log (an application "reached" every stage it ever entered)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import median

from sqlalchemy import case, select

from foundry.extensions import db
from foundry.models import (
    Application,
    Company,
    ExternalProfile,
    Position,
    ProgrammeApplication,
    ProgrammePreference,
    ProgrammeStageChange,
    StudentProfile,
    TalentProgramme,
)
from foundry.models.base import utcnow
from foundry.models.choices import CLUSTERS, ORIGINS, PROGRAMME_FINAL, PROGRAMME_STAGES, label
from foundry.models.countries import COUNTRIES

STAGES = tuple(value for value, _label in PROGRAMME_STAGES)
# The stages of the funnel, in order (declined / rejected are where people leave it).
FUNNEL = ("submitted", "screened", "forwarded", "interviewing", "offered", "accepted")


@dataclass
class Report:
    """Everything the report page and its CSV show."""

    total: int = 0
    funnel: dict[str, int] = field(default_factory=dict)
    current: dict[str, int] = field(default_factory=dict)
    by_origin: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    by_country: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    by_cluster: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    by_company: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    days_in_stage: dict[str, tuple[float, float, int]] = field(default_factory=dict)
    placements: int = 0
    target: int | None = None
    offers_accepted: int = 0
    offers_declined: int = 0


def _people(programme: TalentProgramme) -> dict[int, tuple[str, str, str, str]]:
    """application id → (current stage, origin, country, first choice's cluster)."""
    origin = case((StudentProfile.university_id.is_not(None), "partner"),
                  (ExternalProfile.country == "CN", "mainland"),
                  (ExternalProfile.country == "HK", "hong_kong"), else_="overseas")
    first = (select(Position.cluster).join(ProgrammePreference,
                                           ProgrammePreference.position_id == Position.id)
             .where(ProgrammePreference.application_id == ProgrammeApplication.id,
                    ProgrammePreference.rank == 1).scalar_subquery())
    rows = db.session.execute(
        select(ProgrammeApplication.id, ProgrammeApplication.stage, origin,
               ExternalProfile.country, first)
        .join(StudentProfile, StudentProfile.id == ProgrammeApplication.student_id)
        .outerjoin(ExternalProfile, ExternalProfile.student_id == StudentProfile.id)
        .where(ProgrammeApplication.programme_id == programme.id)).all()
    return {r[0]: (r[1], r[2], r[3] or "", r[4] or "") for r in rows}


def _grouped(people, reached, index: int, labels) -> list[tuple[str, dict[str, int]]]:
    groups: dict[str, Counter] = defaultdict(Counter)
    for app_id, person in people.items():
        for stage in reached.get(app_id, ()):
            groups[person[index]][stage] += 1
    return sorted(((labels(key), dict(counts)) for key, counts in groups.items()),
                  key=lambda row: (-row[1].get("submitted", 0), row[0]))


def build(programme: TalentProgramme) -> Report:
    """The whole report of one programme (a handful of queries)."""
    people = _people(programme)
    changes = db.session.execute(
        select(ProgrammeStageChange.application_id, ProgrammeStageChange.to_stage,
               ProgrammeStageChange.changed_at)
        .join(ProgrammeApplication,
              ProgrammeApplication.id == ProgrammeStageChange.application_id)
        .where(ProgrammeApplication.programme_id == programme.id)
        .order_by(ProgrammeStageChange.application_id, ProgrammeStageChange.changed_at,
                  ProgrammeStageChange.id)).all()
    reached: dict[int, set[str]] = defaultdict(set)
    timeline: dict[int, list] = defaultdict(list)
    for app_id, stage, at in changes:
        reached[app_id].add(stage)
        timeline[app_id].append((stage, at))
    report = Report(total=len(people), target=programme.target_places)
    report.funnel = {s: sum(1 for st in reached.values() if s in st) for s in STAGES}
    report.current = dict(Counter(p[0] for p in people.values()))
    report.by_origin = _grouped(people, reached, 1, lambda k: label(ORIGINS, k))
    report.by_country = _grouped(people, reached, 2,
                                 lambda k: label(COUNTRIES, k) if k else label(ORIGINS,
                                                                               "partner"))
    report.by_cluster = _grouped(people, reached, 3, lambda k: label(CLUSTERS, k) or "—")
    report.days_in_stage = _days_in_stage(timeline)
    report.placements = report.current.get("accepted", 0)
    report.by_company, report.offers_accepted, report.offers_declined = _companies(programme)
    return report


def _days_in_stage(timeline: dict[int, list]) -> dict[str, tuple[float, float, int]]:
    """stage → (mean days, median days, applications), from entering it to leaving it (or
    to now for an open stage)."""
    now = utcnow()
    spans: dict[str, list[float]] = defaultdict(list)
    for entries in timeline.values():
        for (stage, start), nxt in zip(entries, [*entries[1:], None], strict=True):
            if stage in PROGRAMME_FINAL:
                continue
            end = nxt[1] if nxt else now
            spans[stage].append(max(0.0, (end - start).total_seconds() / 86400))
    return {s: (round(sum(v) / len(v), 1), round(median(v), 1), len(v))
            for s, v in spans.items() if v}


def _companies(programme: TalentProgramme):
    """Per company: forwarded applications and how far they went; offers accepted/declined."""
    rows = db.session.execute(
        select(Company.name, Application.status, Application.interview_at,
               Application.offered_at)
        .join(Position, Position.id == Application.position_id)
        .join(Company, Company.id == Position.company_id)
        .join(ProgrammeApplication,
              ProgrammeApplication.id == Application.programme_application_id)
        .where(ProgrammeApplication.programme_id == programme.id)).all()
    groups: dict[str, Counter] = defaultdict(Counter)
    accepted = declined = 0
    for name, status, interview_at, offered_at in rows:
        counts = groups[name]
        counts["forwarded"] += 1
        counts["interviewing"] += bool(interview_at or offered_at or status == "accepted")
        counts["offered"] += bool(offered_at or status == "accepted")
        counts["accepted"] += status == "accepted"
        counts["declined"] += status == "declined"
        accepted += status == "accepted"
        declined += status == "declined"
    table = sorted(((name, dict(c)) for name, c in groups.items()),
                   key=lambda row: (-row[1].get("accepted", 0), -row[1]["forwarded"], row[0]))
    return table, accepted, declined


def csv_rows(report: Report) -> tuple[list[str], list[list]]:
    """One table: section, group, then a column per stage (how many reached it)."""
    headers = ["section", "group", *STAGES]
    rows: list[list] = [["funnel", "all", *(report.funnel.get(s, 0) for s in STAGES)],
                        ["current stage", "all", *(report.current.get(s, 0) for s in STAGES)]]
    for section, table in (("origin", report.by_origin), ("country", report.by_country),
                           ("cluster", report.by_cluster), ("company", report.by_company)):
        rows += [[section, name, *(counts.get(s, 0) for s in STAGES)] for name, counts in table]
    rows.append(["places", "filled / target", report.placements, report.target or ""])
    rows.append(["offers", "accepted / declined", report.offers_accepted,
                 report.offers_declined])
    rows += [["days in stage", stage, mean, middle, n]
             for stage, (mean, middle, n) in report.days_in_stage.items()]
    return headers, rows
