"""Positions: titles, dates, pay and required skills by cluster, kind and season."""

from __future__ import annotations

from datetime import date, timedelta

from foundry.seed.programmes import programme_for_tag
from foundry.seed.world import CompanyRec, PositionRec, World

TITLES = {
    "ai_robotics": ("Machine Learning", "Computer Vision", "Robotics Software", "Data Engineering",
                    "NLP Research", "Autonomous Systems"),
    "healthtech": ("Biomedical Engineering", "Clinical Data", "Bioinformatics", "Quality Assurance",
                   "Medical Device R&D", "Laboratory Research"),
    "fintech": ("Quantitative Analyst", "Blockchain Developer", "Risk Analytics",
                "Backend Engineer",
                "RegTech Analyst", "Payments Engineer"),
    "smart_city": ("IoT Engineering", "BIM Engineering", "GIS Analyst", "Full-stack Developer",
                   "Smart Building Systems", "Mobility Data"),
    "microelectronics": ("IC Design", "FPGA Engineering", "Hardware Test", "PCB Layout",
                         "Embedded Firmware", "Process Engineering"),
    "new_materials": ("Materials Research", "Battery Engineering", "Process Development",
                      "Characterisation Lab", "Polymer Engineering"),
    "advanced_manufacturing": ("Automation Engineering", "Manufacturing Engineering",
                               "CNC Programming", "Mechanical Design", "Quality Engineering"),
    "sustainability": ("Energy Analyst", "ESG Data", "Carbon Accounting", "Solar Engineering",
                       "Environmental Engineering"),
}
SITE_NAMES = {"science_park": "Hong Kong Science Park", "innocentre": "InnoCentre",
              "innopark_tai_po": "Tai Po InnoPark", "innopark_tko": "Tseung Kwan O InnoPark",
              "innopark_yuen_long": "Yuen Long InnoPark", "shenzhen_branch": "Shenzhen Branch"}
MODES = {"onsite": 6, "hybrid": 3, "remote": 1}
# Monthly HKD (low, high) by kind; fintech pays a little more.
PAY = {"internship": (9000, 16000), "graduate": (18000, 30000), "part_time": (4500, 8500)}
SUFFIX = {"internship": "Intern", "graduate": "Graduate Trainee",
          "part_time": "Assistant (Part-time)"}
ANALYST_SUFFIX = {"internship": "Intern", "graduate": "(Graduate)", "part_time": "(Part-time)"}


def position_dates(world: World, kind: str, season: int) -> tuple[date, date, date | None, date]:
    """(opens, deadline, start, end) for a position of a kind and season."""
    rng = world.rng
    if kind == "internship":
        opens = world.day_between(date(season - 1, 10, 15), date(season, 1, 20))
        deadline = world.day_between(date(season, 2, 20), date(season, 4, 15))
        start = date(season, 6, rng.choice((2, 9, 16)))
        end = start + timedelta(weeks=rng.choice((8, 10, 10, 12)) - 1, days=4)
    elif kind == "graduate":
        opens = world.day_between(date(season - 1, 9, 1), date(season - 1, 12, 15))
        deadline = world.day_between(date(season, 1, 31), date(season, 5, 31))
        start = date(season, rng.choice((7, 8, 9)), 1)
        end = None
    else:
        opens = world.day_between(date(season - 1, 7, 1), date(season - 1, 8, 15))
        deadline = world.day_between(date(season - 1, 8, 20), date(season - 1, 9, 20))
        start = date(season - 1, 10, 1)
        end = date(season, 5, 31)
    return opens, deadline, start, end


def add_position(world: World, company: CompanyRec, *, season: int, kind: str,
                 title: str | None = None, status: str | None = None, tag: str | None = None,
                 event_id: int | None = None, cluster: str | None = None,
                 opens_on: date | None = None) -> PositionRec:
    """Queue one position with its required skills; returns its record."""
    rng, writer = world.rng, world.writer
    cluster = cluster or company.cluster
    field = rng.choice(TITLES[cluster])
    if title is None:
        suffix = ANALYST_SUFFIX if field.endswith(("Analyst", "Engineer", "Developer")) else SUFFIX
        title = f"{field} {suffix[kind]}"
        if kind == "internship":
            title += f" (Summer {season})"
    opens, deadline, start, end = position_dates(world, kind, season)
    if opens_on is not None:  # e.g. launched at an event: applications come after it
        opens = opens_on
        deadline = max(deadline, opens_on + timedelta(days=rng.randint(21, 50)))
    if status is None:
        if company.status == "pending":
            status = "draft"
        elif deadline < world.today or company.status == "suspended":
            status = "closed"
        else:
            status = "draft" if rng.random() < 0.08 else "open"
    paid = kind != "internship" or rng.random() < 0.93
    low, high = PAY[kind]
    pay = round(rng.uniform(low, high) * (1.1 if cluster == "fintech" else 1.0) / 500) * 500
    position_id = writer.new_id("positions")
    mode = world.pick(MODES)
    if tag is None and kind == "internship" and cluster in (
            "healthtech", "ai_robotics", "fintech", "advanced_manufacturing") \
            and rng.random() < 0.2:
        tag = "Global Internship Programme"
    created = world.at(min(opens, world.today) - timedelta(days=1))
    programme_id, audience = programme_for_tag(world, tag)
    writer.add("positions", {
        "id": position_id, "company_id": company.id, "title": title,
        "description": _description(company, title, cluster, kind),
        "kind": kind, "cluster": cluster, "site": company.site, "mode": mode, "paid": paid,
        "pay_min": pay if paid else None, "pay_max": pay + rng.choice((1000, 2000, 3000, 4000))
        if paid else None, "pay_period": "month", "openings": rng.choice((1, 1, 2, 2, 3, 5)),
        "deadline": deadline, "start_date": start, "end_date": end, "status": status,
        "programme_id": programme_id, "audience": audience, "event_id": event_id,
        "created_at": created, "updated_at": created})
    skills = rng.sample(world.technical[cluster], rng.choice((2, 2, 3)))
    required = [(s, rng.choice((2, 3, 3, 4))) for s in skills]
    required += [(rng.choice(world.competencies), rng.choice((3, 3, 4)))]
    for skill_id, level in required:
        writer.add("position_skills", {"id": writer.new_id("position_skills"),
                                       "position_id": position_id, "skill_id": skill_id,
                                       "required_level": level})
    rec = PositionRec(position_id, company.id, cluster, kind, title, season, opens, deadline,
                      start, end, paid, pay if paid else None, mode, company.site, status, required)
    world.positions.append(rec)
    return rec


CLUSTER_WORDS = {"ai_robotics": "AI and robotics", "healthtech": "health-tech",
                 "fintech": "fintech", "smart_city": "smart-city",
                 "microelectronics": "microelectronics", "new_materials": "advanced-materials",
                 "advanced_manufacturing": "smart-manufacturing",
                 "sustainability": "sustainability"}


def _description(company: CompanyRec, title: str, cluster: str, kind: str) -> str:
    """A short, plausible description."""
    role = title.split(" (Summer")[0]
    article = "an" if role[0] in "AEIOU" or role.startswith(("NLP", "FPGA", "ESG", "R&D")) else "a"
    when = {"internship": "over the summer", "graduate": "from your first day",
            "part_time": "for 15–20 hours a week during term"}[kind]
    return (f"Join {company.name} as {article} {role}. You will work on real "
            f"{CLUSTER_WORDS[cluster]} projects {when} at our {SITE_NAMES[company.site]} office, "
            f"with a named supervisor and a mid-point review.")
