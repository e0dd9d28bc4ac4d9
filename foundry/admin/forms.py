"""Admin console forms: shape only; uniqueness and scope rules live in the services."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from foundry.common.forms import options
from foundry.models.choices import CLUSTERS, DEGREE_LEVELS, ROLES, SKILL_KINDS

_LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
DOMAIN_RE = re.compile(rf"^(?=.{{4,120}}$){_LABEL}(?:\.{_LABEL})+$")


def split_domains(text: str | None) -> list[str]:
    """'Link.CUHK.edu.hk, cuhk.edu.hk' → ['link.cuhk.edu.hk', 'cuhk.edu.hk'] (order kept)."""
    seen: list[str] = []
    for part in re.split(r"[,\s;]+", (text or "").strip().lower()):
        part = part.strip().lstrip("@").rstrip(".")
        if part and part not in seen:
            seen.append(part)
    return seen


class UniversityForm(FlaskForm):
    """A university's code, names and student e-mail domains."""

    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=16)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)])
    name_zh = StringField(_l("Chinese name"), validators=[Optional(), Length(max=80)])
    domains = StringField(_l("Student e-mail domains"), validators=[Optional()])

    def validate_code(self, field) -> None:
        """Letters and digits only (CUHK, PolyU)."""
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", (field.data or "").strip()):
            raise ValidationError(_l("Use letters and digits only, e.g. CUHK."))

    def validate_domains(self, field) -> None:
        """Each entry must look like a domain name (link.cuhk.edu.hk)."""
        bad = [d for d in split_domains(field.data) if not DOMAIN_RE.match(d)]
        if bad:
            raise ValidationError(_l("Not a domain name: %(bad)s", bad=", ".join(bad)))


class NameForm(FlaskForm):
    """A faculty's name (add or rename)."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)])


class ProgrammeForm(FlaskForm):
    """A programme's name and degree level."""

    name = StringField(_l("Programme name"), validators=[DataRequired(), Length(max=160)])
    degree_level = SelectField(_l("Degree level"), choices=options(DEGREE_LEVELS),
                               default="bachelor")


class SkillForm(FlaskForm):
    """A skill of the taxonomy."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=80)])
    kind = SelectField(_l("Kind"), choices=options(SKILL_KINDS))
    cluster = SelectField(_l("Cluster (technical skills)"),
                          choices=options(CLUSTERS, _l("— none —")), validators=[Optional()])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])


class RoleForm(FlaskForm):
    """A user's role and its scope (company for members; university/faculty for deans)."""

    role = SelectField(_l("Role"), choices=options([r for r in ROLES if r[0] != "student"]))
    company = SelectField(_l("Company (company members)"), choices=[], validators=[Optional()],
                          validate_choice=False)
    university = SelectField(_l("University (deans)"), choices=[], validators=[Optional()],
                             validate_choice=False)
    faculty = SelectField(_l("Faculty (deans; blank for the whole university)"), choices=[],
                          validators=[Optional()], validate_choice=False)


class MergeEmployerForm(FlaskForm):
    """Merge a free-text employer name into a directory company."""

    name = StringField(validators=[DataRequired(), Length(max=160)])
    company = SelectField(_l("Directory company"), choices=[], validators=[DataRequired()],
                          validate_choice=False)
    confirm = BooleanField(_l("I checked this is the same employer"),
                           validators=[DataRequired(_l("Tick the box to confirm."))])
