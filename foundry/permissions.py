"""Every access rule of the app: route policies, object predicates and viewer-scoped queries.

Each view is wrapped by exactly one policy decorator — `public`, `authenticated`, `token_only`
or `role_required(...)` — which records the rule on the function (`view.access_policy`) so
that a test can walk `app.url_map` and fail for any route that declares none. Pages answer an
anonymous visitor with a redirect to sign-in and a wrong role with 403; `/api/` paths answer
401/403 in JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any

from flask import abort, request
from flask_login import current_user
from sqlalchemy import Select

from foundry.extensions import login_manager

if TYPE_CHECKING:
    from foundry.models import (
        Application,
        Company,
        Event,
        EventSession,
        Internship,
        MentoringSession,
        Mentorship,
        Position,
        StudentProfile,
        SurveyCampaign,
        University,
        User,
    )

ROLE_NAMES = ("student", "company", "dean", "admin", "external", "reviewer")
# Roles with a talent profile who apply to positions: partner students and external talent.
TALENT_ROLES = ("student", "external")


@dataclass(frozen=True)
class AccessPolicy:
    """The declared rule of a route: who may call it."""

    kind: str  # "public" | "authenticated" | "roles" | "token"
    roles: frozenset[str] = frozenset()

    def allows(self, user: Any) -> bool:
        """Whether this user (possibly anonymous) passes the rule."""
        if self.kind == "public":
            return True
        if not getattr(user, "is_authenticated", False):
            return False
        return self.kind == "authenticated" or user.role in self.roles


def _declare(view: Callable, policy: AccessPolicy) -> Callable:
    """Record the policy on a view and enforce it on each call."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not policy.allows(current_user):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            abort(403)
        return view(*args, **kwargs)

    wrapped.access_policy = policy  # type: ignore[attr-defined]
    return wrapped


def public(view: Callable) -> Callable:
    """Anyone, signed in or not."""
    return _declare(view, AccessPolicy("public"))


def authenticated(view: Callable) -> Callable:
    """Any signed-in user, whatever the role."""
    return _declare(view, AccessPolicy("authenticated"))


def role_required(*roles: str) -> Callable[[Callable], Callable]:
    """Signed-in users of one of these roles; others get 403 (401 / login redirect if anonymous)."""
    unknown = set(roles) - set(ROLE_NAMES)
    if unknown or not roles:
        raise ValueError(f"unknown roles: {unknown or 'none given'}")

    def decorator(view: Callable) -> Callable:
        return _declare(view, AccessPolicy("roles", frozenset(roles)))

    return decorator


def token_only(view: Callable) -> Callable:
    """Authorization is done by the view itself from a signed token in the URL (e.g. a
    supervisor confirming an internship without an account); the token is the credential."""
    view.access_policy = AccessPolicy("token")  # type: ignore[attr-defined]
    return view


def step_up_required(view: Callable | None = None, *, methods: tuple[str, ...] = ()):
    """Sensitive actions (role changes, exports of personal data, second-factor changes): a
    user with a second factor types a code again when the last check is older than
    STEP_UP_MAX_AGE. Goes under the route's policy decorator; `methods` limits it (e.g. to
    the POST of a page whose GET only shows a form)."""

    def decorator(inner: Callable) -> Callable:
        @wraps(inner)
        def wrapped(*args, **kwargs):
            from foundry.twofactor.gate import step_up_response

            if not methods or request.method in methods:
                response = step_up_response()
                if response is not None:
                    return response
            return inner(*args, **kwargs)

        wrapped.step_up = True  # type: ignore[attr-defined]
        return wrapped

    return decorator(view) if view is not None else decorator
def monitoring_only(view: Callable) -> Callable:
    """Monitoring endpoints (/metrics): the configured monitoring addresses
    (METRICS_ALLOWED_IPS) or a caller presenting METRICS_TOKEN as a bearer token; anyone else
    gets 403. The credential is the address or the token, so the policy is "token"."""
    import hmac

    from flask import current_app, request

    @wraps(view)
    def wrapped(*args, **kwargs):
        config = current_app.config
        allowed = {ip.strip() for ip in config.get("METRICS_ALLOWED_IPS", "").split(",")
                   if ip.strip()}
        token = config.get("METRICS_TOKEN") or ""
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if request.remote_addr not in allowed and not (
                token and hmac.compare_digest(given.encode(), token.encode())):
            abort(403)
        return view(*args, **kwargs)

    wrapped.access_policy = AccessPolicy("token")  # type: ignore[attr-defined]
    return wrapped


