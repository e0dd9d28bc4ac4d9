"""The pair page and its actions: status changes, goals, logging and editing sessions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from foundry.common.audit import record_student_view
from foundry.common.errors import DomainError, attach_to_form, attach_unseen
from foundry.extensions import db
from foundry.mentoring import queries, services
from foundry.mentoring.forms import GoalsForm, SessionForm
from foundry.mentoring.routes import bp
from foundry.models import MentoringSession, Mentorship
from foundry.models.base import utcnow
from foundry.models.choices import MENTORSHIP_STATUSES, label
from foundry.permissions import (
    can_edit_mentoring_session,
    can_view_mentorship,
    get_or_404,
    require,
    role_required,
)


def _load_pair(pair_id: int) -> Mentorship:
    """Load a pair with what the page shows, or 404; 403 unless a member or an admin."""
    pair = queries.pair_detail(pair_id)
    if pair is None:
        abort(404)
    require(can_view_mentorship(current_user, pair))
    return pair


def _page(pair: Mentorship, *, goals_form: GoalsForm | None = None,
          session_form: SessionForm | None = None):
    """Render the pair page (optionally with forms that carry errors)."""
    side = services.side_of(current_user, pair)
    activity = queries.pair_activity([pair.id]).get(pair.id) if side == "admin" else None
    return render_template(
        "mentoring/detail.html", pair=pair, side=side,
        targets=services.allowed_targets(mentorship=pair, user=current_user),
        goals_form=goals_form or GoalsForm(goals=pair.goals),
        session_form=session_form or SessionForm(held_on=utcnow().date(), minutes=60),
        authors=queries.authors(pair), activity=activity)


@bp.get("/pairs/<int:pair_id>")
@role_required("student", "company", "admin")
def detail(pair_id: int):
    """A pair: its members, goals, sessions log and the actions open to the viewer."""
    pair = _load_pair(pair_id)
    record_student_view(student=pair.student, page="mentoring", target=pair)
    db.session.commit()
    return _page(pair)


@bp.post("/pairs/<int:pair_id>/status")
@role_required("student", "company", "admin")
def change_status(pair_id: int):
    """Accept, decline, withdraw or close a pair (only the moves the transition table allows)."""
    pair = _load_pair(pair_id)
    try:
        services.change_status(mentorship=pair, to=request.form.get("to", ""),
                               actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(_("The pair is now “%(s)s”.", s=label(MENTORSHIP_STATUSES, pair.status)), "success")
    return redirect(url_for("mentoring.detail", pair_id=pair_id))


@bp.post("/pairs/<int:pair_id>/goals")
@role_required("student", "company")
def goals(pair_id: int):
    """Either member edits the pair's goals."""
    pair = _load_pair(pair_id)
    form = GoalsForm()
    if not form.validate_on_submit():
        return _page(pair, goals_form=form)
    try:
        services.update_goals(mentorship=pair, goals=form.goals.data, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        attach_to_form(form, error)
        return _page(_load_pair(pair_id), goals_form=form)
    db.session.commit()
    flash(_("The goals were saved."), "success")
    return redirect(url_for("mentoring.detail", pair_id=pair_id))


@bp.post("/pairs/<int:pair_id>/sessions")
@role_required("student", "company")
def log_session(pair_id: int):
    """Either member logs a session (date, minutes, mode, topics, notes)."""
    pair = _load_pair(pair_id)
    form = SessionForm()
    if not form.validate_on_submit():
        _add_rule_errors(form, pair)
        return _page(pair, session_form=form)
    try:
        services.log_session(mentorship=pair, actor=current_user, **_session_values(form))
    except DomainError as error:
        db.session.rollback()
        attach_to_form(form, error)
        return _page(_load_pair(pair_id), session_form=form)
    db.session.commit()
    flash(_("The session was logged."), "success")
    return redirect(url_for("mentoring.detail", pair_id=pair_id) + "#sessions")


def _add_rule_errors(form: SessionForm, pair: Mentorship) -> None:
    """When the form's own checks failed, also check the date against the pair's rules, so
    every problem shows in one round."""
    if form.held_on.data is None:
        return
    try:
        services.check_session(pair, **{k: v for k, v in _session_values(form).items()
                                        if k in ("held_on", "minutes", "mode")})
    except DomainError as error:
        attach_unseen(form, error)


def _session_values(form: SessionForm) -> dict:
    return {"held_on": form.held_on.data, "minutes": form.minutes.data, "mode": form.mode.data,
            "topics": form.topics.data, "notes": form.notes.data}


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@role_required("student", "company")
def edit_session(session_id: int):
    """The author of a session entry corrects it."""
    entry = get_or_404(MentoringSession, session_id)
    require(can_view_mentorship(current_user, entry.mentorship))
    require(can_edit_mentoring_session(current_user, entry))
    form = SessionForm(obj=entry)
    if form.is_submitted() and not form.validate():
        _add_rule_errors(form, entry.mentorship)
    elif form.is_submitted():
        try:
            services.edit_session(entry=entry, actor=current_user, **_session_values(form))
        except DomainError as error:
            db.session.rollback()
            attach_to_form(form, error)
        else:
            db.session.commit()
            flash(_("The session was updated."), "success")
            return redirect(url_for("mentoring.detail", pair_id=entry.mentorship_id)
                            + "#sessions")
    return render_template("mentoring/session_edit.html", form=form, entry=entry)
