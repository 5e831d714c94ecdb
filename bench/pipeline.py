"""Benchmark: live archiving end to end (Redis buffer → Celery worker → PostgreSQL) against a raw
COPY of the same rows, back to back in one run; then arrival→committed latency at a chat's peak.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mywe REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/pipeline.py --tweets 100000

1. Throughput: N filtered-stream messages (X API v2, ~1.6 KB, skewed authors) are XADDed to the
   buffer, pipelined; a real `celery -A wecommunities worker` (prefork, --workers processes) fed
   by a real `celery beat` archives them; the clock stops when the buffer is empty (a message
   leaves it only after its batch is committed). Then the same tweet rows (parsed outside the
   timed part) are COPYed into an unindexed table. Prints both rates and the ratio (goal ≥ 0.25).
   The ratio is end-to-end time ÷ COPY time for the same tweets. Also the CPU per tweet of each:
   the worker's processes (client) and the PostgreSQL backends of the bench database (server),
   which a busy machine disturbs less than the wall clock.
2. Latency: a chat of --rate tweets/s for --seconds s, one XADD per tweet as the stream does;
   a poller sees each tweet committed. Prints p50/p99 arrival→committed (goal p99 ≤ 1 s).
3. Memory: the worker processes' RSS sampled through both runs, and through an optional long
   run (--long N tweets, pushed in waves so Redis holds at most --backlog).

The database is created beside DATABASE_URL's and dropped at the end; Redis keys and queues are
named for this run and deleted at the end.
"""

from __future__ import annotations

import argparse
import bisect
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import orjson

ROOT = Path(__file__).resolve().parent.parent
GOALS = {"ratio": 0.25, "p99": 1.0}  # issue 16
WORDS = (
    "nurse patient care ward shift team staff night day community health mental learning student "
    "midwife pharmacy practice evidence research safe safety listen support thanks today tonight "
    "question answer share idea change improve quality kindness wellbeing training mentor placement "
    "clinical leadership voice story family carer hospital clinic district handover medication"
).split()
TAGS = ["WeNurses", "WeMidwives", "WeAHPs", "WeStudentNurses", "WeMHNurses", "WeLDNurses", "WeCommNurses",
        "WePharmacists"]


# ---------------------------------------------------------------- payloads


class Chatter:
    """Stream messages from `authors` people with skewed activity, ids and times increasing."""

    def __init__(self, authors: int, seed: int, first_id: int) -> None:
        self.rng = random.Random(seed)
        self.users = [self._user(i) for i in range(authors)]
        cumulative, total = [], 0.0
        for rank in range(authors):
            total += 1 / (rank + 1) ** 1.1
            cumulative.append(total)
        self.cumulative = cumulative
        self.tweet_id = first_id
        self.moment = datetime.now(UTC) - timedelta(days=1)
        self.recent: list[tuple[str, dict]] = []

    def _user(self, i: int) -> dict:
        rng = self.rng
        handle = f"{rng.choice(WORDS)}_{rng.choice(WORDS)}{i}"[:15]
        return {
            "id": str(10_000_000 + i * 7919), "username": handle,
            "name": f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()}",
            "description": f"{rng.choice(WORDS).title()} {' '.join(rng.choice(WORDS) for _ in range(8))}",
            "profile_image_url": f"https://pbs.twimg.com/profile_images/{1000 + i}/{handle}_normal.jpg",
            "protected": False,
            "public_metrics": {"followers_count": rng.randint(10, 20000), "following_count": rng.randint(10, 3000),
                               "tweet_count": rng.randint(100, 90000), "listed_count": rng.randint(0, 50)},
        }

    def author(self) -> dict:
        return self.users[bisect.bisect_left(self.cumulative, self.rng.random() * self.cumulative[-1])]

    def message(self) -> tuple[int, bytes]:
        rng = self.rng
        self.tweet_id += rng.randint(1 << 22, 1 << 30)
        self.moment += timedelta(milliseconds=rng.randint(20, 2000))
        tweet_id, author = str(self.tweet_id), self.author()
        tags = rng.sample(TAGS, rng.choice([1, 1, 2, 3]))
        mentioned = [self.author() for _ in range(rng.choice([0, 0, 1, 1, 2]))]
        text = " ".join(f"@{u['username']}" for u in mentioned) + " " + " ".join(
            rng.choice(WORDS) for _ in range(rng.randint(12, 30))) + " " + " ".join(f"#{t}" for t in tags)
        tweet: dict = {
            "id": tweet_id, "author_id": author["id"], "text": text.strip(), "lang": "en",
            "created_at": self.moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "conversation_id": tweet_id, "possibly_sensitive": False, "reply_settings": "everyone",
            "edit_history_tweet_ids": [tweet_id], "source": "Twitter for iPhone",
            "public_metrics": {"retweet_count": rng.randint(0, 40), "reply_count": rng.randint(0, 20),
                               "like_count": rng.randint(0, 200), "quote_count": 0},
            "entities": {
                "hashtags": [{"start": text.find(t) - 1, "end": text.find(t) + len(t), "tag": t} for t in tags],
                "mentions": [{"start": 0, "end": len(u["username"]) + 1, "username": u["username"], "id": u["id"]}
                             for u in mentioned],
            },
        }
        users = [author, *mentioned]
        includes: dict = {}
        if self.recent and rng.random() < 0.4:
            ref_id, ref = rng.choice(self.recent)
            kind = rng.choice(["replied_to", "replied_to", "retweeted", "quoted"])
            tweet["referenced_tweets"] = [{"type": kind, "id": ref_id}]
            if kind == "replied_to":
                tweet["in_reply_to_user_id"] = ref["author_id"]
                tweet["conversation_id"] = ref["conversation_id"]
            includes["tweets"] = [ref]
        self.recent.append((tweet_id, {k: tweet[k] for k in ("id", "author_id", "text", "created_at", "conversation_id")}))
        if len(self.recent) > 2000:
            self.recent = self.recent[-1000:]
        includes["users"] = list({u["id"]: u for u in users}.values())
        message = {"data": tweet, "includes": includes, "matching_rules": [{"id": "1", "tag": tags[0].lower()}]}
        return int(tweet_id), orjson.dumps(message)


