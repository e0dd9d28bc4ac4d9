"""All models, imported so that SQLAlchemy's metadata (and Alembic) sees every table."""

from foundry.models.academia import (
    DeanAssignment,
    Faculty,
    Programme,
    StudentCluster,
    StudentProfile,
    University,
    UniversityDomain,
)
from foundry.models.audit import AuditLog
from foundry.models.campaigns import CampaignRecipient, EmploymentConfirmation, SurveyCampaign
from foundry.models.companies import Company, CompanyDomain, CompanyMember
from foundry.models.cvs import CvFile
from foundry.models.dashboards import (
    ActivityGroup,
    ClusterGroup,
    EmployerGroup,
    InternshipFact,
    OutcomeGroup,
    SkillFact,
    SkillGroup,
    StudentFact,
    ValueGroup,
)
from foundry.models.event_sessions import (
    EventFeedback,
    EventRepresentative,
    EventSession,
    SessionBooking,
    SessionSpeaker,
)
from foundry.models.events import Event, EventCompany, EventRegistration
from foundry.models.internships import Internship, SkillFeedback, SkillRating
from foundry.models.jobs import ImportJob, ReminderLog
from foundry.models.mentoring import (
    MentorCluster,
    MentoringSession,
    MentorProfile,
    Mentorship,
    MentorSkill,
)
from foundry.models.outcomes import GraduateOutcome
from foundry.models.positions import Application, Position, PositionSkill
from foundry.models.programmes import (
    ProgrammeApplication,
    ProgrammePreference,
    ProgrammeReview,
    ProgrammeReviewer,
    ProgrammeStageChange,
    TalentProgramme,
)
from foundry.models.signin import (
    IdentityProvider,
    RecoveryCode,
    RememberedDevice,
    SsoIdentity,
    TwoFactor,
)
from foundry.models.skills import Skill, StudentSkill
from foundry.models.talent import ExternalProfile
from foundry.models.users import (
    ApiToken,
    Consent,
    Invitation,
    Notification,
    OutboxMail,
    User,
    UserSession,
)

__all__ = [
    "ActivityGroup",
    "ApiToken",
    "Application",
    "AuditLog",
    "CampaignRecipient",
    "ClusterGroup",
    "Company",
    "CompanyDomain",
    "CompanyMember",
    "Consent",
    "CvFile",
    "DeanAssignment",
    "EmployerGroup",
    "EmploymentConfirmation",
    "Event",
    "EventCompany",
    "EventFeedback",
    "EventRegistration",
    "EventRepresentative",
    "EventSession",
    "ExternalProfile",
    "Faculty",
    "GraduateOutcome",
    "IdentityProvider",
    "ImportJob",
    "Internship",
    "InternshipFact",
    "Invitation",
    "MentorCluster",
    "MentorProfile",
    "MentorSkill",
    "MentoringSession",
    "Mentorship",
    "Notification",
    "OutboxMail",
    "OutcomeGroup",
    "Position",
    "PositionSkill",
    "Programme",
    "ProgrammeApplication",
    "ProgrammePreference",
    "ProgrammeReview",
    "ProgrammeReviewer",
    "ProgrammeStageChange",
    "RecoveryCode",
    "RememberedDevice",
    "ReminderLog",
    "SessionBooking",
    "SessionSpeaker",
    "Skill",
    "SkillFact",
    "SkillFeedback",
    "SkillGroup",
    "SkillRating",
    "SsoIdentity",
    "StudentCluster",
    "StudentFact",
    "StudentProfile",
    "StudentSkill",
    "SurveyCampaign",
    "TalentProgramme",
    "TwoFactor",
    "University",
    "UniversityDomain",
    "User",
    "UserSession",
    "ValueGroup",
]
