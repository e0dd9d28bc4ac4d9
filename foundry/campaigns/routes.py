"""Campaign pages for their owners (admins, deans): list, new, progress, send, follow-up."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from foundry.campaigns import dispatch, queries, services
from foundry.campaigns.forms import DEFAULT_MESSAGE_EN, DEFAULT_MESSAGE_ZH, CampaignForm
from foundry.common.audit import record_audit
from foundry.common.errors import DomainError, attach_to_form
from foundry.exports.csv import csv_response
from foundry.extensions import db
from foundry.formatting import day
from foundry.models import Faculty, SurveyCampaign, University
from foundry.models.base import utcnow
from foundry.models.choices import cohort_year
from foundry.permissions import (
    can_manage_campaign,
    dean_scope,
    get_or_404,
    is_admin,
    require,
    role_required,
)

bp = Blueprint("campaigns", __name__, url_prefix="/campaigns")

PER_PAGE = 50


def _load(campaign_id: int) -> SurveyCampaign:
    """The campaign, if the viewer owns it (else 404/403)."""
    campaign = get_or_404(SurveyCampaign, campaign_id)
    require(can_manage_campaign(current_user, campaign))
    return campaign


def _form_choices() -> dict:
    """University and faculty options for the viewer's scope."""
    scope = dean_scope(current_user)
    universities = db.session.scalars(select(University).order_by(University.code)).all()
    if scope is not None:
        universities = [u for u in universities if u.id == scope[0]]
    ids = [u.id for u in universities]
    faculties = db.session.scalars(select(Faculty).where(Faculty.university_id.in_(ids))
                                   .order_by(Faculty.university_id, Faculty.name)).all()
    if scope is not None and scope[1] is not None:
        faculties = [f for f in faculties if f.id == scope[1]]
    many = len(universities) > 1
    return {"universities": [(u.id, f"{u.code} — {u.name}") for u in universities],
            "faculties": [(f.id, f"{f.university.code} · {f.name}" if many else f.name)
                          for f in faculties],
            "cohorts": queries.cohort_choices()}


@bp.get("/")
@role_required("dean", "admin")
def index():
    """The campaigns the viewer runs, with their progress in brief."""
    campaigns = queries.campaigns_for(current_user)
    totals = {c.id: queries.progress(c)[1] for c in campaigns}
    return render_template("campaigns/index.html", campaigns=campaigns, totals=totals,
                           today=utcnow().date())


@bp.route("/new", methods=["GET", "POST"])
@role_required("dean", "admin")
def new():
    """Start a campaign for a cohort (own university; a faculty-scoped dean: own faculty)."""
    form = CampaignForm(**_form_choices())
    if request.method == "GET":
        cohort = cohort_year(utcnow().date())
        form.cohort_year.data = cohort
        form.opens_on.data, form.closes_on.data = services.default_window(cohort)
        form.message_en.data, form.message_zh.data = DEFAULT_MESSAGE_EN, DEFAULT_MESSAGE_ZH
        form.reminder_days.data = "7, 21, 45"
        scope = dean_scope(current_user)
        if scope is not None:
            form.university_id.data, form.faculty_id.data = scope
        form.name.data = _("First-destination survey %(y)s", y=f"{cohort - 1}/{cohort % 100:02d}")
    if form.validate_on_submit():
        data = services.CampaignInput(
            name=form.name.data, university_id=form.university_id.data,
            faculty_id=form.faculty_id.data, cohort_year=form.cohort_year.data,
            opens_on=form.opens_on.data, closes_on=form.closes_on.data,
            message_en=form.message_en.data, message_zh=form.message_zh.data,
            reminder_days=form.reminder_days.data)
        try:
            campaign = services.create_campaign(actor=current_user, data=data)
        except DomainError as error:
            db.session.rollback()
            attach_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Campaign created: check the numbers, then send the invitations."),
                  "success")
            return redirect(url_for("campaigns.show", campaign_id=campaign.id))
    return render_template("campaigns/new.html", form=form,
                           admin=is_admin(current_user))


@bp.get("/<int:campaign_id>")
@role_required("dean", "admin")
def show(campaign_id: int):
    """Live progress: sent, opened, answered, failed by faculty and programme; the knowledge
    rate against the 65 % line and the previous cohort."""
    campaign = _load(campaign_id)
    rows, total = queries.progress(campaign)
    return render_template("campaigns/show.html", campaign=campaign, rows=rows, total=total,
                           knowledge=queries.knowledge(campaign), today=utcnow().date())


@bp.post("/<int:campaign_id>/send")
@role_required("dean", "admin")
def send(campaign_id: int):
    """Ask for the invitations to be sent: recorded here, sent by the background job."""
    campaign = _load(campaign_id)
    try:
        services.request_sending(campaign=campaign, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("campaigns.show", campaign_id=campaign.id))
    db.session.commit()
    dispatch.enqueue_invitations(campaign_id=campaign.id)
    if campaign.opens_on > utcnow().date():
        flash(_("The invitations will go out on %(d)s, when the campaign opens.",
                d=day(campaign.opens_on)), "info")
    else:
        flash(_("The invitations are being sent. This page shows them as they go."), "success")
    return redirect(url_for("campaigns.show", campaign_id=campaign.id))


@bp.get("/<int:campaign_id>/follow-up")
@role_required("dean", "admin")
def follow_up(campaign_id: int):
    """Graduates in the campaign's scope with no outcome yet, to follow up."""
    campaign = _load(campaign_id)
    page = db.paginate(queries.follow_up_stmt(campaign),
                       page=request.args.get("page", 1, type=int), per_page=PER_PAGE,
                       error_out=False)
    recipients = queries.recipients_of(campaign, [s.id for s in page.items])
    return render_template("campaigns/follow_up.html", campaign=campaign, page=page,
                           recipients=recipients,
                           display_name=queries.display_name, state=queries.invitation_state,
                           state_label=lambda key: str(queries.STATE_LABELS[key]))


@bp.get("/<int:campaign_id>/follow-up.csv")
@role_required("dean", "admin")
def follow_up_csv(campaign_id: int):
    """The follow-up list as CSV (scoped and audited)."""
    campaign = _load(campaign_id)
    students = db.session.scalars(queries.follow_up_stmt(campaign)).all()
    recipients = queries.recipients_of(campaign, [s.id for s in students])
    rows = [(s, s.user, recipients.get(s.id)) for s in students]
    record_audit("export.campaign_follow_up", target=campaign, details={"rows": len(rows)})
    db.session.commit()
    headers = [_("Student number"), _("Name"), _("E-mail"), _("Faculty"), _("Programme"),
               _("Invitation"), _("Reminders sent"), _("Opted out of reminders")]
    body = [[s.student_number, queries.display_name(u) or _("(identity removed)"),
             r.email if r else (u.email if u and u.deleted_at is None else ""),
             s.faculty.name, s.programme.name if s.programme else "",
             str(queries.STATE_LABELS[queries.invitation_state(r)]),
             r.reminders_sent if r else 0, bool(r and r.opted_out_at)]
            for s, u, r in rows]
    return csv_response(f"campaign-{campaign.id}-follow-up", headers, body)