# ---------------------------------------------------------------- the worker and its memory


class Celery:
    def __init__(self, env: dict[str, str], folder: Path, workers: int, queue: str, receivers: bool) -> None:
        common = [sys.executable, "-m", "celery", "-A", "wecommunities"]
        self.worker_log, self.beat_log = folder / "worker.log", folder / "beat.log"
        # The worker runs through this script (`--celery-worker`), which can disconnect the
        # receivers of tweets_archived before Celery forks its pool.
        self.worker = subprocess.Popen(
            [sys.executable, __file__, "--celery-worker", "worker", "-Q", queue, "--concurrency", str(workers),
             "--loglevel", "WARNING", "--without-mingle", "--without-gossip", "--without-heartbeat",
             "-n", f"bench{os.getpid()}@%h"],
            cwd=ROOT, env={**env, "BENCH_RECEIVERS": "1" if receivers else ""}, stdout=self.worker_log.open("wb"),
            stderr=subprocess.STDOUT, start_new_session=True)
        self.beat = subprocess.Popen(
            [*common, "beat", "-s", str(folder / "beat-schedule"), "--loglevel", "INFO"],
            cwd=ROOT, env=env, stdout=self.beat_log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)

    def children(self) -> list[int]:
        try:
            return [int(p) for p in Path(f"/proc/{self.worker.pid}/task/{self.worker.pid}/children").read_text().split()]
        except OSError:
            return []

    def rss_mb(self) -> tuple[float, float]:
        """(main process, largest pool process) resident memory in MB."""
        sizes = [_rss_mb(pid) for pid in self.children()]
        return _rss_mb(self.worker.pid), max(sizes, default=0.0)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "Starting" in self.beat_log.read_text(errors="replace") and len(self.children()) > 0:
                time.sleep(1.0)  # the pool processes import the app
                return
            for process in (self.worker, self.beat):
                if process.poll() is not None:
                    sys.exit(f"celery exited:\n{self.worker_log.read_text()[-3000:]}\n{self.beat_log.read_text()[-2000:]}")
            time.sleep(0.1)
        sys.exit("celery did not start")

    def stop(self) -> None:
        for process in (self.beat, self.worker):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in (self.beat, self.worker):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class MemoryLog:
    def __init__(self, celery: Celery, every: float = 1.0) -> None:
        self.celery, self.every = celery, every
        self.samples: list[tuple[float, float, float]] = []
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            main, pool = self.celery.rss_mb()
            self.samples.append((time.monotonic(), main, pool))

    def stop(self) -> None:
        self._stop.set()
        self.thread.join()


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process on this machine (None once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuLog:
    """CPU seconds spent between `start()` and `stop()` by the worker's processes (the client)
    and by the PostgreSQL backends connected to the bench database (the server; measurable
    only when PostgreSQL runs on this machine). Sampled every `every` s, so that a process gone
    before the end still counts up to its last sample."""

    def __init__(self, celery: Celery, database_url: str, database: str, every: float = 0.25) -> None:
        self.celery, self.url, self.database, self.every = celery, database_url, database, every
        self.first: dict[tuple[str, int], float] = {}
        self.last: dict[tuple[str, int], float] = {}
        self._stop = threading.Event()
        self.baseline = True

    def _sample(self, conn) -> None:
        pids = [("client", self.celery.worker.pid), *(("client", p) for p in self.celery.children())]
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [self.database]
        ).fetchall()
        pids += [("server", pid) for (pid,) in rows]
        for key in pids:
            cpu = _cpu_seconds(key[1])
            if cpu is not None:
                self.first.setdefault(key, cpu if self.baseline else 0.0)
                self.last[key] = cpu

    def start(self) -> CpuLog:
        import psycopg

        self.conn = psycopg.connect(self.url, autocommit=True)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self._sample(self.conn)  # what the processes spent before: not counted
        self.baseline = False
        self.thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self._sample(self.conn)

    def stop(self) -> tuple[float, float | None]:
        """(client, server) CPU seconds; server None when no backend could be read."""
        self._stop.set()
        self.thread.join()
        self._sample(self.conn)
        self.conn.close()
        spent = {"client": 0.0, "server": 0.0}
        for key, cpu in self.last.items():
            spent[key[0]] += cpu - self.first[key]
        servers = any(side == "server" for side, _ in self.last)
        return spent["client"], spent["server"] if servers else None


