"""Single sign-on providers: each university's (or a company's) OpenID Connect settings."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from foundry.admin.routes import bp
from foundry.auth.queries import university_choices
from foundry.auth.tokens import external_url
from foundry.common.errors import DomainError, attach_to_form
from foundry.extensions import db
from foundry.models import IdentityProvider
from foundry.permissions import get_or_404, role_required
from foundry.sso.forms import ProviderForm
from foundry.sso.providers import all_providers, save_provider


@bp.get("/identity-providers")
@role_required("admin")
def identity_providers():
    """The configured providers and the redirect URI to register at each."""
    return render_template("admin/identity_providers.html", providers=all_providers(),
                           redirect_uri=external_url("sso.callback"))


def _form(provider: IdentityProvider | None) -> ProviderForm:
    form = ProviderForm(obj=provider) if provider else ProviderForm()
    form.university_id.choices = [SelectChoice("", _("— none (staff domains only) —")),
                                  *university_choices()[1:]]
    form.client_secret.data = None  # write-only: never sent back to the browser
    return form


def _edit(provider: IdentityProvider | None):
    form = _form(provider)
    if form.validate_on_submit():
        try:
            saved = save_provider(
                provider=provider, by=current_user._get_current_object(), name=form.name.data,
                university_id=form.university_id.data, discovery_url=form.discovery_url.data,
                client_id=form.client_id.data, client_secret=form.client_secret.raw_data[0]
                if form.client_secret.raw_data else None, email_claim=form.email_claim.data,
                student_number_claim=form.student_number_claim.data,
                passwords_allowed=form.passwords_allowed.data,
                staff_domains=form.staff_domains.data or "", enabled=form.enabled.data)
        except DomainError as error:
            db.session.rollback()
            attach_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Sign-in provider %(name)s saved.", name=saved.name), "success")
            return redirect(url_for("admin.identity_providers"))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/identity_provider_form.html", form=form, provider=provider,
                           redirect_uri=external_url("sso.callback")), status


@bp.route("/identity-providers/new", methods=["GET", "POST"])
@role_required("admin")
def new_identity_provider():
    """Connect a university's identity provider."""
    return _edit(None)


@bp.route("/identity-providers/<int:provider_id>", methods=["GET", "POST"])
@role_required("admin")
def edit_identity_provider(provider_id: int):
    """Change a provider's settings (an empty secret keeps the stored one)."""
    return _edit(get_or_404(IdentityProvider, provider_id))
