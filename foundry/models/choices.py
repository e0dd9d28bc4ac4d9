"""Enumerated values used by models, forms and dashboards: one place, with display labels.

Each tuple holds (stored value, English label); labels go through lazy_gettext at display time.
CHECK constraints in the models are built from the same tuples, so the database and the forms
can never disagree.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ROLES = (("student", _l("Student")), ("company", _l("Company member")),
         ("dean", _l("Dean / faculty staff")), ("admin", _l("Programme admin")),
         ("external", _l("External talent")), ("reviewer", _l("Programme reviewer")))
# Roles that sign themselves up and are verified by a mailed link (the same machinery).
SELF_SIGNUP_ROLES = ("student", "external")
# Roles that hold a talent profile (StudentProfile) and use the application pipeline.
TALENT_ROLES = ("student", "external")

CLUSTERS = (
    ("healthtech", _l("Healthtech, medtech & biotech")),
    ("ai_robotics", _l("AI & robotics")),
    ("fintech", _l("Fintech")),
    ("smart_city", _l("Smart city")),
    ("microelectronics", _l("Microelectronics")),
    ("new_materials", _l("New materials")),
    ("advanced_manufacturing", _l("Advanced manufacturing")),
    ("sustainability", _l("Sustainability")),
)

SITES = (
    ("science_park", _l("Hong Kong Science Park (Pak Shek Kok)")),
    ("innocentre", _l("InnoCentre (Kowloon Tong)")),
    ("innopark_tai_po", _l("InnoPark Tai Po")),
    ("innopark_tko", _l("InnoPark Tseung Kwan O")),
    ("innopark_yuen_long", _l("InnoPark Yuen Long")),
    ("shenzhen_branch", _l("Science Park Shenzhen Branch (Futian)")),
)

SIZE_BANDS = (("1-10", "1–10"), ("11-50", "11–50"), ("51-200", "51–200"),
              ("201-1000", "201–1,000"), ("1000+", "1,000+"))

MAIL_STATUSES = (("queued", _l("Queued")), ("sending", _l("Sending")), ("sent", _l("Sent")),
                 ("failed", _l("Failed")))

IMPORT_JOB_STATUSES = (
    ("validating", _l("Checking the file")), ("ready", _l("Ready to apply")),
    ("invalid", _l("Needs a corrected file")), ("applying", _l("Applying")),
    ("applied", _l("Applied")), ("failed", _l("Not applied")), ("discarded", _l("Discarded")))

VETTING_STATUSES = (("pending", _l("Pending")), ("verified", _l("Verified")),
                    ("suspended", _l("Suspended")))

DEGREE_LEVELS = (("associate", _l("Associate / higher diploma")), ("bachelor", _l("Bachelor")),
                 ("master", _l("Master")), ("phd", _l("Doctorate")))

POSITION_KINDS = (("internship", _l("Internship")), ("graduate", _l("Graduate role")),
                  ("part_time", _l("Part-time")))
POSITION_STATUSES = (("draft", _l("Draft")), ("open", _l("Open")), ("closed", _l("Closed")))
WORK_MODES = (("onsite", _l("On site")), ("hybrid", _l("Hybrid")), ("remote", _l("Remote")))
PAY_PERIODS = (("month", _l("per month")), ("year", _l("per year")))
# An offer's terms: a salary or an (intern's) stipend, paid per month, per year or in total.
OFFER_PAY_KINDS = (("salary", _l("Salary")), ("stipend", _l("Stipend")))
OFFER_PAY_PERIODS = (("month", _l("per month")), ("year", _l("per year")),
                     ("total", _l("in total")))

APPLICATION_STATUSES = (
    ("submitted", _l("Submitted")), ("shortlisted", _l("Shortlisted")),
    ("interview", _l("Interview")), ("offered", _l("Offered")), ("accepted", _l("Accepted")),
    ("declined", _l("Declined")), ("rejected", _l("Rejected")), ("withdrawn", _l("Withdrawn")),
)
# Why a company rejected an applicant: a category for the programme's funnel, never shown to
# the student or to other companies.
REJECTION_REASONS = (
    ("skills", _l("Skills or experience do not fit")), ("position_filled", _l("Position filled")),
    ("availability", _l("Dates or hours do not fit")),
    ("eligibility", _l("Not eligible (visa, year of study)")),
    ("interview", _l("After the interview")), ("no_response", _l("Did not respond")),
    ("other", _l("Other")),
)
# An application in one of these states is finished; a new one may be made for the position.
APPLICATION_CLOSED = ("declined", "rejected", "withdrawn")

INTERNSHIP_STATUSES = (
    ("pending", _l("Pending confirmation")), ("confirmed", _l("Confirmed")),
    ("completed", _l("Completed")), ("ended_early", _l("Ended early")),
    ("disputed", _l("Disputed")),
)
# Only these count anywhere (dashboards, participation rates).
INTERNSHIP_COUNTED = ("confirmed", "completed", "ended_early")
INTERNSHIP_SOURCES = (("offer", _l("Accepted offer")), ("logged", _l("Logged by student")))

SKILL_KINDS = (("competency", _l("Career-readiness competency")),
               ("technical", _l("Technical skill")))
PROFICIENCY = (
    (1, _l("1 — Awareness: knows the terms, needs close guidance")),
    (2, _l("2 — Basic: does simple tasks with help")),
    (3, _l("3 — Working: does routine tasks alone")),
    (4, _l("4 — Advanced: handles complex tasks, helps others")),
    (5, _l("5 — Expert: sets direction, teaches others")),
)

MENTORSHIP_STATUSES = (("requested", _l("Requested")), ("active", _l("Active")),
                       ("declined", _l("Declined")), ("closed", _l("Closed")))
SESSION_MODES = (("in_person", _l("In person")), ("video", _l("Video call")),
                 ("phone", _l("Phone")))
MENTORSHIP_INACTIVE_DAYS = 60

OUTCOME_CATEGORIES = (
    ("employed_full_time", _l("Employed full-time (30+ h/week)")),
    ("employed_part_time", _l("Employed part-time")),
    ("self_employed", _l("Self-employed / founder")),
    ("contract", _l("Contract or freelance")),
    ("postgrad_internship", _l("Post-graduate internship or fellowship")),
    ("further_study", _l("Further study")),
    ("service", _l("Service (volunteer / national)")),
    ("seeking", _l("Still seeking (work or study)")),
    ("not_seeking", _l("Not seeking")),
    ("no_information", _l("No information")),
)
EMPLOYED_CATEGORIES = ("employed_full_time", "employed_part_time", "self_employed", "contract",
                       "postgrad_internship")
OUTCOME_SOURCES = (("survey", _l("Graduate survey")), ("employer", _l("Employer")),
                   ("faculty", _l("Faculty")), ("public_profile", _l("Public profile")),
                   ("registrar", _l("Registrar import")))
LOCATIONS = (("hong_kong", _l("Hong Kong")), ("gba", _l("Greater Bay Area")),
             ("mainland", _l("Elsewhere in Mainland China")), ("overseas", _l("Overseas")))

EVENT_KINDS = (("career_day", _l("Career day")), ("workshop", _l("Workshop")),
               ("insight_session", _l("Industry insight session")),
               ("campus_session", _l("Campus session")), ("drive", _l("Themed recruitment drive")))
EVENT_MODES = (("onsite", _l("On site")), ("virtual", _l("Virtual")), ("hybrid", _l("Hybrid")))

# Where an applicant comes from: a partner university, or external talent by country.
ORIGINS = (("partner", _l("Partner university")), ("hong_kong", _l("Hong Kong (other)")),
           ("mainland", _l("Mainland China")), ("overseas", _l("Overseas")))
# Who may apply to a position.
AUDIENCES = (("partner", _l("Partner-university students only")),
             ("open", _l("Open to everyone")))

PROGRAMME_KINDS = (("internship", _l("Internship programme")),
                   ("drive", _l("Recruitment drive")),
                   ("career_day", _l("Career-day talent pool")))
PROGRAMME_ELIGIBILITY = (("partner", _l("Partner-university students")),
                         ("external", _l("External talent")),
                         ("both", _l("Partner students and external talent")))
# The selection cycle of a programme application, in order; rejected is possible at any
# open stage, accepted / declined / rejected are final.
PROGRAMME_STAGES = (
    ("submitted", _l("Submitted")), ("screened", _l("Longlisted")),
    ("forwarded", _l("Forwarded to companies")), ("interviewing", _l("Interviewing")),
    ("offered", _l("Offered")), ("accepted", _l("Accepted")), ("declined", _l("Declined")),
    ("rejected", _l("Not selected")),
)
PROGRAMME_FINAL = ("accepted", "declined", "rejected")
# The Bootstrap colour of each stage's badge (pages only).
PROGRAMME_STAGE_COLOURS = {"submitted": "secondary", "screened": "info", "forwarded": "primary",
                           "interviewing": "primary", "offered": "warning",
                           "accepted": "success", "declined": "dark", "rejected": "danger"}
PROGRAMME_REJECTION_REASONS = (
    ("eligibility", _l("Not eligible")), ("skills", _l("Skills do not match")),
    ("statement", _l("Statement not strong enough")), ("capacity", _l("No places left")),
    ("company", _l("Not chosen by the companies")), ("withdrawn", _l("Withdrew")),
    ("other", _l("Other")),
)


def values(choices) -> tuple:
    """The stored values of a choices tuple."""
    return tuple(value for value, _label in choices)


def label(choices, value) -> str:
    """The display label of a stored value (the value itself when unknown)."""
    return str(dict(choices).get(value, value or ""))


def in_check(column: str, choices) -> str:
    """SQL text for a CHECK that a column holds one of the choices' values."""
    quoted = ", ".join(f"'{v}'" for v in values(choices))
    return f"{column} IN ({quoted})"


def cohort_year(graduation) -> int:
    """Academic year (1 July – 30 June) of a graduation date, named by the year it ends."""
    return graduation.year + 1 if graduation.month >= 7 else graduation.year

# Sessions of an event's programme (issue 9).
SESSION_KINDS = (("workshop", _l("Workshop")), ("insight", _l("Industry insight session")),
                 ("booth", _l("Company booth")), ("group", _l("Group session")),
                 ("one_to_one", _l("1:1 chat")))
# Sessions a company opens itself; workshops and insight sessions are the organisers'.
COMPANY_SESSION_KINDS = ("booth", "group", "one_to_one")
SESSION_PLACES = (("onsite", _l("On site")), ("online", _l("Online")),
                  ("both", _l("On site and online")))
PARTICIPATION_STATUSES = (("invited", _l("Invited")), ("requested", _l("Requested")),
                          ("approved", _l("Approved")), ("declined", _l("Declined")))
BOOKING_STATUSES = (("booked", _l("Booked")), ("waitlisted", _l("On the waiting list")))
