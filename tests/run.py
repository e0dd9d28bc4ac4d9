"""`make test`: run the whole suite, saying which database and browser it runs with."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

CHROMIUM = "/usr/bin/chromium"


def main() -> int:
    """Print the test environment, then run pytest on two workers."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        print(f"make test: database PostgreSQL ({url.split('@')[-1]})")
    else:
        print("make test: database SQLite (in memory); set TEST_DATABASE_URL for PostgreSQL")
    if os.path.exists(CHROMIUM):
        print(f"make test: browser tests with {CHROMIUM}")
    else:
        print(f"make test: {CHROMIUM} not found — browser tests will be SKIPPED "
              "(apt-get install chromium to run them)")
    workers = os.environ.get("TEST_WORKERS", "2" if (os.cpu_count() or 1) > 1 else "0")
    args = ["-n", workers, "--dist", "loadfile", *sys.argv[1:]]
    if shutil.which("chromium") is None and not os.path.exists(CHROMIUM):
        args += ["-m", "not browser"]
    return int(pytest.main(args))


if __name__ == "__main__":
    sys.exit(main())
