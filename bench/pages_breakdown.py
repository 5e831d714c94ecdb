"""bench/pages.py's breakdown: the bare page's time and queries split by middleware, in-process
(Django's test client), anonymous and logged in. Marks between the project's middleware take the
time and the queries between two of them; the user, loaded lazily, counts where it is first
touched."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BREAKDOWN = '''
import json, os, sys, time
from django.conf import settings
import bench_marks
settings.MIDDLEWARE = bench_marks.interleave(settings.MIDDLEWARE)
settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
import django
django.setup()
from django.db import connection
from django.test import Client
from badges.models import BadgeValue
member_id = (BadgeValue.objects.filter(badge="engagement", member__x_account__isnull=False)
             .order_by("-value", "member_id").values_list("member_id", flat=True).first())
anonymous, member = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
member.force_login(django.contrib.auth.get_user_model().objects.get(pk=member_id))
n = int(sys.argv[1])
out = {}
for name, client in (("anonymous", anonymous), ("logged in", member)):
    for _ in range(20):
        assert client.get("/__bench__/bare/").status_code == 200
    bench_marks.reset()
    with connection.execute_wrapper(bench_marks.count_query):
        started = time.perf_counter()
        for _ in range(n):
            client.get("/__bench__/bare/")
        total = time.perf_counter() - started
    out[name] = {"total_ms": total * 1000 / n, "phases": bench_marks.report(n)}
print(json.dumps(out))
'''

BENCH_MARKS = '''
"""Marks between the middleware of the project (bench/pages.py): the time and the queries
between two marks belong to the middleware between them."""
import time

PHASES = {}
_current = ["client"]
_since = [time.perf_counter()]
_names = []


def _switch(phase):
    now = time.perf_counter()
    entry = PHASES.setdefault(_current[0], [0.0, 0])
    entry[0] += now - _since[0]
    _current[0], _since[0] = phase, now


def count_query(execute, sql, params, many, context):
    PHASES.setdefault(_current[0], [0.0, 0])[1] += 1
    return execute(sql, params, many, context)


def reset():
    PHASES.clear()
    _switch("client")
    PHASES.clear()


def report(n):
    _switch("client")
    return {k: [v[0] * 1000 / n, v[1] / n] for k, v in PHASES.items() if k != "client"}


def _make(i):
    class Mark:
        def __init__(self, get_response):
            self.get_response = get_response

        def __call__(self, request):
            _switch(_names[i] if i < len(_names) else "view and template")
            response = self.get_response(request)
            _switch(_names[i - 1] + " (response)" if i else "client")
            return response
    return Mark


def interleave(middleware):
    _names[:] = [m.rsplit(".", 1)[-1] for m in middleware]
    out = []
    for i, path in enumerate(middleware):
        globals()[f"Mark{i}"] = _make(i)
        out += [f"bench_marks.Mark{i}", path]
    globals()[f"Mark{len(middleware)}"] = _make(len(middleware))
    return out + [f"bench_marks.Mark{len(middleware)}"]
'''


def breakdown(env: dict[str, str], requests: int, python: str, root: Path) -> None:
    """Prints where the bare page's time and queries go, anonymous and logged in, in-process."""
    work = Path(env["PYTHONPATH"].split(os.pathsep)[0])
    (work / "bench_marks.py").write_text(BENCH_MARKS)
    done = subprocess.run([python, "-c", BREAKDOWN, str(requests)], cwd=root, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit("the breakdown failed")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"\nthe bare page in-process, {requests} requests each: ms and queries a request")
    phases = list(dict.fromkeys(p for run in out.values() for p in run["phases"]))
    print(f"{'phase':<42}" + "".join(f"{name:>22}" for name in out))
    for phase in phases:
        cells = [run["phases"].get(phase, [0.0, 0]) for run in out.values()]
        print(f"{phase:<42}" + "".join(f"{ms:>12.3f} ms {q:>4.1f} q" for ms, q in cells))
    print(f"{'all (with the test client)':<42}" + "".join(f"{run['total_ms']:>12.3f} ms{'':>7}" for run in out.values()))
    print()
