"""Company forms: profile, vetting, and the filters of the directory and admin list."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, Optional

from foundry.common.forms import options
from foundry.models.choices import (
    CLUSTERS,
    COMPANY_REJECTION_REASONS,
    SITES,
    SIZE_BANDS,
    VETTING_STATUSES,
)


class CompanyProfileForm(FlaskForm):
    """What a company member may edit about their company."""

    description = TextAreaField(_l("About the company"), validators=[Optional(), Length(max=4000)],
                                render_kw={"rows": 6})
    website = StringField(_l("Website"), validators=[Optional(), Length(max=200),
                                                     URL(message=_l("Enter a full address "
                                                                    "starting with https://"))])
    cluster = SelectField(_l("Cluster"), choices=options(CLUSTERS), validators=[DataRequired()])
    site = SelectField(_l("Site"), choices=options(SITES), validators=[DataRequired()])
    size_band = SelectField(_l("Size (employees)"), choices=options(SIZE_BANDS),
                            validators=[DataRequired()])
    is_startup = BooleanField(_l("We are a startup"))


class VettingForm(FlaskForm):
    """An admin's verify / suspend / reject / reopen decision, with a reason (required to
    suspend) or a reason category and a note (required to reject)."""

    status = HiddenField(validators=[DataRequired()])
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=300)])
    category = SelectField(_l("Reason category"),
                           choices=options(COMPANY_REJECTION_REASONS, _l("Choose a reason…")),
                           validators=[Optional()])


class DirectoryFilterForm(FlaskForm):
    """Filters of the student-facing directory (GET, no CSRF)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=100)])
    cluster = SelectField(_l("Cluster"), choices=options(CLUSTERS, _l("Any cluster")),
                          validators=[Optional()])


class AdminCompanyFilterForm(DirectoryFilterForm):
    """Filters of the admin's company list (GET, no CSRF)."""

    status = SelectField(_l("Status"), choices=options(VETTING_STATUSES, _l("Any status")),
                         validators=[Optional()])


class CompanyDomainForm(FlaskForm):
    """An admin adds an e-mail domain verified as the company's own."""

    domain = StringField(_l("E-mail domain"), validators=[DataRequired(), Length(max=253)],
                         render_kw={"placeholder": "harbourmind.example", "autocomplete": "off"})
