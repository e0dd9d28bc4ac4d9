"""WSGI entry of `make bench`'s gunicorn servers (`gunicorn tests.benchmarks.serve:app`).

The production configuration, with three changes a benchmark on one machine needs: cookies
without the Secure flag (plain HTTP on 127.0.0.1), a cache key prefix per database (two
servers share one Redis without sharing cached figures or data versions), and an upload
folder of its own. Nothing else differs from what production serves.
"""

import os

from foundry import create_app

app = create_app("production", SESSION_COOKIE_SECURE=False, REMEMBER_COOKIE_SECURE=False,
                 CACHE_KEY_PREFIX=os.environ["BENCH_CACHE_PREFIX"],
                 UPLOAD_FOLDER=os.environ["BENCH_UPLOADS"])
