"""The archive opt-out: after a person opts out, their name and handle appear on no page, feed,
export or preview image we make, walked over a whole demo world."""

from __future__ import annotations

import random
import re
from collections import deque
from io import StringIO
from urllib.parse import urldefrag, urlsplit

import pytest
from django.db.models import Count

from chats import transcript
from chats.models import ChatTweet, Tweetchat
from dashboards.models import Share
from demo.build import BUILDERS
from demo.world import SIZES, DemoWorld
from tests.dashboards.conftest import fresh_cache  # noqa: F401  (fixture)
from tweets import consent
from tweets.models import Account, ArchiveDecision, Tweet

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache", "eager_celery")]

HREF = re.compile(r'href="(/[^"]*)"')
# Places a visitor cannot reach or that are not ours to walk (the demo login lists everyone
# so that a demo visitor can be anyone; it does not exist outside the demo).
SKIP = ("/admin/", "/accounts/", "/static/", "/media/", "/mywe/")
MAX_PAGES = 900


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    world = DemoWorld(size=SIZES["small"], rng=random.Random(11), stdout=StringIO())
    for builder in BUILDERS:
        with django_capture_on_commit_callbacks(execute=True):
            builder(world)
    return world


def walk(client) -> dict[str, bytes]:
    """Every page reachable from the home page and the other public roots, by their links."""
    roots = ["/", "/chats/", "/chats/archive/", "/chats/feed.ics", "/blog/", "/badges/", "/about/archive/"]
    roots += ["/blog/feed/"]
    seen: dict[str, bytes] = {}
    queue = deque(roots)
    while queue and len(seen) < MAX_PAGES:
        url = urldefrag(queue.popleft())[0]
        # A transcript filtered to one person (?by=) shows a part of a page already walked.
        if url in seen or url.startswith(SKIP) or "?by=" in url:
            continue
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seen[url] = body if response.status_code == 200 else b""
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            for link in HREF.findall(body.decode()):
                link = link.replace("&amp;", "&")
                if urlsplit(link).path.startswith("/") and link not in seen:
                    queue.append(link)
    return seen


def people_to_opt_out() -> tuple[Account, Account]:
    """A host of an archived chat who shares dashboards and is mentioned by others, and another
    member who took part in chats."""
    sharing = set(Share.objects.values_list("member_id", flat=True))
    hosts = (
        Account.objects.filter(hosted_chats__status=Tweetchat.Status.ARCHIVED, member_id__in=sharing)
        .annotate(n=Count("hosted_chats"))
        .order_by("-n", "id")
    )
    host = hosts.first() or Account.objects.filter(member_id__in=sharing).order_by("id").first()
    other = (
        Account.objects.filter(member__isnull=False)
        .exclude(pk=host.pk)
        .annotate(n=Count("tweets"))
        .order_by("-n", "id")
        .first()
    )
    return host, other


def shows(body: bytes, account: Account) -> bool:
    text = body.decode("utf-8", "replace").lower()
    handle = re.escape(account.handle.lower())
    return bool(re.search(rf"(?<![\w]){handle}(?![\w])", text)) or (
        len(account.name) > 6 and account.name.lower() in text
    )


def figures(chat: Tweetchat) -> tuple[int, int]:
    built = transcript.build(chat)
    return built.tweets, built.participants


def without(before: tuple[int, int], chat: Tweetchat, account: Account) -> tuple[int, int]:
    """The figures `before`, less what this account tweeted in the chat."""
    theirs = ChatTweet.objects.filter(chat=chat, author_id=account.id, tweet__deleted_at__isnull=True)
    own = theirs.exclude(tweet__kind=Tweet.Kind.RETWEET).count()
    return before[0] - own, before[1] - (1 if theirs.exists() else 0)


def test_it_names_nobody_who_opted_out_on_any_page_feed_or_export(client, demo, django_capture_on_commit_callbacks):
    anonymised, removed = people_to_opt_out()
    their_chat = Tweetchat.objects.filter(hosts=anonymised, status=Tweetchat.Status.ARCHIVED).first()
    removed_chat = (
        Tweetchat.objects.filter(chattweet__author_id=removed.id, status=Tweetchat.Status.ARCHIVED)
        .exclude(hosts=removed)
        .first()
    )
    before_anon, before_removed = figures(their_chat), figures(removed_chat)
    pages = walk(client)
    assert any(shows(body, anonymised) for body in pages.values()), "the walk reaches pages that named them"
    assert any(shows(body, removed) for body in pages.values())

    with django_capture_on_commit_callbacks(execute=True):
        consent.decide(anonymised, Account.ArchiveChoice.ANONYMISE)
        consent.decide(removed, Account.ArchiveChoice.REMOVE)

    pages = walk(client)
    assert len(pages) > 50
    assert any(url.endswith("transcript.csv") for url in pages)
    assert any(url.startswith("/c/") for url in pages)
    assert sum('<svg class="network"' in body.decode("utf-8", "replace") for body in pages.values()) > 3
    for url, body in pages.items():
        assert not shows(body, anonymised), f"{url} names @{anonymised.handle}"
        assert not shows(body, removed), f"{url} names @{removed.handle}"
    # Their own public pages (and the preview images) are gone.
    assert client.get(f"/u/{anonymised.handle}/").status_code == 404
    assert client.get(f"/u/{anonymised.handle}/preview.png").status_code == 404

    # Anonymised tweets still count in the chats' figures; removed ones do not.
    assert figures(their_chat) == without(before_anon, their_chat, removed)
    assert figures(removed_chat) == without(before_removed, removed_chat, removed)
    assert without(before_removed, removed_chat, removed) != before_removed
    assert list(ArchiveDecision.objects.filter(account=anonymised).values_list("choice", flat=True)) == ["anonymise"]


def test_it_lets_only_the_account_owner_choose(client, django_user_model):
    alice = django_user_model.objects.create_user("alice", password="alice-password-1")
    account = Account.objects.create(id=77, handle="alice_rn", name="Alice", member=alice)
    assert client.get("/about/archive/choice/").status_code == 302  # log in first
    client.force_login(alice)
    assert client.get("/about/archive/choice/").status_code == 200
    response = client.post("/about/archive/choice/", {"choice": "anonymise"})
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.archive_choice == "anonymise" and account.archive_choice_at is not None
    client.post("/about/archive/choice/", {"choice": ""})
    account.refresh_from_db()
    assert account.archive_choice == ""
    assert ArchiveDecision.objects.filter(account=account).count() == 2


def test_it_masks_mentions_of_people_who_opted_out():
    redact = consent.redactor({"Alice_RN"})
    assert redact("Thanks @alice_rn and @alice_rn_2!") == "Thanks @[someone] and @alice_rn_2!"
    assert redact("mail alice_rn@example.org") == "mail alice_rn@example.org"
