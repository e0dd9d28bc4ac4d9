"""Sign-in, sign-up, invitation and password forms (shape only; database checks live in
services). Password strength is checked by foundry.auth.passwords, through the services, and
also here so that a weak password is named together with the other field errors."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from foundry.auth.passwords import MAX_LENGTH, password_problem


def optional_int(value) -> int | None:
    """Coerce a select's value to an int, '' / None to None."""
    if value in (None, "", "None"):
        return None
    return int(value)


def _strong_password(form, field) -> None:
    """The password rules as a field validator (the same function the services call): without it
    a short password was only reported after every other field had been put right."""
    email = form.email.data if "email" in form else None
    problem = password_problem(field.data or "", email=email)
    if problem:
        raise ValidationError(problem)


def _new_password(label):
    return PasswordField(label, validators=[DataRequired(), Length(max=MAX_LENGTH),
                                            _strong_password])


def _confirm(label):
    return PasswordField(label, validators=[
        DataRequired(), EqualTo("password", message=_l("The two passwords are not the same."))])


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class StudyPlaceForm(FlaskForm):
    """Where a new student studies and their consent: shared by the sign-up form and the first
    single sign-on (which knows the rest from the university's provider)."""

    faculty_id = SelectField(_l("Faculty or school"), coerce=optional_int,
                             validators=[DataRequired(message=_l("Choose your faculty."))])
    programme_id = SelectField(_l("Programme (optional)"), coerce=optional_int,
                               validators=[Optional()])
    expected_graduation = DateField(_l("Expected graduation date"), validators=[DataRequired()])
    consent = BooleanField(_l("I have read the personal data notice and agree that my data is "
                              "used for these purposes."),
                           validators=[DataRequired(message=_l(
                               "Please accept the personal data notice to create an account."))])

    def validate_expected_graduation(self, field) -> None:
        """A plausible date: graduates of the last ten years or students of the next eight."""
        today = date.today()
        if not date(today.year - 10, 1, 1) <= field.data <= date(today.year + 8, 12, 31):
            raise ValidationError(_l("Give a date between %(start)s and %(end)s.",
                                     start=today.year - 10, end=today.year + 8))


class SignupForm(StudyPlaceForm):
    """A student's own account: identity, password, place of study, consent."""

    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("University e-mail"),
                       validators=[DataRequired(), Email(), Length(max=254)])
    password = _new_password(_l("Password"))
    confirm = _confirm(_l("Repeat the password"))
    student_number = StringField(_l("Student number (optional)"),
                                 validators=[Optional(), Length(max=32)])


class ConsentForm(FlaskForm):
    """Accept the current personal-data notice."""

    consent = BooleanField(_l("I have read the personal data notice and agree."),
                           validators=[DataRequired(message=_l(
                               "Please accept the notice to continue."))])


class InvitationForm(FlaskForm):
    """An admin invites a company member, dean or admin."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(_l("Role"), choices=[SelectChoice("company", _l("Company member")),
                                            SelectChoice("dean", _l("Dean / faculty staff")),
                                            SelectChoice("admin", _l("Programme admin")),
                                            SelectChoice("reviewer",
                                                         _l("Programme reviewer"))])
    company_id = SelectField(_l("Company (for a company member)"), coerce=optional_int,
                             validators=[Optional()])
    university_id = SelectField(_l("University (for a dean)"), coerce=optional_int,
                                validators=[Optional()])
    faculty_id = SelectField(_l("Faculty (for a dean; optional)"), coerce=optional_int,
                             validators=[Optional()])


class AcceptInvitationForm(FlaskForm):
    """The invited person's name and password."""

    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    password = _new_password(_l("Password"))
    confirm = _confirm(_l("Repeat the password"))


class ChangePasswordForm(FlaskForm):
    """Current password, then the new one twice."""

    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(), Length(max=MAX_LENGTH)])
    password = _new_password(_l("New password"))
    confirm = _confirm(_l("Repeat the new password"))


class ForgotPasswordForm(FlaskForm):
    """The e-mail to send a reset link to."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])


class ResetPasswordForm(FlaskForm):
    """A new password, twice."""

    password = _new_password(_l("New password"))
    confirm = _confirm(_l("Repeat the new password"))


class ConfirmEmailForm(FlaskForm):
    """The password, chosen (again) by whoever opened the mailed link: the mailbox's owner."""

    password = _new_password(_l("Password"))
    confirm = _confirm(_l("Repeat the password"))


class ResendVerificationForm(FlaskForm):
    """The e-mail of an account awaiting confirmation, to mail it a new link."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
