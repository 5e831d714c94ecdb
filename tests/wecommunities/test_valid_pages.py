"""Every kind of page of a small demo world is valid HTML (the Nu HTML Checker, vnu.jar, 0
errors) and has no serious or critical accessibility problem (axe-core in Chromium) on a phone
(390 px) and a desktop (1280 px), with its layout checked on the way: space around the content,
no page wider than the screen.

Set PAGES_SCREENSHOTS=/some/dir to keep a screenshot of every page at both widths.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from tests.browser import DESKTOP, PHONE, chromium, serious_violations

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

HERE = Path(__file__).resolve().parent
VNU = HERE / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SHOTS = os.environ.get("PAGES_SCREENSHOTS", "")
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}


def _needed(what: str, found: bool) -> None:
    if found:
        return
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"CI needs {what}")
    pytest.skip(f"needs {what}")


@pytest.fixture
def demo_pages(settings) -> dict[str, str]:
    """A small demo world, and the address of one page of every kind in it."""
    from badges.definitions import BADGES
    from blog.models import Post
    from chats.models import Tweetchat
    from demo.build import build
    from demo.world import SIZES, DemoWorld
    from members.demo_login import DEMO_MODERATOR
    from tweets.models import Account

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = DemoWorld(size=SIZES["small"], rng=random.Random(2016), stdout=StringIO())
    build(world)
    member = world.made["sharing_member_ids"][0]
    handle = Account.objects.get(member_id=member).handle
    busiest = Tweetchat.objects.annotate(n=Count("chattweet")).order_by("-n").first()
    upcoming = Tweetchat.objects.upcoming(timezone.now()).exclude(questions=[]).order_by("start").first()
    post = Post.objects.published().order_by("-published_at").first()
    pages = {
        "home": "/",
        "calendar": "/chats/",
        "host-form": "/chats/host/",
        "transcript": busiest.get_absolute_url(),
        "upcoming-chat": upcoming.get_absolute_url(),
        "archive": "/chats/archive/",
        "badges": "/badges/",
        "badge": f"/badges/{BADGES[0].slug}/",
        "mywe": "/mywe/",
        **{f"dashboard-{b.slug}": f"/mywe/{b.slug}/" for b in BADGES},
        "sharing": "/mywe/sharing/",
        "public": f"/u/{handle}/",
        "public-dashboard": f"/u/{handle}/chats/",
        "blog": "/blog/",
        "post": post.get_absolute_url(),
        "new-post": "/blog/new/",
        "privacy": "/accounts/privacy/",
        "not-found": "/no/such/page/",
    }
    client = Client()
    client.force_login(get_user(member))
    moderator = Client()
    moderator.force_login(get_user_model().objects.get(username=DEMO_MODERATOR))
    chat = Tweetchat.objects.order_by("pk").first()
    admin_pages = {"admin": "/admin/", "admin-chats": "/admin/chats/tweetchat/?status=all",
                   "admin-chat": f"/admin/chats/tweetchat/{chat.pk}/change/"}  # fmt: skip
    return {
        "pages": pages,
        "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "client": client,
        "admin_pages": admin_pages,
        "moderator_session": moderator.cookies[settings.SESSION_COOKIE_NAME].value,
    }


def get_user(pk: int):
    return get_user_model().objects.get(pk=pk)


@pytest.mark.browser
def test_every_page_kind_is_valid_html(demo_pages, tmp_path):
    java = shutil.which("java")
    _needed("Java (apt-get install default-jre-headless)", bool(java))
    _needed(f"vnu.jar (cd {VNU.parents[3]} && npm ci)", VNU.exists())
    client, files = demo_pages["client"], []
    for name, path in demo_pages["pages"].items():
        response = client.get(path)
        assert response.status_code == (404 if name == "not-found" else 200), (name, path, response.status_code)
        file = tmp_path / f"{name}.html"
        file.write_bytes(response.content)
        files.append(str(file))
    done = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *files],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    messages = json.loads(done.stderr or done.stdout)["messages"]
    errors = [f"{Path(m['url']).stem}:{m.get('lastLine')}: {m['message']} — {m.get('extract', '')!r}"
              for m in messages if m["type"] == "error"]  # fmt: skip
    assert errors == [], f"{len(errors)} HTML errors:\n" + "\n".join(errors[:40])


def sweep(live_server, session: str, pages: dict[str, str], check_layout: bool = True) -> list[str]:
    """axe-core's serious findings (and, with `check_layout`, layout problems) on each page at
    both widths, logged in with `session`; screenshots into PAGES_SCREENSHOTS when it is set."""
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
    problems: list[str] = []
    with chromium() as browser:
        for width, options in WIDTHS.items():
            context = browser.new_context(**options)
            context.add_cookies([cookie])
            page = context.new_page()
            for name, path in pages.items():
                page.goto(live_server.url + path)
                problems += [f"{name} @ {width}: {v}" for v in serious_violations(page)]
                if check_layout:
                    problems += [f"{name} @ {width}: {p}" for p in layout_problems(page)]
                if SHOTS:
                    Path(SHOTS).mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)
            context.close()
    return problems


@pytest.mark.browser
def test_every_page_kind_is_accessible_and_fits_both_widths(demo_pages, live_server):
    problems = sweep(live_server, demo_pages["session"], demo_pages["pages"])
    assert problems == [], "\n".join(problems)


# Not marked `browser`: on Django's admin pages axe-core itself adds a <style> while it checks,
# which the CSP watcher of browser tests (tests/conftest.py) would count against the page.
def test_the_moderators_admin_is_accessible_at_both_widths(demo_pages, live_server):
    problems = sweep(live_server, demo_pages["moderator_session"], demo_pages["admin_pages"], check_layout=False)
    assert problems == [], "\n".join(problems)


def layout_problems(page) -> list[str]:
    found = page.evaluate(
        """() => {
          const main = getComputedStyle(document.querySelector("main"));
          const out = [];
          if (parseFloat(main.paddingTop) < 8 || parseFloat(main.paddingBottom) < 8)
            out.push(`main has ${main.paddingTop} / ${main.paddingBottom} padding: content touches the header or footer`);
          if (document.documentElement.scrollWidth > window.innerWidth + 1)
            out.push(`the page is ${document.documentElement.scrollWidth} px wide on a ${window.innerWidth} px screen`);
          for (const list of document.querySelectorAll("main ol, main ul")) {
            if (getComputedStyle(list).textAlign === "center" && getComputedStyle(list).listStyleType !== "none")
              out.push(`a numbered or bulleted list is centred: ${list.className || list.parentElement.className}`);
          }
          for (const text of document.querySelectorAll("svg.chart text")) {
            const px = text.getBoundingClientRect().height;
            if (px > 0 && px < 9) { out.push(`chart text is ${px.toFixed(1)} px high`); break; }
          }
          for (const chart of document.querySelectorAll("svg.chart")) {
            const boxes = [...chart.querySelectorAll("text.chart-x")].map(t => t.getBoundingClientRect()).filter(b => b.width > 0);
            for (let i = 1; i < boxes.length; i++)
              if (boxes[i].left < boxes[i - 1].right) { out.push("chart axis labels run together"); break; }
          }
          return out;
        }"""
    )
    return list(found)
