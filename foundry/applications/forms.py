"""Application forms: apply (note + CV), pipeline filters, an offer's terms."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from foundry.applications.offers import OfferTerms, term_errors
from foundry.common.forms import options
from foundry.formatting import bracketed, day
from foundry.models.choices import (
    APPLICATION_STATUSES,
    OFFER_PAY_KINDS,
    OFFER_PAY_PERIODS,
    label,
)
from foundry.outcomes.forms import PLAUSIBLE_SALARY

NEW_CV = "new"
KEEP_CV = "keep"


class CvChoiceForm(FlaskForm):
    """A CV from the applicant's library (the latest by default) or a new PDF — the one way
    both the position and the programme application forms offer it. `keep_label` adds a first
    option that keeps the CV already sent (editing an application)."""

    cv_choice = SelectField(_l("CV to send"), validators=[Optional()], validate_choice=False)
    cv = FileField(_l("CV (PDF)"), render_kw={"accept": "application/pdf,.pdf"})

    def __init__(self, *args, library=(), keep_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.library_size = len(library)
        keep = [(KEEP_CV, keep_label)] if keep_label else []
        self.cv_choice.choices = options(
            [*keep,
             *((entry.id, entry.label + bracketed(day(entry.uploaded_at))) for entry in library),
             (NEW_CV, _l("Upload a new PDF"))])
        if not self.is_submitted():
            self.cv_choice.data = (KEEP_CV if keep else str(library[0].id) if library
                                   else NEW_CV)

    def chosen_cv_id(self) -> int | None:
        """The library CV chosen (None: a new upload, or keep the CV sent)."""
        value = self.cv_choice.data or NEW_CV
        return int(value) if value.isdigit() and value != "0" else None

    def uploaded(self):
        """The uploaded file, if one was sent."""
        return self.cv.data if getattr(self.cv.data, "filename", None) else None


class ApplyForm(CvChoiceForm):
    """A short note and a CV: one from the library (the latest by default) or a new PDF; the
    CV's content is checked by the service."""

    note = TextAreaField(_l("Note to the company"), validators=[Optional(), Length(max=2000)],
                         render_kw={"rows": 4})

    def validate(self, extra_validators=None) -> bool:
        """A CV is needed: a file, or one chosen from the library."""
        valid = super().validate(extra_validators)
        if not self.cv.data and self.chosen_cv_id() is None:
            self.cv.errors = [*self.cv.errors, _("Attach your CV as a PDF.")]
            valid = False
        return valid


class CvUploadForm(FlaskForm):
    """Add a CV to the library: a label and the PDF."""

    label = StringField(_l("Label"), validators=[Optional(), Length(max=80)],
                        description=_l("e.g. “Data roles” (the file name if left empty)"))
    cv = FileField(_l("CV (PDF)"), validators=[FileRequired(_l("Attach your CV as a PDF."))],
                   render_kw={"accept": "application/pdf,.pdf"})


class PipelineFilterForm(FlaskForm):
    """Filter the applicants by position and status (GET, no CSRF)."""

    class Meta:
        csrf = False

    position = SelectField(_l("Position"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=options(APPLICATION_STATUSES, _l("Any status")),
                         validators=[Optional()])
    q = StringField(_l("Name or e-mail"), validators=[Optional(), Length(max=80)])
    sort = SelectField(_l("Sort by"), validators=[Optional()], choices=options((
        ("newest", _l("Newest first")), ("oldest", _l("Oldest first")), ("name", _l("Name")),
        ("match", _l("Best skills match")))))


# An offer's pay outside these monthly amounts (HKD) is asked about before it is sent: the
# salary range is the first-job range of the outcome survey (outcomes.forms.PLAUSIBLE_SALARY)
# per month; a stipend is an intern's allowance.
PLAUSIBLE_MONTHLY = {"salary": (PLAUSIBLE_SALARY[0] // 12, PLAUSIBLE_SALARY[1] // 12),
                     "stipend": (1_000, 60_000)}
MAX_OFFER_AMOUNT = 20_000_000


class OfferForm(FlaskForm):
    """An offer's terms; every problem is reported at once, each by its field."""

    pay_kind = SelectField(_l("Pay"), choices=options(OFFER_PAY_KINDS),
                           validators=[DataRequired()])
    amount = IntegerField(_l("Amount (HKD)"), validators=[
        InputRequired(_l("Enter the amount in HKD (0 if unpaid).")),
        NumberRange(min=0, max=MAX_OFFER_AMOUNT,
                    message=_l("Enter an amount between 0 and 20,000,000."))])
    pay_period = SelectField(_l("Pay period"), choices=options(OFFER_PAY_PERIODS),
                             validators=[DataRequired()])
    start_date = DateField(_l("Start date"),
                           validators=[InputRequired(_l("Enter the start date."))])
    reply_by = DateField(_l("Reply by"), validators=[InputRequired(_l("Enter the date the "
                                                                      "student must reply by."))])
    amount_confirmed = BooleanField(_l("Yes, this amount is right"))

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.amount_warning = False

    def terms(self) -> OfferTerms:
        """The validated terms."""
        return OfferTerms(pay_kind=self.pay_kind.data, amount=self.amount.data,
                          pay_period=self.pay_period.data, start_date=self.start_date.data,
                          reply_by=self.reply_by.data)

    def validate(self, extra_validators=None) -> bool:
        """Shape, then the dates against today and each other, then an unusual amount: every
        error in one round."""
        valid = super().validate(extra_validators)
        if self.start_date.data and self.reply_by.data \
                and not (self.start_date.errors or self.reply_by.errors):
            dates = OfferTerms(pay_kind="salary", amount=0, pay_period="month",
                               start_date=self.start_date.data, reply_by=self.reply_by.data)
            for name, message in term_errors(dates, on=self.today).items():
                self[name].errors = [*self[name].errors, message]
                valid = False
        unusual = None if self.amount.errors else self._unusual()
        if unusual and not self.amount_confirmed.data:
            self.amount_warning = True
            self.amount.errors = [*self.amount.errors, unusual]
            valid = False
        return valid

    def _unusual(self) -> str | None:
        amount, period = self.amount.data, self.pay_period.data
        if not amount or period == "total":
            return None  # unpaid, or a sum for the whole period: no monthly figure to compare
        monthly = amount if period == "month" else amount / 12
        low, high = PLAUSIBLE_MONTHLY.get(self.pay_kind.data, PLAUSIBLE_MONTHLY["salary"])
        if low <= monthly <= high:
            return None
        return _("HKD %(amount)s %(period)s is unusual (most offers are between HKD %(low)s and "
                 "%(high)s a month). Check the figure and the period, or tick “Yes, this amount "
                 "is right” to send it.", amount=f"{amount:,}",
                 period=label(OFFER_PAY_PERIODS, period), low=f"{low:,}", high=f"{high:,}")
