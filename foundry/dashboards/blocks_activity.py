"""Activity blocks: internship, funnel, cluster, employer, mentoring and skills-gap Tables.

Pure functions of the rows of `activity.py` and a Publisher, like `blocks.py`.
"""

from __future__ import annotations

from flask_babel import gettext as _

from foundry.dashboards.activity import (
    ClusterRow,
    EmployerRow,
    FunnelRow,
    GapRow,
    InternshipRow,
    MentoringRow,
)
from foundry.dashboards.tables import Column, Publisher, Table
from foundry.models.choices import CLUSTERS, label
from foundry.privacy import Figure


def internships_table(rows: list[InternshipRow], pub: Publisher, *, group_header: str,
                      total_label: str) -> Table:
    """Participation and return offers per group, with the scope's total."""
    table = Table("internships", _("Internship participation and return offers"), group_header,
                  [Column("cohort", _("Students")), Column("participants", _("With an internship")),
                   Column("participation", _("Participation rate"), "percent"),
                   Column("completed", _("Completed internships")),
                   Column("return_offers", _("With a return offer")),
                   Column("return_rate", _("Return-offer rate"), "percent")],
                  formulas=["participation_rate", "return_offer_rate"])
    if not rows:
        return table
    for r in rows:
        table.rows.append((r.label, internship_cells(r.participants, r.cohort, r.return_offers,
                                                     r.completed, pub)))
    totals = (sum(r.participants for r in rows), sum(r.cohort for r in rows),
              sum(r.return_offers for r in rows), sum(r.completed for r in rows))
    table.total = (total_label, internship_cells(*totals, pub))
    return table


def internship_cells(participants: int, cohort: int, offers: int, completed: int,
                     pub: Publisher) -> dict[str, Figure]:
    """One row of the internships table."""
    return {"cohort": pub.count(cohort), "participants": pub.count(participants),
            "participation": pub.rate(participants, cohort),
            "completed": pub.count(completed), "return_offers": pub.count(offers),
            "return_rate": pub.rate(offers, completed)}


def funnel_table(row: FunnelRow | None, pub: Publisher) -> Table:
    """Applications reaching each stage, and the share of the stage before."""
    table = Table("funnel", _("Application funnel"), _("Stage"),
                  [Column("count", _("Applications")),
                   Column("conversion", _("Share of the stage before"), "percent")],
                  formulas=["funnel"])
    if row is None or not row.applications:
        return table
    stages = (("applications", _("Applied")), ("shortlisted", _("Shortlisted")),
              ("offered", _("Offered")), ("accepted", _("Accepted")))
    previous = None
    for key, name in stages:
        n = getattr(row, key)
        conversion = Figure(None, "–") if previous is None else pub.rate(n, previous)
        table.rows.append((name, {"count": pub.count(n), "conversion": conversion}))
        previous = n
    table.meta["applicants"] = pub.count(row.applicants)
    return table


def clusters_table(rows: list[ClusterRow], pub: Publisher) -> Table:
    """Internships and hires per company cluster, with totals."""
    table = Table("clusters", _("Internships and hires by cluster"), _("Cluster"),
                  [Column("internships", _("Confirmed internships")),
                   Column("hires", _("Graduates hired"))], formulas=["clusters"])
    if not rows:
        return table
    counts = pub.count_table([[r.internships, r.hires] for r in rows])
    for i, r in enumerate(rows):
        table.rows.append((label(CLUSTERS, r.cluster), {"internships": counts.body[i][0],
                                                       "hires": counts.body[i][1]}))
    table.total = (_("All clusters"), {"internships": counts.col_totals[0],
                                       "hires": counts.col_totals[1]})
    return table


def employers_table(rows: list[EmployerRow], pub: Publisher, limit: int = 10) -> Table:
    """Science Park companies employing most graduates (outside the admin role only those
    employing at least `MIN_LISTED` of the selection, with the count rounded)."""
    table = Table("employers", _("Top Science Park employers"), _("Company"),
                  [Column("cluster", _("Cluster"), "text"), Column("hires", _("Graduates hired"))],
                  formulas=["top_employers"])
    shown = [r for r in rows if not pub.protects or r.hires >= MIN_LISTED][:limit]
    if rows and not shown:
        table.note = _("No Science Park company employs %(n)s or more graduates of this "
                       "selection; smaller numbers are not listed, to protect privacy.",
                       n=MIN_LISTED)
    for r in shown:
        table.rows.append((r.name, {"cluster": Figure(r.cluster, label(CLUSTERS, r.cluster)),
                                    "hires": pub.count(r.hires)}))
    return table


