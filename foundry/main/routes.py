"""Landing page, role home pages, language switch, notifications and /healthz."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select, text

from foundry.dashboards.views import publisher
from foundry.extensions import db
from foundry.jobs.health import broker_status
from foundry.main import queries
from foundry.models import Notification
from foundry.models.base import utcnow
from foundry.observability.metrics import exposition
from foundry.permissions import authenticated, dean_scope, monitoring_only, public
from foundry.privacy import display_rules
from foundry.utils import safe_next_url

bp = Blueprint("main", __name__)


@bp.get("/")
@public
def index():
    """The landing page for visitors; a signed-in user goes to their role's home page."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    return render_template("main/index.html")


@bp.get("/home")
@authenticated
def home():
    """The signed-in user's home page, chosen by role."""
    role = current_user.role
    if role == "student":
        student = current_user.student
        return render_template("main/home_student.html", student=student,
                               **queries.student_home(student))
    if role == "external":
        student = current_user.student
        return render_template("main/home_external.html", student=student,
                               **queries.external_home(student))
    if role == "reviewer":
        return redirect(url_for("programmes.review_home"))
    if role == "company":
        membership = current_user.membership
        return render_template("main/home_company.html", membership=membership,
                               **queries.company_home(membership.company))
    if role == "dean":
        assignment = current_user.dean_assignment
        university_id, faculty_id = dean_scope(current_user)
        return render_template(
            "main/home_dean.html", assignment=assignment,
            cohorts=queries.publish_summary(
                queries.university_summary(university_id, faculty_id), publisher(True)),
            rules=display_rules(),
        )
    return render_template("main/home_admin.html", counts=queries.admin_counts())


@bp.post("/language")
@public
def set_language():
    """Switch the interface language (kept in a cookie and, when signed in, on the profile)."""
    locale = request.form.get("locale", "en")
    if locale not in current_app.config["LANGUAGES"]:
        locale = "en"
    if current_user.is_authenticated:
        current_user.locale = locale
        db.session.commit()
    response = redirect(safe_next_url(request.form.get("next")) or url_for("main.index"))
    response.set_cookie("locale", locale, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


@bp.get("/notifications")
@authenticated
def notifications():
    """The signed-in user's notifications, newest first."""
    items = db.session.scalars(
        select(Notification).where(Notification.user_id == current_user.id)
        .order_by(Notification.created_at.desc()).limit(100)
    ).all()
    return render_template("main/notifications.html", items=items)


def _mark_read(notification_id: int) -> Notification:
    """The signed-in user's own notification, marked read (404 for anyone else's)."""
    item = db.session.get(Notification, notification_id)
    if item is None or item.user_id != current_user.id:
        abort(404)
    if item.read_at is None:
        item.read_at = utcnow()
        db.session.commit()
    return item


@bp.get("/notifications/<int:notification_id>/open")
@authenticated
def open_notification(notification_id: int):
    """Open one notification: it is marked read, then its link (a local page) is followed."""
    item = _mark_read(notification_id)
    return redirect(safe_next_url(item.link) or url_for("main.notifications"))


@bp.post("/notifications/<int:notification_id>/read")
@authenticated
def mark_notification_read(notification_id: int):
    """Mark one notification read (one without a link, say)."""
    _mark_read(notification_id)
    return redirect(url_for("main.notifications"))


@bp.post("/notifications/read")
@authenticated
def mark_notifications_read():
    """Mark all of the user's notifications read."""
    for item in db.session.scalars(
        select(Notification).where(Notification.user_id == current_user.id,
                                   Notification.read_at.is_(None))
    ):
        item.read_at = utcnow()
    db.session.commit()
    return redirect(url_for("main.notifications"))


@bp.get("/favicon.ico")
@public
def favicon():
    """Browsers ask for /favicon.ico whatever the page says."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.get("/healthz")
@public
def healthz():
    """Database and broker check for load balancers: 503 when the database is away;
    200 "degraded" when only the job broker is (pages serve, jobs wait for it)."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 — any database failure means unhealthy
        db.session.rollback()
        return jsonify(status="error", database=str(type(error).__name__),
                       broker=broker_status()), 503
    broker = broker_status()
    return jsonify(status="degraded" if broker == "unavailable" else "ok", database="ok",
                   broker=broker)


@bp.get("/metrics")
@monitoring_only
def metrics():
    """Prometheus metrics (monitoring addresses or METRICS_TOKEN only)."""
    return exposition()


