"""Science Park companies, their members and mentors, and their positions."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from foundry.extensions import db
from foundry.models import Company
from foundry.models.choices import CLUSTERS, label
from foundry.seed import names
from foundry.seed.plan import CLUSTER_WEIGHTS, ESTABLISHED_SIZES, SITE_WEIGHTS, STARTUP_SIZES
from foundry.seed.positions import add_position
from foundry.seed.world import CompanyRec, MentorRec, World

KINDS = {"internship": 6, "graduate": 3, "part_time": 1}
DESCRIPTIONS = {
    "ai_robotics": "builds perception and decision software for service robots and smart devices",
    "healthtech": "develops diagnostics and digital health tools with Hong Kong hospitals",
    "fintech": "provides payment, risk and compliance technology to banks and brokers",
    "smart_city": "connects buildings, transport and public spaces with sensors and data",
    "microelectronics": "designs integrated circuits and power electronics for Asian OEMs",
    "new_materials": "turns lab-scale advanced materials into manufacturable products",
    "advanced_manufacturing": "automates precision manufacturing lines in Hong Kong and the GBA",
    "sustainability": "helps property owners and utilities measure and cut their emissions",
}


def slugify(name: str) -> str:
    """'Harbour AI (HK) Limited' -> 'harbourai'."""
    stem = re.sub(r"\b(limited|holdings|company|technology|\(hk\))\b", "", name.lower())
    return re.sub(r"[^a-z0-9]", "", stem)[:40]


def short_name(name: str) -> str:
    """'Lion Rock Robotics Holdings Limited' -> 'Lion Rock Robotics'."""
    for form in sorted(names.LEGAL_FORMS, key=len, reverse=True):
        if name.endswith(" " + form):
            return name.removesuffix(" " + form)
    return name


def generate_companies(world: World) -> None:
    """The company directory: clusters, sites, sizes, startups, vetting; members and mentors."""
    rng, plan = world.rng, world.plan
    clusters = [world.pick(CLUSTER_WEIGHTS) for _ in range(plan.companies)]
    taken = {n.lower() for n in db.session.scalars(select(Company.name))}
    company_names = names.company_names(rng, plan.companies, taken, clusters.__getitem__)
    suspended = max(1, plan.companies // 80)
    pending = max(2, plan.companies // 20)
    for i, (name, cluster) in enumerate(zip(company_names, clusters, strict=True)):
        status = ("suspended" if i < suspended else "pending" if i < suspended + pending
                  else "verified")
        add_company(world, name=name, cluster=cluster, status=status)


def add_company(world: World, *, name: str, cluster: str, status: str, site: str | None = None,
                startup: bool | None = None, size: str | None = None) -> CompanyRec:
    """Queue one company with its members (and mentor profiles); returns its record."""
    rng, writer, plan = world.rng, world.writer, world.plan
    startup = rng.random() < 0.62 if startup is None else startup
    size = size or world.pick(STARTUP_SIZES if startup else ESTABLISHED_SIZES)
    site = site or world.pick(SITE_WEIGHTS)
    company_id = writer.new_id("companies")
    slug = slugify(name)
    created = world.at(world.day_between(date(2024, 10, 1), date(2025, 2, 10)))
    if status == "pending":
        created = world.at(world.today - timedelta(days=rng.randint(2, 40)))
    writer.add("companies", {
        "id": company_id, "name": name, "cluster": cluster, "site": site, "size_band": size,
        "is_startup": startup, "is_park_tenant": True, "vetting_status": status,
        "vetting_reason": ("Suspended after repeated unpaid-internship complaints."
                           if status == "suspended" else None),
        "website": f"https://{slug}.example",
        "description": f"{short_name(name)} {DESCRIPTIONS[cluster]}.",
        "created_at": created})
    rec = CompanyRec(company_id, name, cluster, site, status, slug)
    low, high = plan.members_per_company
    for _ in range(rng.randint(low, high)):
        add_member(world, rec, created=created)
    world.companies.append(rec)
    return rec


def add_member(world: World, company: CompanyRec, *, created, email: str | None = None,
               identity: tuple[str, str, str] | None = None, title: str | None = None,
               mentor: bool | None = None, capacity: int | None = None) -> int:
    """Queue a company member (and, for some, a mentor profile); returns the user id."""
    rng, writer = world.rng, world.writer
    full_name, given, surname = identity or names.person_name(rng)
    email = email or world.unique_email(f"{given.split()[0]}.{surname}", f"{company.slug}.example")
    user_id = world.add_user(email=email, full_name=full_name, role="company", created=created,
                             last_login=world.at(world.today - timedelta(days=rng.randint(1, 60))))
    mentor = (rng.random() < world.plan.mentor_share) if mentor is None else mentor
    mentor = mentor and company.status == "verified"
    writer.add("company_members", {
        "id": writer.new_id("company_members"), "user_id": user_id, "company_id": company.id,
        "job_title": title or rng.choice(names.MEMBER_TITLES), "can_mentor": mentor})
    company.members.append(user_id)
    if mentor:
        mentor_id = writer.new_id("mentor_profiles")
        capacity = capacity or rng.choice((2, 3, 3, 4, 5))
        skills = rng.sample(world.technical[company.cluster], 2)
        writer.add("mentor_profiles", {
            "id": mentor_id, "user_id": user_id, "capacity": capacity, "active": True,
            "expertise": f"{world.skill_names[skills[0]]} and {world.skill_names[skills[1]]}; "
                         f"careers in {label(CLUSTERS, company.cluster)}."})
        writer.add("mentor_clusters", {"id": writer.new_id("mentor_clusters"),
                                       "mentor_id": mentor_id, "cluster": company.cluster})
        for skill_id in skills:
            writer.add("mentor_skills", {"id": writer.new_id("mentor_skills"),
                                         "mentor_id": mentor_id, "skill_id": skill_id})
        world.mentors.append(MentorRec(mentor_id, user_id, company.cluster, capacity))
    return user_id


def generate_positions(world: World, seasons: range) -> None:
    """Positions of every company across the seasons, most in recent years."""
    rng, plan = world.rng, world.plan
    low, high = plan.positions_per_company
    season_weights = {s: 1.0 + max(0, s - 2023) * 0.6 for s in seasons}
    for company in world.companies:
        count = rng.randint(low, high)
        for _ in range(count):
            season = world.pick(season_weights)
            kind = world.pick(KINDS)
            add_position(world, company, season=season, kind=kind)
