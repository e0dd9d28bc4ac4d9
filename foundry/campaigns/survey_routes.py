"""The graduate's side: the personal link opens the first-destination form without signing
in, and a second link stops reminders. The signed link is the credential (`token_only`)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from foundry.auth.tokens import TokenError
from foundry.campaigns import links, services
from foundry.common.errors import DomainError, attach_to_form
from foundry.extensions import db
from foundry.models import CampaignRecipient
from foundry.outcomes import queries as outcome_queries
from foundry.outcomes.forms import CATEGORY_HELP, OutcomeForm
from foundry.outcomes.routes import RELEVANT, _details
from foundry.permissions import student_of, token_only

bp = Blueprint("survey", __name__, url_prefix="/survey")


def _refuse(message: str, status: int):
    """The page for a link that cannot be used (nothing changed)."""
    return render_template("campaigns/link_invalid.html", message=message), status


def _someone_else(recipient: CampaignRecipient) -> bool:
    """Whether a signed-in student other than the link's graduate opened it."""
    own = student_of(current_user)
    return own is not None and own.id != recipient.student_id


@bp.route("/<token>", methods=["GET", "POST"])
@token_only
def answer(token: str):
    """The graduate's first-destination form, reached from their personal link."""
    try:
        recipient = links.recipient_from_token(links.ANSWER, token)
    except TokenError as error:
        return _refuse(str(error), error.status)
    if _someone_else(recipient):
        return _refuse(_("This survey link was sent to another graduate. Use the link in your "
                         "own e-mail, or report your destination under “My first "
                         "destination”."), 403)
    student = recipient.student
    current = outcome_queries.current_outcome(student.id)
    form = OutcomeForm(obj=current, companies=outcome_queries.directory_companies())
    saved = False
    if request.method == "GET":
        services.mark_opened(recipient=recipient)
        db.session.commit()
    elif form.validate():
        try:
            services.record_answer(recipient=recipient, details=_details(form))
            db.session.commit()
            saved = True
        except DomainError as error:
            db.session.rollback()
            attach_to_form(form, error)
        except IntegrityError:  # a simultaneous submission made its record current first
            db.session.rollback()
            form.form_errors.append(_("Your answer was saved a moment ago from another "
                                      "window; reload to see it."))
    if saved:
        return render_template("campaigns/answered.html", recipient=recipient,
                               campaign=recipient.campaign, token=token,
                               opt_out_token=links.make_link_token(links.OPT_OUT, recipient),
                               current=outcome_queries.current_outcome(student.id))
    return render_template("campaigns/answer.html", recipient=recipient,
                           campaign=recipient.campaign, form=form, current=current,
                           help=CATEGORY_HELP, relevant=RELEVANT, token=token,
                           opt_out_token=links.make_link_token(links.OPT_OUT, recipient))


@bp.route("/<token>/opt-out", methods=["GET", "POST"])
@token_only
def opt_out(token: str):
    """Stop this campaign's reminders with one click (the survey link keeps working)."""
    try:
        recipient = links.recipient_from_token(links.OPT_OUT, token, allow_closed=True)
    except TokenError as error:
        return _refuse(str(error), error.status)
    if request.method == "POST":
        services.opt_out(recipient=recipient)
        db.session.commit()
    return render_template("campaigns/opt_out.html", recipient=recipient,
                           campaign=recipient.campaign, token=token)
