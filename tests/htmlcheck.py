"""`make htmlcheck` (run by .ci/run): the Nu HTML Checker (npm `vnu-jar`, Java) on the saved
HTML of the public pages and each role's main pages — every page of its menu and user menu,
in English and 繁體中文 — over the demo data. Exits 1 on any error.

The pages are rendered with the test client on a throwaway SQLite database, saved under a
temporary folder and checked in one `java -jar vnu.jar --errors-only` run. vnu.jar comes from
node_modules (`npm install` of the version pinned in the Makefile), or --vnu PATH.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PUBLIC = ("/", "/login", "/signup", "/forgot", "/privacy")


def role_paths(app, role: str) -> list[str]:
    """The role's home and every page of its menu and user menu (registered ones)."""
    from flask import url_for

    from foundry.navigation import NAVIGATION, USER_MENU

    endpoints = ["main.home", "main.notifications", "account.profile", "auth.change_password"]
    for first, second in NAVIGATION.get(role, ()):
        endpoints += [e for e, _label in second] if isinstance(second, tuple) else [first]
    endpoints += [e for e, _label in USER_MENU.get(role, ())]
    with app.test_request_context():
        return sorted({url_for(e) for e in endpoints if e in app.view_functions})


def save_pages(folder: Path) -> list[Path]:
    """Render the pages over the demo data; returns the saved files."""
    from flask_migrate import upgrade

    from foundry import create_app
    from foundry.extensions import db
    from foundry.seed.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo
    from tests.second_factor import pass_second_factor

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'check.db'}",
                     WTF_CSRF_ENABLED=False, UPLOAD_FOLDER=str(folder / "uploads"))
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        seed_demo()
        db.session.commit()
    saved: list[Path] = []
    skipped: list[str] = []
    emails = {label: email for label, email, _n, _w in DEMO_ACCOUNTS}
    for label in ("anonymous", "student", "graduate", "company", "dean", "admin"):
        client = app.test_client()  # one sign-in per account, both languages
        if label == "anonymous":
            paths: list[str] = list(PUBLIC)
        else:
            response = client.post("/login", data={"email": emails[label],
                                                    "password": DEMO_PASSWORD})
            assert response.status_code == 302, f"{label} could not sign in"
            if label in ("dean", "admin"):  # past the second factor, as a code would
                with app.app_context():
                    pass_second_factor(emails[label])
            paths = role_paths(app, "student" if label == "graduate" else label)
        for locale in ("en", "zh_Hant"):
            client.set_cookie("locale", locale)
            for path in paths:
                response = client.get(path)
                if response.status_code != 200 or response.mimetype != "text/html":
                    skipped.append(f"{label} {path} ({response.status_code})")
                    continue
                name = f"{label}-{locale}-{path.strip('/').replace('/', '-') or 'index'}.html"
                target = folder / name
                target.write_bytes(response.data)
                saved.append(target)
    with app.app_context():
        db.engine.dispose()
    if skipped:
        print("htmlcheck: not an HTML page, skipped: " + ", ".join(skipped))
    return saved


def main(argv: list[str] | None = None) -> int:
    """Save the pages, run the checker, print its findings; 1 on any error."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vnu", default=str(DEFAULT_VNU), help="path of vnu.jar")
    parser.add_argument("--keep", help="save the pages in this folder (kept)")
    args = parser.parse_args(argv)
    if not Path(args.vnu).exists():
        print(f"htmlcheck: {args.vnu} not found (npm install vnu-jar, see the Makefile)")
        return 1
    if not shutil.which("java"):
        print("htmlcheck: java not found")
        return 1
    folder = Path(args.keep or tempfile.mkdtemp(prefix="foundry-html-"))
    folder.mkdir(parents=True, exist_ok=True)
    pages = save_pages(folder)
    result = subprocess.run(["java", "-jar", args.vnu, "--errors-only", "--format", "gnu",
                             *map(str, pages)], capture_output=True, text=True, check=False)
    findings = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    for line in findings:
        print(line.replace(str(folder) + "/", ""))
    print(f"htmlcheck: {len(pages)} pages checked, {len(findings)} errors")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if findings or result.returncode else 0


if __name__ == "__main__":
    sys.exit(main())
