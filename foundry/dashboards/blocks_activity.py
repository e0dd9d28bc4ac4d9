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


def split_rows(parts: list[tuple[int, int]], pub: Publisher):
    """Suppress "part of a whole" per group with totals: (part, whole) → body, wholes, totals."""
    cells = [[part, whole - part] for part, whole in parts]
    return pub.count_table(cells)


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
    p_body, p_whole, p_tot, p_grand, p_mask = split_rows(
        [(r.participants, r.cohort) for r in rows], pub)
    o_body, o_whole, o_tot, o_grand, o_mask = split_rows(
        [(r.return_offers, r.completed) for r in rows], pub)

    def cells(i: int | None, part, whole, offers, completed, p_hidden, o_hidden, row_values):
        participants, cohort, n_offers, n_completed = row_values
        return {"cohort": whole, "participants": part,
                "participation": pub.rate(participants, cohort, inputs_hidden=p_hidden),
                "completed": completed, "return_offers": offers,
                "return_rate": pub.rate(n_offers, n_completed, inputs_hidden=o_hidden)}

    for i, r in enumerate(rows):
        table.rows.append((r.label, cells(
            i, p_body[i][0], p_whole[i], o_body[i][0], o_whole[i],
            any(p_mask.body[i]) or bool(p_mask.row_totals[i]),
            any(o_mask.body[i]) or bool(o_mask.row_totals[i]),
            (r.participants, r.cohort, r.return_offers, r.completed))))
    totals = (sum(r.participants for r in rows), sum(r.cohort for r in rows),
              sum(r.return_offers for r in rows), sum(r.completed for r in rows))
    table.total = (total_label, cells(
        None, p_tot[0], p_grand, o_tot[0], o_grand,
        any(p_mask.col_totals) or bool(p_mask.grand),
        any(o_mask.col_totals) or bool(o_mask.grand), totals))
    return table


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
    body, _r, ctot, _g, _m = pub.count_table([[r.internships, r.hires] for r in rows],
                                             row_totals=False)
    for i, r in enumerate(rows):
        table.rows.append((label(CLUSTERS, r.cluster), {"internships": body[i][0],
                                                       "hires": body[i][1]}))
    table.total = (_("All clusters"), {"internships": ctot[0], "hires": ctot[1]})
    return table


def employers_table(rows: list[EmployerRow], pub: Publisher, limit: int = 10) -> Table:
    """Science Park companies employing most graduates (only ≥ threshold when suppressed)."""
    table = Table("employers", _("Top Science Park employers"), _("Company"),
                  [Column("cluster", _("Cluster"), "text"), Column("hires", _("Graduates hired"))],
                  formulas=["top_employers"])
    shown = [r for r in rows if not pub.suppress or r.hires >= pub.t][:limit]
    if rows and not shown:
        table.note = _("No Science Park company employs %(n)s or more graduates of this "
                       "selection; smaller numbers are not listed, to protect privacy.", n=pub.t)
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
    body, whole, tot, grand, mask = split_rows([(r.mentored, r.cohort) for r in rows], pub)

    def cells(mentored_fig, cohort_fig, hidden, r_values):
        mentored, cohort, pairs, sessions, minutes = r_values
        per_pair = (sessions / pairs) if pairs else None
        hours = (minutes / 60 / pairs) if pairs else None
        return {"cohort": cohort_fig, "mentored": mentored_fig,
                "reach": pub.rate(mentored, cohort, inputs_hidden=hidden),
                "pairs": pub.count(pairs),
                "sessions_per_pair": pub.measure(per_pair, pairs, "number"),
                "hours_per_pair": pub.measure(hours, pairs, "number")}

    for i, r in enumerate(rows):
        table.rows.append((r.label, cells(body[i][0], whole[i],
                                          any(mask.body[i]) or bool(mask.row_totals[i]),
                                          (r.mentored, r.cohort, r.pairs, r.sessions,
                                           r.minutes))))
    sums = tuple(sum(getattr(r, k) for r in rows)
                 for k in ("mentored", "cohort", "pairs", "sessions", "minutes"))
    table.total = (total_label, cells(tot[0], grand, any(mask.col_totals) or bool(mask.grand),
                                      sums))
    return table


def skills_table(rows: list[GapRow], pub: Publisher, *, all_label: str,
                 limit: int = 20) -> Table:
    """Mean gap (expected − observed) per skill × group, n = rated students; the row total
    (all groups) is published, so small cells get complementary suppression."""
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
    students = [[by_skill[s][k].students if k in by_skill[s] else 0 for k, _n in groups]
                for s in skills]
    body, rtot, _ctot, _g, mask = pub.count_table(students, col_totals=False)
    for i, skill in enumerate(skills):
        cells: dict[str, Figure] = {}
        for j, (key, _name) in enumerate(groups):
            g = by_skill[skill].get(key)
            if g is None:
                cells[f"g{key}"] = Figure(None, "–")
            elif mask.body[i][j]:
                cells[f"g{key}"] = body[i][j]
            else:
                cells[f"g{key}"] = Figure(g.mean_gap, f"{g.mean_gap:+.2f} (n={g.students})")
        every = list(by_skill[skill].values())
        ratings = sum(g.ratings for g in every)
        gap_sum = sum(g.gap_sum for g in every)
        ge1 = sum(g.gap_ge1 for g in every)
        if mask.row_totals[i]:
            cells["all"] = rtot[i]
            cells["share_ge1"] = rtot[i]
        else:
            mean = gap_sum / ratings
            cells["all"] = Figure(mean, f"{mean:+.2f} (n={rtot[i].value})")
            cells["share_ge1"] = pub.rate(ge1, ratings)
        cells["ratings"] = pub.count(ratings)
        table.rows.append((skill, cells))
    return table
