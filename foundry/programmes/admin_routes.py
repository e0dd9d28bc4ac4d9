"""HKSTP's programme pages: the programme editor, reviewers, the screening list with bulk
actions, single stage changes, and the programme report (page and CSV)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from foundry.auth.services import find_user_by_email
from foundry.common.audit import record_audit
from foundry.common.errors import DomainError, attach_to_form, attach_unseen
from foundry.common.forms import options
from foundry.common.inputs import whole_number
from foundry.exports.csv import csv_response
from foundry.extensions import db
from foundry.models import TalentProgramme
from foundry.models.choices import ORIGINS, PROGRAMME_STAGES
from foundry.models.countries import COUNTRIES
from foundry.permissions import get_or_404, role_required
from foundry.programmes import queries, report, services, stages
from foundry.programmes.forms import (
    BulkStageForm,
    ProgrammeForm,
    ReviewerForm,
    ScreeningFilterForm,
    StageForm,
)
from foundry.programmes.routes import bp
from foundry.utils import safe_next_url


@bp.get("/admin/programmes")
@role_required("admin")
def admin_list():
    """Every programme with its window, eligibility and number of applications."""
    return render_template("programmes/admin_list.html", rows=queries.all_programmes())


def _programme_data(form: ProgrammeForm) -> dict:
    data = {name: getattr(form, name).data for name in services.PROGRAMME_FIELDS}
    data["rubric"] = (form.rubric.data or "").splitlines()
    data["description"] = data["description"] or ""
    return data


@bp.route("/admin/programmes/new", methods=["GET", "POST"], defaults={"programme_id": None})
@bp.route("/admin/programmes/<int:programme_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def edit(programme_id: int | None):
    """Create or edit a programme."""
    programme = get_or_404(TalentProgramme, programme_id) if programme_id else None
    form = ProgrammeForm(obj=programme)
    if request.method == "GET" and programme is not None:
        form.rubric.data = "\n".join(programme.rubric or [])
    if form.is_submitted() and not form.validate():
        try:  # the service's rules too, so every problem shows in one round
            services.check_programme(_programme_data(form), programme)
        except DomainError as error:
            attach_unseen(form, error)
    elif form.is_submitted():
        try:
            programme = services.save_programme(programme=programme, data=_programme_data(form),
                                                actor=current_user)
        except DomainError as error:
            db.session.rollback()
            attach_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Programme saved."), "success")
            return redirect(url_for("programmes.overview", programme_id=programme.id))
    return render_template("programmes/form.html", form=form, programme=programme)


@bp.get("/admin/programmes/<int:programme_id>")
@role_required("admin")
def overview(programme_id: int):
    """A programme: stages, reviews still needed, reviewers and positions."""
    programme = get_or_404(TalentProgramme, programme_id)
    return render_template("programmes/overview.html", programme=programme,
                           counts=queries.stage_counts(programme),
                           needing=queries.needing_reviews(programme),
                           reviewer_form=ReviewerForm(), stage_label=stages.stage_label)


@bp.post("/admin/programmes/<int:programme_id>/reviewers")
@role_required("admin")
def add_reviewer(programme_id: int):
    """Appoint a reviewer (an admin or an invited programme reviewer) by e-mail."""
    programme = get_or_404(TalentProgramme, programme_id)
    form = ReviewerForm()
    if not form.validate_on_submit():
        flash(_("Give the e-mail address of the reviewer's account."), "danger")
        return redirect(url_for("programmes.overview", programme_id=programme.id))
    try:
        added = services.add_reviewer(programme=programme,
                                      user=find_user_by_email(form.email.data),
                                      actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(_("Reviewer added.") if added else _("Already a reviewer of this programme."),
              "success" if added else "info")
    return redirect(url_for("programmes.overview", programme_id=programme.id))


@bp.post("/admin/programmes/<int:programme_id>/reviewers/<int:user_id>/remove")
@role_required("admin")
def remove_reviewer(programme_id: int, user_id: int):
    """Take a reviewer off the programme (their reviews stay)."""
    programme = get_or_404(TalentProgramme, programme_id)
    if services.remove_reviewer(programme=programme, user_id=user_id, actor=current_user):
        db.session.commit()
        flash(_("Reviewer removed."), "success")
    return redirect(url_for("programmes.overview", programme_id=programme.id))


def _screening_filters(form: ScreeningFilterForm) -> queries.ScreeningFilters:
    def ok(name):
        field = getattr(form, name)
        return None if field.errors or not field.data else field.data

    return queries.ScreeningFilters(
        q=ok("q"), origin=ok("origin"), country=ok("country"),
        university_id=whole_number(ok("university"), low=1), degree=ok("degree"),
        cluster=ok("cluster"), position_id=whole_number(ok("preference"), low=1),
        stage=ok("stage"), min_score=whole_number(ok("min_score"), low=1, high=5),
        visa=ok("visa"), reviews=ok("reviews"), sort=ok("sort") or "submitted")


_TRANSLATED: dict[tuple[str, str], list] = {}


def _translated_choices(form: ScreeningFilterForm) -> None:
    """The fixed option lists with their labels translated once per language (not ~150 lazy
    strings on every request of the busiest admin page)."""
    locale = str(get_locale())
    for name in ("origin", "country", "degree", "cluster", "stage", "min_score", "visa",
                 "reviews", "sort"):
        field = getattr(form, name)
        key = (name, locale)
        if key not in _TRANSLATED:
            _TRANSLATED[key] = [SelectChoice(c.value, str(c.label)) for c in field.choices]
        field.choices = _TRANSLATED[key]


def _filter_form(programme: TalentProgramme) -> ScreeningFilterForm:
    form = ScreeningFilterForm(request.args)
    _translated_choices(form)
    form.university.choices = options(queries.university_choices(), _("Any university"))
    form.preference.choices = options(queries.position_choices(programme),
                                      _("Any position"))
    form.validate()
    return form


@bp.get("/admin/programmes/<int:programme_id>/screening")
@role_required("admin")
def screening(programme_id: int):
    """The whole pool: filters, sort, skills match, reviews, pages of 50, bulk actions."""
    programme = get_or_404(TalentProgramme, programme_id)
    form = _filter_form(programme)
    pages = queries.screening(programme, _screening_filters(form),
                              page=request.args.get("page", 1, type=int) or 1)
    return render_template("programmes/screening.html", programme=programme, form=form,
                           pages=pages, bulk_form=BulkStageForm(),
                           stage_label=stages.stage_label,
                           # labels translated once for the page, not once per row
                           origins={k: str(v) for k, v in ORIGINS},
                           stage_names={k: str(v) for k, v in PROGRAMME_STAGES},
                           countries={k: str(v) for k, v in COUNTRIES},
                           yes=_("yes"), no=_("no"))


@bp.post("/admin/programmes/<int:programme_id>/screening/bulk")
@role_required("admin")
def bulk(programme_id: int):
    """Longlist, forward or reject the selected applications (or all that match the filters)
    in one transaction: all or nothing, each applicant told in their language."""
    programme = get_or_404(TalentProgramme, programme_id)
    form = BulkStageForm()
    back = safe_next_url(request.form.get("next")) or url_for("programmes.screening",
                                                               programme_id=programme.id)
    if not form.validate_on_submit():
        flash(_("Choose what to do with the selected applications."), "danger")
        return redirect(back)
    if request.form.get("scope") == "matching":
        ids = queries.matching_ids(programme, _screening_filters(_filter_form(programme)))
    else:
        ids = [n for i in request.form.getlist("ids") if (n := whole_number(i, low=1))]
    applications = queries.of_programme(programme, ids,
                                        with_preferences=form.to.data == "forwarded")
    try:
        if len(applications) != len(set(ids)):
            raise DomainError(_("Nothing was changed: some selected applications are not of "
                                "this programme."))
        changed = stages.bulk_move(applications=applications, to=form.to.data,
                                   actor=current_user, reason=form.reason.data or None)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(back)
    db.session.commit()
    flash(_("%(n)s application(s) moved to “%(stage)s”.", n=changed,
            stage=stages.stage_label(form.to.data)), "success")
    return redirect(back)


@bp.post("/admin/programmes/<int:programme_id>/applications/<int:application_id>/stage")
@role_required("admin")
def move(programme_id: int, application_id: int):
    """Move one application (the table of allowed moves decides)."""
    application = queries.load_application(programme_id, application_id) or abort(404)
    form = StageForm()
    back = url_for("programmes.application", programme_id=programme_id,
                   application_id=application.id)
    if not form.validate_on_submit():
        flash(_("Choose a stage."), "danger")
        return redirect(back)
    try:
        changed = stages.move_stage(application=application, to=form.to.data,
                                    actor=current_user, reason=form.reason.data or None)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(back)
    db.session.commit()
    if changed:
        flash(_("The application is now at the stage “%(stage)s”.",
                stage=stages.stage_label(application.stage)), "success")
    return redirect(back)


@bp.get("/admin/programmes/<int:programme_id>/report")
@role_required("admin")
def report_page(programme_id: int):
    """The programme report: funnel, origin, cluster, company, places, time in stage."""
    programme = get_or_404(TalentProgramme, programme_id)
    return render_template("programmes/report.html", programme=programme,
                           data=report.build(programme), stage_label=stages.stage_label)


@bp.get("/admin/programmes/<int:programme_id>/report.csv")
@role_required("admin")
def report_csv(programme_id: int):
    """The programme report as one CSV (section, group, then a column per stage)."""
    programme = get_or_404(TalentProgramme, programme_id)
    headers, rows = report.csv_rows(report.build(programme))
    record_audit("export.programme_report", target=programme, details={"rows": len(rows)})
    db.session.commit()
    return csv_response(f"programme-{programme.id}-report", headers, rows)
