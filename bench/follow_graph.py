"""Benchmark: reading one member's follow graph, end to end and the final swap, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mywe .venv/bin/python bench/follow_graph.py
    .venv/bin/python bench/follow_graph.py --followers 20000 --following 5000     # SQLite

1. The whole read as a task runs it: tweepy against the fake X on 127.0.0.1 (tests/fakex), pages
   of 1,000, each page's profiles upserted through the archive and its ids staged, then the
   member's edges replaced in one transaction. Reported as accounts per second.
2. The swap alone (delete the member's edges, insert the new ones from the staged rows), ours
   (one INSERT … SELECT per direction) against the obvious ORM baseline (ids read into Python,
   `FollowEdge.objects.bulk_create`), back to back, median of 3, as a ratio.

It makes a throw-away database beside DATABASE_URL's (Django's test database) and drops it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wecommunities.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
os.environ.setdefault("EMAIL_URL", "console://")
os.environ.setdefault("DEFAULT_FROM_EMAIL", "bench@localhost")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, default=20_000)
    parser.add_argument("--following", type=int, default=5_000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        run(args.followers, args.following, connection.vendor)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(followers: int, following: int, vendor: str) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.db.models import Q

    from members import follow_graph, tokens
    from members.models import FollowGraphRead, StagedFollow
    from members.signals import follow_graph_changed
    from tests.fakex import oauth_api
    from tests.fakex.server import FakeX
    from tweets.models import Account, FollowEdge

    fake = FakeX().start()
    x = oauth_api.install(fake)
    member_id = "1000000001"
    x.add_user({"id": member_id, "username": "bench_member", "name": "Bench"})
    real = oauth_api.real_users()
    for n in range(followers + following):
        model = real[n % len(real)]
        user = x.add_user(dict(model, id=str(3_000_000_000 + n), username=f"{model['username'][:9]}_{n}"))
        if n < followers:
            x.follow(user["id"], member_id)
        else:
            x.follow(member_id, user["id"])
    settings.X_OAUTH_TOKEN_URL = f"{fake.url}/2/oauth2/token"
    settings.X_API_BASE_URL = fake.url
    settings.SOCIALACCOUNT_PROVIDERS = {
        "twitter_oauth2": {
            **settings.SOCIALACCOUNT_PROVIDERS["twitter_oauth2"],
            "APP": {"client_id": x.client_id, "secret": x.client_secret, "key": ""},
        }
    }
    user = get_user_model().objects.create_user("bench_member")
    Account.objects.create(id=int(member_id), handle="bench_member", member=user)
    grant = x._issue(member_id, "users.read tweet.read follows.read offline.access")
    tokens.keep(user, int(member_id), grant["access_token"], grant["refresh_token"], None)
    me = int(member_id)
    # What badges do on `follow_graph_changed` is theirs to measure (bench/badges.py): not here.
    follow_graph_changed.receivers = []
    total = followers + following
    print(f"{vendor}: a member with {followers:,} followers and {following:,} followed ({total:,} accounts)")

    began = time.perf_counter()
    outcome = follow_graph.read(user.pk)
    whole = time.perf_counter() - began
    assert outcome.status == "complete", outcome
    assert (outcome.followers, outcome.following) == (followers, following)
    pages = sum(1 for _, p in fake.requests if "/followers?" in p or "/following?" in p)
    print(f"  whole read    {whole:6.2f} s  {total / whole:8,.0f} accounts/s  ({pages} pages)")

    def stage() -> None:
        FollowGraphRead.objects.filter(user=user).update(phase="following")
        rows = [
            StagedFollow(read_id=user.pk, direction="followers", account_id=3_000_000_000 + n) for n in range(followers)
        ]
        rows += [
            StagedFollow(read_id=user.pk, direction="following", account_id=3_000_000_000 + n)
            for n in range(followers, total)
        ]
        StagedFollow.objects.bulk_create(rows, batch_size=5000)

    def ours() -> float:
        stage()
        began = time.perf_counter()
        follow_graph._complete(user.pk, me)
        return time.perf_counter() - began

    def baseline() -> float:
        stage()
        began = time.perf_counter()
        with transaction.atomic():
            staged = StagedFollow.objects.filter(read_id=user.pk)
            ins = list(staged.filter(direction="followers").values_list("account_id", flat=True))
            outs = list(staged.filter(direction="following").values_list("account_id", flat=True))
            FollowEdge.objects.filter(Q(follower_id=me) | Q(followee_id=me)).delete()
            edges = [FollowEdge(follower_id=f, followee_id=me) for f in ins]
            edges += [FollowEdge(follower_id=me, followee_id=f) for f in outs]
            FollowEdge.objects.bulk_create(edges, batch_size=2000, ignore_conflicts=True)
            staged.delete()
        return time.perf_counter() - began

    ours_s, base_s = [], []
    for _ in range(3):
        ours_s.append(ours())
        base_s.append(baseline())
    o, b = statistics.median(ours_s), statistics.median(base_s)
    assert FollowEdge.objects.filter(Q(follower_id=me) | Q(followee_id=me)).count() == total
    print(f"  swap, ours    {o:6.3f} s  {total / o:8,.0f} edges/s  (INSERT … SELECT from the staged rows)")
    print(f"  swap, ORM     {b:6.3f} s  {total / b:8,.0f} edges/s  (ids through Python, bulk_create)")
    print(f"  ratio         {b / o:6.1f}× faster")
    fake.stop()


if __name__ == "__main__":
    main()
