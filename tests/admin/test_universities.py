"""Universities, faculties and programmes: pages, changes, validation and audit entries."""

from __future__ import annotations

from sqlalchemy import select

from foundry.models import AuditLog, Faculty, Programme, University
from tests import factories


def _audit(db, action):
    return db.session.scalars(select(AuditLog).where(AuditLog.action == action)).all()


def test_list_search_sort_and_counts(db, client, login_as):
    """The list shows codes, domains and counts; search narrows it; sorting is whitelisted."""
    login_as("admin")
    cuhk = factories.UniversityFactory(code="CUHK", name="The Chinese University of Hong Kong")
    factories.UniversityFactory(code="HKU", name="The University of Hong Kong")
    factories.StudentProfileFactory(faculty=factories.FacultyFactory(university=cuhk))
    db.session.commit()
    page = client.get("/admin/universities").get_data(as_text=True)
    assert "CUHK" in page and "HKU" in page and "cuhk.edu.hk" in page
    page = client.get("/admin/universities?q=chinese&sort=-students").get_data(as_text=True)
    assert "CUHK" in page and ">HKU<" not in page
    assert client.get("/admin/universities?sort=drop%20table").status_code == 200


def test_create_university_with_domains_lowercased_and_audited(db, client, login_as):
    """Domains are split on commas, lower-cased and stored; the creation is audited."""
    login_as("admin")
    response = client.post("/admin/universities/new", data={
        "code": "HKMU", "name": "Hong Kong Metropolitan University", "name_zh": "香港都會大學",
        "domains": "Live.HKMU.edu.hk, hkmu.edu.hk"})
    assert response.status_code == 302
    university = db.session.scalar(select(University).where(University.code == "HKMU"))
    assert sorted(d.domain for d in university.domains) == ["hkmu.edu.hk", "live.hkmu.edu.hk"]
    entry = _audit(db, "admin.university_created")[0]
    assert entry.details["after"]["domains"] == ["hkmu.edu.hk", "live.hkmu.edu.hk"]


def test_domain_rules(db, client, login_as):
    """A malformed domain, or one another university uses, is refused by the field."""
    login_as("admin")
    factories.UniversityFactory(code="CUHK")  # owns cuhk.edu.hk
    db.session.commit()
    bad = client.post("/admin/universities/new", data={
        "code": "NEW", "name": "New U", "domains": "not a domain, x"})
    assert bad.status_code == 422 and "Not a domain name" in bad.get_data(as_text=True)
    taken = client.post("/admin/universities/new", data={
        "code": "NEW", "name": "New U", "domains": "CUHK.edu.hk"})
    assert taken.status_code == 422
    assert "Already used by another university: cuhk.edu.hk (CUHK)" in taken.get_data(
        as_text=True)
    dup = client.post("/admin/universities/new", data={"code": "cuhk", "name": "Other"})
    assert dup.status_code == 422 and "already has the code" in dup.get_data(as_text=True)
    assert db.session.scalar(select(University).where(University.code == "NEW")) is None


def test_edit_university_records_before_and_after(db, client, login_as):
    """Editing keeps the id, replaces domains and audits what changed."""
    login_as("admin")
    university = factories.UniversityFactory(code="CITY", name="City U")
    db.session.commit()
    form = client.get(f"/admin/universities/{university.id}/edit").get_data(as_text=True)
    assert "city.edu.hk" in form
    response = client.post(f"/admin/universities/{university.id}/edit", data={
        "code": "CityU", "name": "City University of Hong Kong", "domains": "my.cityu.edu.hk"})
    assert response.status_code == 302
    db.session.refresh(university)
    assert university.code == "CityU" and [d.domain for d in university.domains] == [
        "my.cityu.edu.hk"]
    entry = _audit(db, "admin.university_saved")[0]
    assert entry.details["before"]["code"] == "CITY"
    assert entry.details["after"]["domains"] == ["my.cityu.edu.hk"]


def test_faculties_and_programmes(db, client, login_as):
    """Add and rename a faculty; add and rename a programme; duplicates refused; audited."""
    login_as("admin")
    university = factories.UniversityFactory()
    db.session.commit()
    base = f"/admin/universities/{university.id}/faculties"
    assert client.post(base, data={"name": "Faculty of Engineering"}).status_code == 302
    duplicate = client.post(base, data={"name": "faculty of engineering"})
    assert duplicate.status_code == 422
    faculty = db.session.scalar(select(Faculty))
    page = f"{base}/{faculty.id}"
    assert client.post(page, data={"faculty-name": "School of Engineering"}).status_code == 302
    assert client.post(f"{page}/programmes", data={
        "programme-name": "BEng AI", "programme-degree_level": "bachelor"}).status_code == 302
    programme = db.session.scalar(select(Programme))
    assert client.post(f"{page}/programmes/{programme.id}", data={
        "programme-name": "BEng Artificial Intelligence",
        "programme-degree_level": "bachelor"}).status_code == 302
    db.session.refresh(faculty)
    db.session.refresh(programme)
    assert faculty.name == "School of Engineering"
    assert programme.name == "BEng Artificial Intelligence"
    html = client.get(page).get_data(as_text=True)
    assert "BEng Artificial Intelligence" in html
    assert {e.action for e in db.session.scalars(select(AuditLog))} == {
        "admin.faculty_created", "admin.faculty_renamed", "admin.programme_created",
        "admin.programme_saved"}
    renamed = _audit(db, "admin.faculty_renamed")[0]
    assert renamed.details == {"before": {"name": "Faculty of Engineering"},
                               "after": {"name": "School of Engineering"}}


def test_faculty_of_another_university_is_404(db, client, login_as):
    """Nested URLs must agree: a faculty under the wrong university is not found."""
    login_as("admin")
    faculty = factories.FacultyFactory()
    other = factories.UniversityFactory()
    db.session.commit()
    assert client.get(f"/admin/universities/{other.id}/faculties/{faculty.id}").status_code \
        == 404


def test_only_admins(db, client, login_as):
    """Deans and others get 403 on the admin console."""
    login_as("dean")
    assert client.get("/admin/universities").status_code == 403