def is_api_request() -> bool:
    """Whether the current request is for the JSON API."""
    return request.path.startswith("/api/")


# --- Object-level predicates (admins pass every one of them explicitly) -----------------------

def is_admin(user: Any) -> bool:
    """Programme admins see and do everything."""
    return getattr(user, "is_authenticated", False) and user.role == "admin"


def company_id_of(user: Any) -> int | None:
    """The company a company member acts for."""
    membership = getattr(user, "membership", None)
    return membership.company_id if membership else None


def is_external(user: Any) -> bool:
    """External talent: from outside the partner universities (the one place this is decided;
    other features, e.g. open events, ask this predicate)."""
    return getattr(user, "is_authenticated", False) and user.role == "external"


def is_talent(user: Any) -> bool:
    """A partner student or external talent: someone who applies to positions."""
    return getattr(user, "is_authenticated", False) and user.role in TALENT_ROLES


def student_of(user: Any) -> StudentProfile | None:
    """The talent profile of a signed-in student or external talent."""
    return getattr(user, "student", None) if getattr(user, "role", None) in TALENT_ROLES \
        else None


def dean_scope(user: Any) -> tuple[int, int | None] | None:
    """(university_id, faculty_id or None) of a dean; None for anyone else."""
    assignment = getattr(user, "dean_assignment", None)
    if getattr(user, "role", None) != "dean" or assignment is None:
        return None
    return assignment.university_id, assignment.faculty_id


def can_view_student(user: User, student: StudentProfile) -> bool:
    """The student themself and admins see a student's record; deans see aggregates only (and
    never external talent, who belong to no partner university)."""
    if is_admin(user):
        return True
    own = student_of(user)
    return own is not None and own.id == student.id


def can_view_university(user: User, university: University | int) -> bool:
    """Admins see every university; a dean only their own."""
    if is_admin(user):
        return True
    scope = dean_scope(user)
    university_id = university if isinstance(university, int) else university.id
    return scope is not None and scope[0] == university_id


def can_manage_company(user: User, company: Company | int) -> bool:
    """Members of the company (and admins) manage its profile, positions and pipeline."""
    if is_admin(user):
        return True
    company_id = company if isinstance(company, int) else company.id
    return company_id_of(user) == company_id


def can_manage_position(user: User, position: Position) -> bool:
    """A position is managed by its company's members and admins."""
    return can_manage_company(user, position.company_id)


def can_view_position(user: User, position: Position) -> bool:
    """Students see open positions of verified companies, external talent only those open to
    everyone; the company and admins see its own."""
    if is_admin(user) or can_manage_position(user, position):
        return True
    return (student_of(user) is not None and position.status == "open"
            and position.company.vetting_status == "verified"
            and (position.audience == "open" or not is_external(user)))


def can_view_application(user: User, application: Application) -> bool:
    """The applicant, the position's company and admins; nobody else."""
    if is_admin(user):
        return True
    own = student_of(user)
    if own is not None:
        return application.student_id == own.id
    return company_id_of(user) == application.position.company_id


def can_view_internship(user: User, internship: Internship) -> bool:
    """The intern, the host company and admins."""
    if is_admin(user):
        return True
    own = student_of(user)
    if own is not None:
        return internship.student_id == own.id
    cid = company_id_of(user)
    return cid is not None and cid == internship.company_id


def internship_side(user: User, internship: Internship) -> str | None:
    """Which side of an internship the user acts for: "student" (the intern), "company" (a
    member of the host company), "admin", or None (no access)."""
    if is_admin(user):
        return "admin"
    own = student_of(user)
    if own is not None:
        return "student" if internship.student_id == own.id else None
    cid = company_id_of(user)
    return "company" if cid is not None and cid == internship.company_id else None


def can_give_feedback(user: User, internship: Internship) -> bool:
    """Only members of the host company fill the skills feedback on their intern."""
    cid = company_id_of(user)
    return getattr(user, "role", None) == "company" and cid is not None \
        and cid == internship.company_id


def can_view_mentorship(user: User, mentorship: Mentorship) -> bool:
    """The two members of the pair and admins."""
    if is_admin(user):
        return True
    own = student_of(user)
    if own is not None:
        return mentorship.student_id == own.id
    return mentorship.mentor.user_id == getattr(user, "id", None)


