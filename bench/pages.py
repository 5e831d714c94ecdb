"""Benchmark: #MyWe pages served by gunicorn, against a bare template view in the same run.

    .venv/bin/python bench/pages.py                  # the `demo` world in /tmp (built once)
    .venv/bin/python bench/pages.py --size small     # quicker, for a try
    DATABASE_URL=postgres://… .venv/bin/python bench/pages.py --database-url "$DATABASE_URL"

Serves the project with gunicorn on 127.0.0.1 (DEBUG off, a SECRET_KEY, static files collected
into a temporary directory) and loads, in rounds that alternate so the machine's drift hits
all three alike:

- `/mywe/engagement/` as a logged-in demo member (the one with the most engagement),
- that member's public share page `/u/<handle>/engagement/`,
- a bare template view (the site's base template, no database) as the baseline, and the same
  view for the logged-in member: what the session, the user and the site-wide middleware and
  header cost any logged-in page, before a dashboard does anything.

Prints requests/s and p50/p99 latency of each (the median round) and the ratio of requests/s
to the bare view. Before that, in-process (Django's test client, no server), the cost of the bare
page anonymous and logged in, split by middleware: time and queries in each one's request and
response phases (the user, loaded lazily, counts where it is first touched).

`--cache-url redis://127.0.0.1:6379/5` serves with a Redis cache (as production does), which
also moves sessions to the cache (wecommunities/settings.py); its keys get a prefix of their
own, deleted afterwards. Goals: each dashboard ≥ 0.5 × the bare view's requests/s and p99 ≤ 100 ms at
16 concurrent connections. Load comes from `wrk` when it is installed (apt-get install wrk),
else from a small threaded Python client; either way bounded in time and only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pages_breakdown  # bench/, beside this script

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GOALS = {"ratio": 0.5, "p99_ms": 100.0}

BENCH_SETTINGS = '''
"""Settings for bench/pages.py: the project's own, plus static files in a temporary directory and
a bare template view to compare with."""
import os
from wecommunities.settings import *  # noqa: F401,F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
ROOT_URLCONF = "bench_urls"
if os.environ.get("BENCH_SESSION_ENGINE"):
    SESSION_ENGINE = os.environ["BENCH_SESSION_ENGINE"]
'''
BENCH_URLS = '''
from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = [
    path("__bench__/bare/", TemplateView.as_view(template_name="base.html")),
    path("", include("wecommunities.urls")),
]
'''


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="demo", help="demo world size to build when the database is empty")
    parser.add_argument("--database-url", default="", help="default: a SQLite file in /tmp, built once per size")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=8.0, help="per run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--python-client", action="store_true", help="use the threaded client even if wrk exists")
    parser.add_argument("--cache-url", default="", help="a Redis cache (default: none, a local one per process)")
    parser.add_argument("--breakdown-requests", type=int, default=300, help="in-process requests per breakdown")
    parser.add_argument("--session-engine", default="", help="try another SESSION_ENGINE, e.g. "
                        "django.contrib.sessions.backends.cached_db (default: the project's)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="mywe-bench-pages-"))
    try:
        env = environment(args, work)
        prepare(env, args.size)
        member = pick_member(env)
        pages_breakdown.breakdown(env, args.breakdown_requests, PYTHON, ROOT)
        print(f"member @{member['handle']} (engagement {member['value']}), "
              f"{args.workers} gunicorn workers, {args.connections} connections, {args.seconds:.0f} s per run")
        port = free_port()
        server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "wecommunities.wsgi:application", "--workers", str(args.workers),
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )
        try:
            wait_for(port)
            base = f"http://127.0.0.1:{port}"
            session = {"Cookie": f"sessionid={member['session']}; csrftoken={member['csrftoken']}"}
            targets = {
                "bare template": (f"{base}/__bench__/bare/", {}),
                "bare, logged in": (f"{base}/__bench__/bare/", session),
                "/mywe/engagement/": (f"{base}/mywe/engagement/", session),
                "public share page": (f"{base}/u/{member['handle']}/engagement/", {}),
            }
            for url, headers in targets.values():
                check(url, headers)
            load = wrk if shutil.which("wrk") and not args.python_client else threaded
            print(f"load generator: {'wrk' if load is wrk else 'Python threads'}")
            results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in targets}
            for round_no in range(args.rounds):
                for name, (url, headers) in targets.items():
                    results[name].append(load(url, headers, args.connections, args.seconds))
                print(f"  round {round_no + 1}: " + ", ".join(f"{n} {r[-1][0]:.0f}/s" for n, r in results.items()))
        finally:
            server.terminate()
            server.wait(timeout=30)
        return report(results)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def environment(args, work: Path) -> dict[str, str]:
    (work / "bench_settings.py").write_text(BENCH_SETTINGS)
    (work / "bench_urls.py").write_text(BENCH_URLS)
    database_url = args.database_url or f"sqlite:////tmp/mywe-bench-pages-{args.size}.sqlite3"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(work), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "DEMO": "true",  # demo_data builds the world it measures
        "SECRET_KEY": "bench-pages-secret-key-not-for-production",
        "SITE_URL": "http://127.0.0.1",
        "EMAIL_URL": "console://",
        "DEFAULT_FROM_EMAIL": "bench@localhost",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "BENCH_STATIC_ROOT": str(work / "static"),
        "BENCH_SESSION_ENGINE": args.session_engine,
        # The test suite's key (tests/testenv.py): credentials are signed, never published here.
        "BADGE_SIGNING_KEYS": "OvSvwAVUWgLfj4X9A2KNQtZQ5tvcSs4m1bRc5dC1JUQ",
    }
    if args.cache_url:
        env["CACHE_URL"] = args.cache_url
        env["CACHE_KEY_PREFIX"] = f"bench-pages-{os.getpid()}"
    return env


def manage(env: dict[str, str], *command: str) -> str:
    done = subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"manage.py {' '.join(command)} failed")
    return done.stdout


def prepare(env: dict[str, str], size: str) -> None:
    # First: with DEBUG off, every other command checks that static files are collected.
    manage(env, "collectstatic", "--no-input", "-v0")
    manage(env, "migrate", "--no-input", "-v0")
    started = time.perf_counter()
    out = manage(env, "demo_data", "--size", size, "--if-empty")
    if "keeping the existing" not in out:
        print(f"built the {size} demo world in {time.perf_counter() - started:.0f} s")


PICK = '''
import django, json
django.setup()
from django.test import Client
from badges.models import BadgeValue
from dashboards.models import Share
from tweets.models import Account
top = (BadgeValue.objects.filter(badge="engagement", member__x_account__isnull=False)
       .order_by("-value", "member_id").values_list("member_id", "value").first())
if top is None:
    raise SystemExit("the world has no member with an Engagement value: run the badges builder")
member_id, value = top
Share.objects.get_or_create(member_id=member_id, dashboard="engagement")
client = Client(SERVER_NAME="127.0.0.1")  # an allowed host: the page below must answer
client.force_login(django.contrib.auth.get_user_model().objects.get(pk=member_id))
handle = Account.objects.get(member_id=member_id).handle
# A browser sends back the CSRF cookie the first page with a form set; without it every page
# would mint a new secret for the header's logout form.
client.get("/mywe/")
print(json.dumps({"handle": handle, "value": value, "session": client.cookies["sessionid"].value,
                  "csrftoken": client.cookies["csrftoken"].value}))
'''


def pick_member(env: dict[str, str]) -> dict:
    """The member with the most engagement, sharing their Engagement dashboard, and a session
    of theirs (as the login would make it)."""
    import json

    done = subprocess.run([PYTHON, "-c", PICK], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit("could not pick a demo member")
    return json.loads(done.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def check(url: str, headers: dict[str, str]) -> None:
    """Each page answers 200 (and warms its caches in every worker) before it is measured."""
    for _ in range(20):
        status, _ = get(url, headers)
        if status != 200:
            raise SystemExit(f"{url} answered {status}")


def get(url: str, headers: dict[str, str], connection: http.client.HTTPConnection | None = None):
    host, path = re.match(r"http://([^/]+)(/.*)", url).groups()
    conn = connection or http.client.HTTPConnection(host, timeout=30)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    if connection is None:
        conn.close()
    return response.status, conn


# ---------------------------------------------------------------- load generators


def wrk(url: str, headers: dict[str, str], connections: int, seconds: float) -> tuple[float, float, float]:
    """(requests/s, p50 ms, p99 ms) from wrk with its latency distribution."""
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds:.0f}s", "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(command + [url], capture_output=True, text=True, timeout=seconds + 60).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"{url}: wrk saw non-2xx answers:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return rps, _wrk_ms(out, "50%"), _wrk_ms(out, "99%")


def _wrk_ms(out: str, percentile: str) -> float:
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", out).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def threaded(url: str, headers: dict[str, str], connections: int, seconds: float) -> tuple[float, float, float]:
    """(requests/s, p50 ms, p99 ms) from one thread per connection, each with a keep-alive
    connection, for `seconds`."""
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        mine: list[float] = []
        conn = None
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            status, conn = get(url, headers, conn or http.client.HTTPConnection(url.split("/")[2], timeout=30))
            if status != 200:
                raise SystemExit(f"{url} answered {status}")
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(connections)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return len(latencies) / elapsed, latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99)]


# ---------------------------------------------------------------- report


def report(results: dict[str, list[tuple[float, float, float]]]) -> int:
    def median_round(runs):
        return sorted(runs, key=lambda r: r[0])[len(runs) // 2]

    table = {name: median_round(runs) for name, runs in results.items()}
    bare, bare_in = table["bare template"][0], table["bare, logged in"][0]
    print()
    print(f"{'page':<22}{'requests/s':>12}{'p50 ms':>9}{'p99 ms':>9}{'× bare':>9}{'× bare logged in':>18}")
    strict = like = True
    for name, (rps, p50, p99) in table.items():
        ratio = rps / bare
        print(f"{name:<22}{rps:>12.0f}{p50:>9.1f}{p99:>9.1f}{ratio:>9.2f}{rps / bare_in:>18.2f}")
        if not name.startswith("bare"):
            # Like for like: a logged-in page against the bare view for a logged-in member (who
            # pays for session, user and site-wide middleware on any page), a public page
            # against the anonymous bare view.
            baseline = bare_in if name.startswith("/mywe/") else bare
            strict &= ratio >= GOALS["ratio"] and p99 <= GOALS["p99_ms"]
            like &= rps / baseline >= GOALS["ratio"] and p99 <= GOALS["p99_ms"]
    spread = {name: f"{min(r[0] for r in runs):.0f}–{max(r[0] for r in runs):.0f}" for name, runs in results.items()}
    print(f"\nrequests/s over the rounds: {spread}")
    print(f"goals: ≥ {GOALS['ratio']} × the anonymous bare view and p99 ≤ {GOALS['p99_ms']:.0f} ms: "
          f"{'met' if strict else 'NOT met'}; like for like (logged-in page against the logged-in bare "
          f"view): {'met' if like else 'NOT met'}")
    return 0 if strict else 1


if __name__ == "__main__":
    raise SystemExit(main())
