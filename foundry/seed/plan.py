"""How much of everything to generate, and the distributions both seeds share."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

# cluster -> share of companies (HKSTP's mix: AI and health tech lead)
CLUSTER_WEIGHTS = {"ai_robotics": 22, "healthtech": 20, "fintech": 14, "smart_city": 12,
                   "microelectronics": 9, "new_materials": 6, "advanced_manufacturing": 8,
                   "sustainability": 9}
SITE_WEIGHTS = {"science_park": 55, "innocentre": 15, "innopark_tai_po": 8, "innopark_tko": 8,
                "innopark_yuen_long": 5, "shenzhen_branch": 9}
STARTUP_SIZES = {"1-10": 45, "11-50": 45, "51-200": 10}
ESTABLISHED_SIZES = {"11-50": 15, "51-200": 40, "201-1000": 30, "1000+": 15}

# First-destination mix of known outcomes before the internship boost in outcomes.py (it lands
# near the Hong Kong survey figures:
# ~70.8 % full-time, ~16.8 % further study).
KNOWN_OUTCOMES = {"employed_full_time": 60.0, "further_study": 16.0, "employed_part_time": 2.5,
                  "self_employed": 1.3, "contract": 2.7, "postgrad_internship": 1.6,
                  "service": 0.4, "seeking": 4.5, "not_seeking": 1.0}
OUTCOME_SOURCES = {"survey": 72, "employer": 9, "faculty": 8, "public_profile": 7, "registrar": 4}
LOCATIONS = {"hong_kong": 84, "gba": 7, "mainland": 3, "overseas": 6}
# Median monthly salary (HKD) of a full-time first job, by faculty kind.
MONTHLY_SALARY = {"eng": 21500, "comp": 24000, "sci": 19000, "med": 23000, "bus": 21000}

MENTOR_TOPICS = ("CV review", "Interview practice", "Career paths in the cluster",
                 "Portfolio feedback", "Networking at Science Park events", "Technical deep dive",
                 "Salary negotiation", "Start-up life", "Choosing a master's programme",
                 "Project scoping")


@dataclass(frozen=True)
class Plan:
    """Counts and rates for one generated data set."""

    companies: int
    students_per_cohort: dict[int, int]
    graduated_cohorts: tuple[int, ...]
    members_per_company: tuple[int, int] = (1, 2)
    mentor_share: float = 0.35
    positions_per_company: tuple[int, int] = (2, 5)
    skills_per_student: int = 6
    applications_per_season: tuple[int, int] = (1, 4)
    internship_rate_penultimate: float = 0.40   # students with an internship the summer before
    internship_rate_earlier: float = 0.14       # ... and two summers before graduating
    via_platform_share: float = 0.72            # internships from accepted offers
    free_text_share: float = 0.25               # logged internships at non-directory employers
    feedback_rate: float = 0.85                 # completed directory internships with feedback
    mentorships: int = 160
    sessions_per_pair: tuple[int, int] = (1, 7)
    unknown_outcome_rate: float = 0.19
    explicit_no_information: float = 0.6        # unknowns with a "no information" record
    registrations: int = 600
    # The AI in Action Career Day's programme (issue 9): companies, roles and participants (None:
    # as many as registrations × share), workshops, insight sessions, companies with 1:1 slots
    # and slots each.
    career_day_companies: int = 40
    career_day_roles: int | None = None
    career_day_participants: int | None = None
    career_day_workshops: int = 2
    career_day_insights: int = 3
    career_day_slot_companies: int = 10
    career_day_slots: int = 6
    batch_size: int = 5000
    extra: dict = field(default_factory=dict)

    @property
    def total_students(self) -> int:
        """Students over all cohorts."""
        return sum(self.students_per_cohort.values())


DEMO_PLAN = Plan(
    companies=120,
    students_per_cohort={2022: 290, 2023: 295, 2024: 300, 2025: 305, 2026: 310,
                         2027: 160, 2028: 140},
    graduated_cohorts=(2022, 2023, 2024, 2025, 2026),
)

_SCALE_BASE = Plan(
    companies=2300,
    students_per_cohort={2022: 11600, 2023: 11800, 2024: 12000, 2025: 12200, 2026: 12400},
    graduated_cohorts=(2022, 2023, 2024, 2025, 2026),
    members_per_company=(1, 2),
    mentor_share=0.45,
    positions_per_company=(3, 6),
    skills_per_student=3,
    applications_per_season=(1, 2),
    internship_rate_penultimate=0.50,
    internship_rate_earlier=0.18,
    via_platform_share=0.75,
    free_text_share=0.05,
    feedback_rate=0.97,
    mentorships=15000,
    sessions_per_pair=(2, 8),
    unknown_outcome_rate=0.25,
    explicit_no_information=0.1,
    registrations=9000,
    career_day_companies=150,
    career_day_roles=1000,
    career_day_participants=3000,
    career_day_workshops=6,
    career_day_insights=6,
    career_day_slot_companies=20,
    career_day_slots=10,
    batch_size=20000,
)


def scale_plan(factor: float) -> Plan:
    """The Hong-Kong-scale plan with every count multiplied by `factor`."""
    def n(value: int, minimum: int = 1) -> int:
        return max(minimum, round(value * factor))

    return replace(
        _SCALE_BASE,
        companies=n(_SCALE_BASE.companies, 8),
        students_per_cohort={y: n(c, 10) for y, c in _SCALE_BASE.students_per_cohort.items()},
        mentorships=n(_SCALE_BASE.mentorships, 5),
        registrations=n(_SCALE_BASE.registrations, 5),
        # One GIP year has ~3,000 applications whatever the national scale (issue 8).
        extra={**_SCALE_BASE.extra, "gip_applications": max(40, round(3000 * min(factor, 1)))},
    )
