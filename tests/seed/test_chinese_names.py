"""Faculties, programmes and skills keep a Chinese name, filled for the seed data and shown in
繁體中文 (the English name in English, and when no Chinese name is kept)."""

from __future__ import annotations

from sqlalchemy import func, select

from foundry.models import Faculty, Programme, Skill
from foundry.seed import chinese, reference
from foundry.seed.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo


def test_every_seed_name_has_a_chinese_name():
    for table in (reference.FACULTIES, reference.SCALE_FACULTIES):
        for code, faculties in table.items():
            for name, _kind, _weight, programmes in faculties:
                assert chinese.faculty(code, name), (code, name)
                for programme, _level in programmes:
                    assert programme in chinese.PROGRAMMES, programme
    skills = [n for n, _d in reference.COMPETENCIES]
    skills += [n for names in reference.TECHNICAL_SKILLS.values() for n in names]
    assert [n for n in skills if n not in chinese.SKILLS] == []


def test_demo_data_fills_the_chinese_names(db):
    seed_demo()
    db.session.flush()
    for model in (Faculty, Programme, Skill):
        missing = db.session.scalar(select(func.count()).select_from(model)
                                    .where(model.name_zh.is_(None)))
        assert missing == 0, model.__name__


def test_student_home_names_faculty_and_programme_in_chinese(client, db):
    seed_demo()
    db.session.commit()
    email = next(e for label, e, _n, _w in DEMO_ACCOUNTS if label == "student")
    client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
    english = client.get("/home").get_data(as_text=True)
    assert "School of Engineering" in english and "香港科技大學" not in english
    client.set_cookie("locale", "zh_Hant")
    chinese_page = client.get("/home").get_data(as_text=True)
    assert "香港科技大學" in chinese_page and "工學院" in chinese_page
    assert "School of Engineering" not in chinese_page
