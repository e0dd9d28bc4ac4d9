"""External talent pages: sign-up, their personal data notice and their profile."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from foundry.auth.verification import remember_signup_address
from foundry.common.errors import DomainError, attach_to_form
from foundry.extensions import db, limiter
from foundry.permissions import public, role_required, student_of
from foundry.talent import services
from foundry.talent.forms import ExternalProfileForm, ExternalSignupForm

bp = Blueprint("talent", __name__)


def _details(form: ExternalProfileForm) -> dict:
    data = {name: getattr(form, name).data for name in services.PROFILE_FIELDS}
    data["needs_visa"] = form.needs_visa.data == "yes"
    data["graduation_date"] = form.graduation_date.data
    return data


@bp.route("/signup/talent", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["SIGNUP_LIMIT_PER_ADDRESS"],
               exempt_when=lambda: request.method != "POST",
               error_message="Too many sign-ups from this address.")
def signup():
    """Anyone (students of other universities, graduates, young professionals) signs up with
    any e-mail; the account is activated by the mailed link, as a student's is."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = ExternalSignupForm()
    if form.validate_on_submit():
        try:
            services.register_external(
                full_name=form.full_name.data, email=form.email.data,
                password=form.password.data, consent=form.consent.data,
                details=_details(form))
        except DomainError as error:
            db.session.rollback()
            attach_to_form(form, error)
        else:
            db.session.commit()
            remember_signup_address(form.email.data)
            return redirect(url_for("auth.verification_sent"))
    return render_template("talent/signup.html", form=form)


@bp.get("/privacy/talent")
@public
def privacy():
    """The personal data notice for external talent (PDPO)."""
    return render_template("talent/privacy.html")


@bp.route("/me/talent-profile", methods=["GET", "POST"])
@role_required("external")
def profile():
    """An external person's profile: institution, country, degree, experience, visa need."""
    student = student_of(current_user)
    external = student.external
    form = ExternalProfileForm(obj=external)
    if request.method == "GET" and external is not None:
        form.needs_visa.data = "yes" if external.needs_visa else "no"
        form.graduation_date.data = student.expected_graduation
    if form.validate_on_submit():
        try:
            services.update_external_profile(student=student, details=_details(form),
                                             graduation_date=form.graduation_date.data)
        except DomainError as error:
            db.session.rollback()
            attach_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Your profile was saved."), "success")
            return redirect(url_for("talent.profile"))
    return render_template("talent/profile.html", form=form)
