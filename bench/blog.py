"""Benchmark: WeBlog pages in-process, against rendering Markdown on every request, in one run.

    .venv/bin/python bench/blog.py                          # a temporary SQLite database
    .venv/bin/python bench/blog.py --database-url postgres://postgres@127.0.0.1:5432/mywe_bench_blog

Builds 1,000 published posts (~1,200 words of Markdown each, two communities, 30 comments on the
measured post) and then, alternating in rounds so the machine's drift hits all alike:

- the post page as served (HTML rendered and sanitised once, on save),
- the baseline: the same page plus rendering and sanitising the body and every comment, as a
  page that rendered per request would,
- the index (`/blog/`, 10 posts a page) and a community-filtered index.

Prints the median time of each, with the site's bare base template as the floor of any page,
the queries per page and the ratio of the baseline to the served page. Goals: the queries per
page stay at 3 (post), 4 (index) and 5 (filtered index) whatever the number of posts and comments,
and rendering per request would be ≥ 1.5× slower than serving the stored HTML. (Absolute times
swing with the machine's load; the ratios are what to compare between runs.)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOALS = {"queries": {"post page": 3, "index": 4, "filtered index": 5}, "ratio": 1.5}
PARAGRAPH = (
    "Medicines reconciliation is the process of making sure that the list of medicines a patient "
    "is on is **right** at each transfer of care, with [the guidance](https://example.org/guide) to hand. "
)


def body(n: int) -> str:
    sections = [f"## Part {i}\n\n" + PARAGRAPH * 6 + "\n\n- one point\n- another point\n\n> a quote" for i in range(8)]
    return f"Post {n}.\n\n" + "\n\n".join(sections)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--requests", type=int, default=20, help="requests of each page per round")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="bench-blog-")
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp}/blog.sqlite3"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
    os.environ.setdefault("EMAIL_URL", "console://")
    os.environ.setdefault("DEFAULT_FROM_EMAIL", "bench@localhost")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
    os.environ["DJANGO_SETTINGS_MODULE"] = "wecommunities.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from blog.comments import render_comment
    from blog.models import Comment, Post
    from blog.rendering import render_markdown, summarise
    from tweets.models import Account, Community

    call_command("migrate", verbosity=0)
    Post.objects.all().delete()
    started = time.perf_counter()
    users = []
    for n in range(20):
        user, _ = User.objects.get_or_create(username=f"bench{n}")
        Account.objects.update_or_create(id=10_000 + n, defaults={"handle": f"Bench{n}", "member": user})
        users.append(user)
    nurses, _ = Community.objects.get_or_create(hashtag="wenurses", defaults={"name": "WeNurses", "slug": "wenurses"})
    midwives, _ = Community.objects.get_or_create(
        hashtag="wemidwives", defaults={"name": "WeMidwives", "slug": "wemidwives"}
    )
    html = render_markdown(body(0))
    posts = Post.objects.bulk_create(
        Post(title=f"Post {n}", slug=f"post-{n}", body=body(n), body_html=html, summary=summarise(html),
             author=users[n % 20], status="published", published_at=django.utils.timezone.now())
        for n in range(args.posts)
    )  # fmt: skip
    Post.communities.through.objects.bulk_create(
        [Post.communities.through(post=p, community=c) for p in posts for c in (nurses, midwives)]
    )
    post = posts[-1]
    texts = [f"Thank you {n}!\nMore at https://example.org/{n}" for n in range(30)]
    Comment.objects.bulk_create(
        Comment(post=post, author=users[n % 20], body=t, body_html=render_comment(t)) for n, t in enumerate(texts)
    )
    print(f"built {args.posts:,} posts in {time.perf_counter() - started:.1f} s on {connection.vendor}")

    client = Client()
    url = post.get_absolute_url()

    def served() -> None:
        assert client.get(url).status_code == 200

    def per_request() -> None:
        served()
        render_markdown.__wrapped__(post.body)  # past its memo of recent bodies: a real rendering
        for t in texts:
            render_comment(t)

    from django.contrib.auth.models import AnonymousUser
    from django.shortcuts import render
    from django.test import RequestFactory

    def bare() -> None:
        # The site's base template through the same template engine: the floor of any page.
        request = RequestFactory().get("/")
        request.user = AnonymousUser()
        request._messages = []
        render(request, "base.html")

    pages = {
        "bare base template (floor)": bare,
        "post page (stored HTML)": served,
        "post page rendering per request (baseline)": per_request,
        "index": lambda: client.get("/blog/"),
        "index ?community=wemidwives&page=50": lambda: client.get("/blog/?community=wemidwives&page=50"),
    }
    for fn in pages.values():
        fn()  # warm up
    queries = {}
    for name, path in [("post page", url), ("index", "/blog/"), ("filtered index", "/blog/?community=wemidwives")]:
        with CaptureQueriesContext(connection) as context:
            client.get(path)
        queries[name] = len(context)

    times: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(args.rounds):
        for name, fn in pages.items():
            t0 = time.perf_counter()
            for _ in range(args.requests):
                fn()
            times[name].append((time.perf_counter() - t0) / args.requests * 1000)
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, ms in medians.items():
        print(f"{name:<45} {ms:7.2f} ms")
    print("queries per page: " + ", ".join(f"{k} {v}" for k, v in queries.items()))
    ratio = medians["post page rendering per request (baseline)"] / medians["post page (stored HTML)"]
    print(f"baseline / served post page: {ratio:.1f}×")
    floor = medians["bare base template (floor)"]
    print(
        f"post page / floor: {medians['post page (stored HTML)'] / floor:.1f}×, index / floor: {medians['index'] / floor:.1f}×"
    )

    ok = queries == GOALS["queries"] and ratio >= GOALS["ratio"]
    print("goals met" if ok else f"goals NOT met: {GOALS}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