def mentoring_table(rows: list[MentoringRow], pub: Publisher, *, group_header: str,
                    total_label: str) -> Table:
    """Students with a mentor, pairs, and sessions and hours per pair."""
    table = Table("mentoring", _("Mentoring reach"), group_header,
                  [Column("cohort", _("Students")), Column("mentored", _("With a mentor")),
                   Column("reach", _("Reach"), "percent"), Column("pairs", _("Pairs")),
                   Column("sessions_per_pair", _("Sessions per pair"), "number"),
                   Column("hours_per_pair", _("Hours per pair"), "number")],
                  formulas=["mentoring_reach"])
    if not rows:
        return table

    def cells(values: tuple[int, ...]) -> dict[str, Figure]:
        mentored, cohort, pairs, sessions, minutes = values
        return {"cohort": pub.count(cohort), "mentored": pub.count(mentored),
                "reach": pub.rate(mentored, cohort), "pairs": pub.count(pairs),
                "sessions_per_pair": pub.mean(sessions / pairs if pairs else None, pairs,
                                              "number"),
                "hours_per_pair": pub.mean(minutes / 60 / pairs if pairs else None, pairs,
                                           "number")}

    for r in rows:
        table.rows.append((r.label, cells((r.mentored, r.cohort, r.pairs, r.sessions,
                                           r.minutes))))
    table.total = (total_label, cells(tuple(
        sum(getattr(r, k) for r in rows)
        for k in ("mentored", "cohort", "pairs", "sessions", "minutes"))))
    return table


def skills_table(rows: list[GapRow], pub: Publisher, *, all_label: str,
                 limit: int = 20) -> Table:
    """Mean gap (expected − observed) per skill × group, n = rated students (a mean is
    published only for enough students, see privacy.publish_mean)."""
    groups: list[tuple[int | str, str]] = []
    for r in rows:
        if (r.key, r.label) not in groups:
            groups.append((r.key, r.label))
    by_skill: dict[str, dict] = {}
    for r in rows:
        by_skill.setdefault(r.skill, {})[r.key] = r
    ranked = sorted(by_skill, key=lambda s: -sum(g.ratings for g in by_skill[s].values()))
    skills = sorted(ranked[:limit])
    columns = [Column(f"g{key}", name, "number") for key, name in groups]
    columns += [Column("all", all_label, "number"),
                Column("share_ge1", _("Ratings with gap ≥ 1"), "percent"),
                Column("ratings", _("Ratings"))]
    table = Table("skills", _("Skills gap (level expected − observed)"), _("Skill"), columns,
                  formulas=["skills_gap"])
    table.meta = {"groups": [f"g{key}" for key, _n in groups], "n": {}}
    if not skills:
        return table
    for skill in skills:
        cells: dict[str, Figure] = {}
        for key, _name in groups:
            g = by_skill[skill].get(key)
            cells[f"g{key}"] = gap_cell(g.mean_gap, g.students, pub) if g else Figure(None, "–")
        every = list(by_skill[skill].values())
        ratings = sum(g.ratings for g in every)
        students = sum(g.students for g in every)
        cells["all"] = gap_cell(sum(g.gap_sum for g in every) / ratings, students, pub)
        cells["share_ge1"] = pub.rate(sum(g.gap_ge1 for g in every), ratings)
        cells["ratings"] = pub.count(ratings)
        table.rows.append((skill, cells))
    return table


def gap_cell(mean: float, students: int, pub: Publisher) -> Figure:
    """A mean gap with the number of rated students it rests on (both protected)."""
    figure = pub.mean(mean, students, "gap")
    if figure.hidden or figure.value is None:
        return figure
    return Figure(figure.value, f"{figure.text} (n={pub.count(students).text})")


MIN_LISTED = 5  # a company is named among top employers only with at least this many hires