def _per_tweet(seconds: float | None, tweets: int) -> str:
    return "n/a (server elsewhere)" if seconds is None else f"{seconds * 1e6 / tweets:.0f} µs"


# ---------------------------------------------------------------- the runs


def wait_drained(buffer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pipe = buffer.client.pipeline()
        pipe.xlen(buffer.key)
        pipe.xpending(buffer.key, "archive")
        length, pending = pipe.execute()
        if length == 0 and pending["pending"] == 0:
            return
        time.sleep(0.05)
    sys.exit("the buffer did not drain in time")


def throughput(buffer, lines: list[bytes], timeout: float) -> tuple[float, float]:
    buffer.ensure_group()  # wait_drained reads the group's pending count, maybe before the worker's first run
    started = time.perf_counter()
    buffer.append(lines, source="bench")
    pushed = time.perf_counter() - started
    wait_drained(buffer, timeout)
    return time.perf_counter() - started, pushed


def copy_rate(lines: list[bytes]) -> tuple[int, float, float, float | None]:
    """Rows, seconds, client CPU seconds and server CPU seconds of one raw COPY of the tweet rows."""
    from django.db import connection

    from tweets.archive import TWEET_COLUMNS
    from tweets.models import Tweet
    from tweets.payloads import parse_line

    now = datetime.now(UTC)
    rows = []
    for line in lines:
        for tweet in parse_line(line).tweets:
            rows.append(tuple(now if c == "archived_at" else getattr(tweet, c) for c in TWEET_COLUMNS))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy")
        cursor.execute(f"CREATE TABLE bench_copy (LIKE {Tweet._meta.db_table})")
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    server, started, cpu = _cpu_seconds(backend), time.perf_counter(), time.process_time()
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY bench_copy ({', '.join(TWEET_COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    server_after = _cpu_seconds(backend)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_copy")
    return len(rows), elapsed, cpu, None if server is None or server_after is None else server_after - server


def latency(buffer, chatter: Chatter, rate: float, seconds: float) -> list[float]:
    """Push `rate` tweets/s one XADD each; return arrival→committed seconds for each tweet."""
    import psycopg
    from django.conf import settings

    from tweets.models import Tweet

    arrived: dict[int, int] = {}  # tweet id → ms when Redis received it
    committed: dict[int, float] = {}
    lock = threading.Lock()
    done = threading.Event()
    database = settings.DATABASES["default"]
    table = Tweet._meta.db_table

    def poll() -> None:
        with psycopg.connect(host=database["HOST"], port=database["PORT"], user=database["USER"],
                             password=database["PASSWORD"], dbname=database["NAME"], autocommit=True) as conn:
            while True:
                with lock:
                    waiting = [i for i in arrived if i not in committed]
                if waiting:
                    seen = time.time()
                    for (tweet_id,) in conn.execute(f"SELECT id FROM {table} WHERE id = ANY(%s)", [waiting]):
                        committed[tweet_id] = seen
                elif done.is_set():
                    return
                time.sleep(0.02)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    total = int(rate * seconds)
    started = time.monotonic()
    for n in range(total):
        wait = started + n / rate - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        tweet_id, line = chatter.message()
        entry = buffer.append([line], source="bench")[0]
        with lock:
            arrived[tweet_id] = int(entry.split("-")[0])
    done.set()
    poller.join(timeout=60)
    return sorted(committed[i] - arrived[i] / 1000 for i in arrived if i in committed)


def long_run(buffer, chatter: Chatter, count: int, backlog: int, memory: MemoryLog) -> float:
    started = time.perf_counter()
    sent = 0
    next_report = count // 10
    while sent < count:
        if buffer.client.xlen(buffer.key) < backlog:
            wave = min(backlog // 2, count - sent)
            buffer.append([chatter.message()[1] for _ in range(wave)], source="bench")
            sent += wave
        else:
            time.sleep(0.2)
        if sent >= next_report:
            main, pool = memory.samples[-1][1:] if memory.samples else (0, 0)
            print(f"  {sent:>9,} tweets sent   worker RSS: main {main:.0f} MB, largest pool process {pool:.0f} MB")
            next_report += count // 10
    wait_drained(buffer, timeout=count / 100 + 120)
    return time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def celery_worker(argv: list[str]) -> None:
    """`celery -A wecommunities worker …`, optionally without the tweets_archived receivers."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if not os.environ.get("BENCH_RECEIVERS"):
        # Downstream work on each batch (chat attribution, badge and dashboard updates) is
        # measured by its own benchmarks; --with-receivers keeps it here.
        from tweets.signals import tweets_archived

        tweets_archived.receivers.clear()
        tweets_archived.sender_receivers_cache.clear()
    from wecommunities.celery import app

    app.worker_main(argv=argv)


def main() -> None:
    if sys.argv[1:2] == ["--celery-worker"]:
        return celery_worker(sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tweets", type=int, default=100_000)
    parser.add_argument("--authors", type=int, help="default: one per 10 tweets")
    parser.add_argument("--workers", type=int, default=2, help="worker pool processes (the Procfile's default)")
    parser.add_argument("--rate", type=float, default=50.0, help="chat peak, tweets/s")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the peak lasts")
    parser.add_argument("--long", type=int, default=0, help="then archive this many more, watching memory")
    parser.add_argument("--backlog", type=int, default=20_000, help="most messages in Redis during --long")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--with-receivers", action="store_true",
                        help="keep tweets_archived receivers (chat attribution, badges, dashboards) in the worker")
    args = parser.parse_args()

    url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not url.startswith(("postgres://", "postgresql://")) or not redis_url:
        sys.exit("bench/pipeline.py needs DATABASE_URL=postgres://… and REDIS_URL=redis://…")
    run = f"bench{os.getpid()}"
    bench_url, bench_db = _create_database(url, f"mywe_{run}")
    env = {
        **os.environ, "DATABASE_URL": bench_url, "DEBUG": "false", "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only"),
        "ALLOWED_HOSTS": "localhost", "SITE_URL": os.environ.get("SITE_URL", "http://127.0.0.1:8000"),
        "EMAIL_URL": os.environ.get("EMAIL_URL", "console://"),
        "DEFAULT_FROM_EMAIL": os.environ.get("DEFAULT_FROM_EMAIL", "bench@localhost"), "TWEET_BUFFER_STREAM": f"{run}:incoming", "CELERY_QUEUE": f"{run}:celery",
        "ARCHIVE_QUEUE": f"{run}:archive", "DJANGO_SETTINGS_MODULE": "wecommunities.settings",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from tweets.buffer import Buffer
    from tweets.models import Community, DeadLetter, Tweet

    celery = None
    buffer = Buffer.from_settings()
    try:
        call_command("migrate", verbosity=0)
        for tag in TAGS:
            Community.objects.create(name=tag, slug=tag.lower(), hashtag=tag.lower(), display_hashtag=f"#{tag}")
        chatter = Chatter(args.authors or max(10, args.tweets // 10), args.seed, first_id=1_740_000_000_000_000_000)
        started = time.perf_counter()
        lines = [chatter.message()[1] for _ in range(args.tweets)]
        size = sum(map(len, lines))
        print(f"generated {args.tweets:,} stream messages: {size / 1e6:.0f} MB, {size / args.tweets:,.0f} B each, "
              f"in {time.perf_counter() - started:.1f} s")

        with tempfile.TemporaryDirectory() as folder:
            celery = Celery(env, Path(folder), args.workers, env["ARCHIVE_QUEUE"], args.with_receivers)
            celery.wait_ready()
            memory = MemoryLog(celery)
            rss_start = celery.rss_mb()
            print(f"worker: {args.workers} pool processes, tweets_archived receivers "
                  f"{'connected' if args.with_receivers else 'disconnected'}; RSS at start: main {rss_start[0]:.0f} MB, "
                  f"pool {rss_start[1]:.0f} MB")

            cpu = CpuLog(celery, url, bench_db).start()
            elapsed, pushed = throughput(buffer, lines, timeout=args.tweets / 50 + 120)
            client_cpu, server_cpu = cpu.stop()
            e2e = args.tweets / elapsed
            rss_after = celery.rss_mb()
            rows, copy_elapsed, copy_client, copy_server = copy_rate(lines)
            raw = rows / copy_elapsed
            del lines
            print()
            print(f"XADD of {args.tweets:,} messages (pipelined 500): {args.tweets / pushed:10,.0f} msgs/s")
            print(f"end to end (buffer → worker → committed):  {e2e:10,.0f} tweets/s  ({elapsed:.1f} s)")
            # The N messages carry `rows` tweet rows (with the tweets they reply to, quote or
            # retweet): the ratio compares the time for the same work.
            copy_tweets = args.tweets / copy_elapsed
            print(f"raw COPY of the same {rows:,} tweet rows:    {raw:10,.0f} rows/s = {copy_tweets:,.0f} tweets/s "
                  f"({copy_elapsed:.1f} s)")
            print(f"CPU per tweet: end to end worker {_per_tweet(client_cpu, args.tweets)}, server "
                  f"{_per_tweet(server_cpu, args.tweets)}; raw COPY client {_per_tweet(copy_client, args.tweets)}, "
                  f"server {_per_tweet(copy_server, args.tweets)}")
            ratio = e2e / copy_tweets
            print(f"ratio: {ratio:.2f} (goal ≥ {GOALS['ratio']})  {'OK' if ratio >= GOALS['ratio'] else 'BELOW GOAL'}")
            print(f"worker RSS after {args.tweets:,}: main {rss_after[0]:.0f} MB, largest pool process {rss_after[1]:.0f} MB")

            print()
            print(f"chat peak: {args.rate:g} tweets/s for {args.seconds:g} s, one XADD each …")
            delays = latency(buffer, chatter, args.rate, args.seconds)
            sent = int(args.rate * args.seconds)
            p50, p99 = percentile(delays, 0.5), percentile(delays, 0.99)
            print(f"arrival → committed over {len(delays):,}/{sent:,} tweets: p50 {p50:.2f} s, p99 {p99:.2f} s, "
                  f"max {delays[-1]:.2f} s  (goal p99 ≤ {GOALS['p99']} s)  {'OK' if p99 <= GOALS['p99'] else 'ABOVE GOAL'}")

            if args.long:
                print()
                print(f"long run: {args.long:,} more tweets, at most {args.backlog:,} in Redis …")
                long_elapsed = long_run(buffer, chatter, args.long, args.backlog, memory)
                print(f"  {args.long / long_elapsed:,.0f} tweets/s over {long_elapsed:.0f} s")
            memory.stop()
            pools = [s[2] for s in memory.samples]
            if pools:
                tenth = max(1, len(pools) // 10)
                print(f"pool process RSS: first tenth of the run max {max(pools[:tenth]):.0f} MB, "
                      f"last tenth max {max(pools[-tenth:]):.0f} MB, overall max {max(pools):.0f} MB "
                      f"({len(pools)} samples, 1 s apart)")
            print(f"archive: {Tweet.objects.count():,} tweets, {DeadLetter.objects.count()} dead letters")
    finally:
        if celery is not None:
            celery.stop()
        for pattern in (f"{run}:*", f"_kombu.binding.{run}:*"):
            for key in buffer.client.scan_iter(pattern):
                buffer.client.delete(key)
        connections.close_all()
        _drop_database(url, bench_db)


def _create_database(url: str, name: str) -> tuple[str, str]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}")), name


def _drop_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":
    main()