def can_edit_mentoring_session(user: User, entry: MentoringSession) -> bool:
    """Only the person who logged a mentoring session edits it (not even admins: it is their
    own account of the session)."""
    return entry.logged_by_id is not None and entry.logged_by_id == getattr(user, "id", None)


def can_record_outcome(user: User, student: StudentProfile) -> bool:
    """Admins, and deans of the graduate's university (and faculty, when scoped to one), record
    or correct a graduate's outcome: the one place a dean sees individual graduates."""
    if is_admin(user):
        return True
    scope = dean_scope(user)
    if scope is None:
        return False
    university_id, faculty_id = scope
    return student.university_id == university_id and (
        faculty_id is None or student.faculty_id == faculty_id)


def can_register_for_event(user: User, event: Event) -> bool:
    """The one rule of who may register for (and so book sessions of, join, rate) an event:
    students of the partner universities, for every event; external talent only for events
    that are `open_to_everyone`."""
    if student_of(user) is None:
        return False
    return not is_external(user) or bool(event.open_to_everyone)


def can_see_event(user: User, event: Event) -> bool:
    """Every event is listed to partner students, companies and admins; external talent see
    the open ones (a partner-only event's page tells them it is not for them)."""
    return not is_external(user) or bool(event.open_to_everyone)


def can_manage_session(user: User, session: EventSession) -> bool:
    """An event session is edited by admins, and by members of the company that runs it (never
    another company's, never the organisers' workshops and insight sessions)."""
    if is_admin(user):
        return True
    return session.company_id is not None and company_id_of(user) == session.company_id


def can_see_session_attendees(user: User, session: EventSession) -> bool:
    """Who booked a session is seen by admins (staff) and the company running it; never by
    other participants."""
    return can_manage_session(user, session)


def can_run_campaign(user: User, university_id: int, faculty_id: int | None) -> bool:
    """Admins run survey campaigns for any university; a dean for their own university only,
    and a faculty-scoped dean only for their own faculty."""
    if is_admin(user):
        return True
    scope = dean_scope(user)
    if scope is None or scope[0] != university_id:
        return False
    return scope[1] is None or scope[1] == faculty_id


def can_manage_campaign(user: User, campaign: SurveyCampaign) -> bool:
    """The campaign's owners: admins, and deans whose scope covers the campaign's."""
    return can_run_campaign(user, campaign.university_id, campaign.faculty_id)


def can_review_programme(user: User, programme: Any) -> bool:
    """Admins, and programme reviewers appointed to this programme, read and score its
    applications."""
    if is_admin(user):
        return True
    return getattr(user, "role", None) == "reviewer" and any(
        row.user_id == user.id for row in programme.reviewers)


def can_import(user: User, kind: str, university_id: int | None) -> bool:
    """Admins import anything anywhere; a dean imports students and outcomes into their own
    university only (rows outside a faculty-scoped dean's faculty are refused row by row)."""
    if is_admin(user):
        return True
    scope = dean_scope(user)
    return (scope is not None and kind in ("students", "outcomes")
            and university_id == scope[0])

# --- Viewer-scoped queries ---------------------------------------------------------------------

def scope_students(stmt: Select, user: User) -> Select:
    """Limit a query over StudentProfile to what the viewer may aggregate over."""
    from foundry.models import StudentProfile

    if is_admin(user):
        return stmt
    scope = dean_scope(user)
    if scope is None:
        own = student_of(user)
        return stmt.where(StudentProfile.id == (own.id if own else -1))
    university_id, faculty_id = scope
    stmt = stmt.where(StudentProfile.university_id == university_id)
    if faculty_id is not None:
        stmt = stmt.where(StudentProfile.faculty_id == faculty_id)
    return stmt


def scope_campaigns(stmt: Select, user: User) -> Select:
    """Limit a query over SurveyCampaign to the campaigns the viewer manages."""
    from foundry.models import SurveyCampaign

    if is_admin(user):
        return stmt
    scope = dean_scope(user)
    if scope is None:
        return stmt.where(SurveyCampaign.id == -1)
    stmt = stmt.where(SurveyCampaign.university_id == scope[0])
    if scope[1] is not None:
        stmt = stmt.where(SurveyCampaign.faculty_id == scope[1])
    return stmt


def get_or_404(model, ident: Any):
    """Load a row by primary key or answer 404."""
    from foundry.extensions import db

    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


def require(allowed: bool) -> None:
    """Answer 403 unless an object predicate allowed the action."""
    if not allowed:
        abort(403)
