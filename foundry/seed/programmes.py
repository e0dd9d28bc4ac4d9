"""The programmes the generated positions belong to (they used to be free-text tags)."""

from __future__ import annotations

from sqlalchemy import select

from foundry.extensions import db
from foundry.models import TalentProgramme
from foundry.seed.world import World

# tag → (kind, eligibility, themes); GIP and career-day positions are open to everyone.
PROGRAMMES = {
    "Global Internship Programme": ("internship", "both",
                                    ["healthtech", "ai_robotics", "fintech",
                                     "advanced_manufacturing"]),
    "AI in Action Career Day": ("career_day", "both", ["ai_robotics"]),
    "Microelectronics Drive": ("drive", "partner", ["microelectronics"]),
    "Life & Health Tech Drive": ("drive", "partner", ["healthtech"]),
    "Fintech Drive": ("drive", "partner", ["fintech"]),
}
GIP_RUBRIC = ["Academic record", "Motivation and statement", "Skills fit"]


def programme_for_tag(world: World, tag: str | None) -> tuple[int | None, str]:
    """(programme id, audience) of a position tagged `tag`; the programme is made once."""
    if tag is None:
        return None, "partner"
    cache = world.programmes
    if tag not in cache:
        kind, eligibility, themes = PROGRAMMES.get(tag, ("drive", "partner", []))
        programme = db.session.scalar(select(TalentProgramme).where(TalentProgramme.name == tag))
        if programme is None:
            programme = TalentProgramme(name=tag, kind=kind, eligibility=eligibility,
                                        themes=themes, description="", max_preferences=3,
                                        reviews_needed=2,
                                        rubric=GIP_RUBRIC if kind == "internship" else [])
            db.session.add(programme)
            db.session.flush()
        cache[tag] = (programme.id, "partner" if programme.kind == "drive" else "open")
    return cache[tag]
