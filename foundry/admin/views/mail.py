"""The outbox: mail that could not be delivered (by default), with a resend button."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from foundry.admin.routes import bp, list_args
from foundry.common.audit import record_audit
from foundry.common.mail import mail_enabled
from foundry.extensions import db
from foundry.jobs.mail import resend
from foundry.models import OutboxMail
from foundry.models.choices import MAIL_STATUSES, values
from foundry.permissions import get_or_404, role_required

PER_PAGE = 50


@bp.get("/mail")
@role_required("admin")
def mail():
    """Outgoing mail by delivery state (failed first), newest first."""
    status = request.args.get("status", "failed")
    status = status if status in values(MAIL_STATUSES) else ""
    stmt = select(OutboxMail).order_by(OutboxMail.id.desc())
    if status:
        stmt = stmt.where(OutboxMail.status == status)
    page = db.paginate(stmt, page=list_args()["page"], per_page=PER_PAGE, error_out=False)
    counts = dict(db.session.execute(
        select(OutboxMail.status, func.count()).group_by(OutboxMail.status)).all())
    return render_template("admin/mail.html", page=page, status=status, counts=counts,
                           statuses=MAIL_STATUSES, delivering=mail_enabled())


@bp.post("/mail/<int:mail_id>/resend")
@role_required("admin")
def resend_mail(mail_id: int):
    """Send a failed (or stuck) mail again; it is delivered in the background."""
    outbox_mail = get_or_404(OutboxMail, mail_id)
    if outbox_mail.status == "sent":
        flash(_("This mail was already delivered."), "info")
    elif not mail_enabled():
        flash(_("Mail delivery is not configured (MAIL_SERVER): the mail stays in the outbox."),
              "warning")
    else:
        resend(outbox_mail)
        record_audit("admin.mail_resent", target=outbox_mail,
                     details={"recipient": outbox_mail.recipient})
        db.session.commit()
        flash(_("The mail to %(to)s is queued again.", to=outbox_mail.recipient), "success")
    return redirect(url_for("admin.mail", status=request.args.get("status", "failed")))
