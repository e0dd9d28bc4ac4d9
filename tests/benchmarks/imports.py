"""Benchmark (not a test): preview and apply a 10,000-student registrar file.

    .venv/bin/python -m tests.benchmarks.imports [--rows 10000] [--database-url URL]

Uses a throwaway SQLite file unless --database-url (e.g. a PostgreSQL scratch database) is
given; the schema is created and dropped there. Prints the timings of: preview (validation of
every row), apply (validation + bulk writes + commit), and a re-import of the same file
(everything unchanged), plus an outcomes file for the same students.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import date

from foundry import create_app
from foundry.extensions import db
from foundry.imports.services import check_import, run_import
from foundry.models import Faculty, University, UniversityDomain

FACULTIES = ("Faculty of Engineering", "Faculty of Science", "Faculty of Medicine",
             "Faculty of Business Administration")
SURNAMES = ("陳", "Chan", "李", "Lee", "張", "Cheung", "黃", "Wong")


def students_file(rows: int) -> bytes:
    """A registrar export with Chinese and English names, quoted commas, four faculties."""
    lines = ["student_number,full_name,email,faculty,programme,expected_graduation"]
    for n in range(rows):
        number = f"1155{n:06d}"
        name = f'"{SURNAMES[n % len(SURNAMES)]}, Student {n}"'
        lines.append(f"{number},{name},{number}@link.cuhk.edu.hk,{FACULTIES[n % 4]},"
                     f"Programme {n % 25},{2025 + n % 4}-06-30")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def outcomes_file(rows: int) -> bytes:
    """A survey file for the same students."""
    lines = ["student_number,category,employer,job_title,annual_salary,location,outcome_date,"
             "source"]
    for n in range(rows):
        lines.append(f"1155{n:06d},employed_full_time,Employer {n % 300},Engineer,"
                     f"{300000 + n},hong_kong,2025-10-01,survey")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def timed(label: str, action):
    """Run and print how long it took."""
    start = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - start
    print(f"{label:<38} {elapsed:7.2f} s")
    return result


def main() -> None:
    """Build the schema, run the timings, drop the schema."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCHMARK_DATABASE_URL"))
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="foundry-bench-")
    url = args.database_url or f"sqlite:///{folder}/bench.db"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, UPLOAD_FOLDER=folder)
    with app.app_context():
        db.drop_all()
        db.create_all()
        university = University(code="CUHK", name="The Chinese University of Hong Kong",
                                domains=[UniversityDomain(domain="link.cuhk.edu.hk")])
        db.session.add(university)
        db.session.add_all(Faculty(university=university, name=name) for name in FACULTIES)
        db.session.commit()
        data = students_file(args.rows)
        print(f"{args.rows:,} students, {len(data) / 1024 / 1024:.1f} MB, on "
              f"{db.engine.dialect.name}")

        report, _plan = timed("preview (validate every row)",
                              lambda: check_import(kind="students", data=data,
                                                   university=university))
        assert report.ok and report.created == args.rows, report.lines()[:5]

        def apply(payload: bytes, kind: str = "students"):
            result = run_import(kind=kind, data=payload, university=university)
            db.session.commit()
            return result

        report = timed("apply (validate + bulk insert + commit)", lambda: apply(data))
        print("   ", report.lines()[0])
        report = timed("re-import the same file (unchanged)", lambda: apply(data))
        print("   ", report.lines()[0])
        assert report.created == report.updated == 0
        survey = outcomes_file(args.rows)
        report = timed("outcomes: apply for every student", lambda: apply(survey, "outcomes"))
        print("   ", report.lines()[0])
        _ = date.today()
        db.session.remove()
        db.drop_all()


if __name__ == "__main__":
    main()
