"""A small world for the credentials: alice (@alice_rn) joined two chats and published a WeBlog
post, so she holds Chats level 1 and WeBlog level 1, awarded by the real badges code. bob
(@bob_mw) holds Chats level 1 and shares nothing. Tweets go through the real archive writer.

`verifier` runs the Digital Credentials Consortium's verifier (tests/credentials/verifier,
node): an implementation of Open Badges 3.0 verification that is not ours.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from chats.models import Tweetchat
from tweets import archive
from tweets.models import Account, Community
from tweets.payloads import DeletionRecord, Parsed, TweetRecord

JAN = datetime(2024, 1, 11, 20, 0, tzinfo=UTC)
FEB = datetime(2024, 2, 8, 20, 0, tzinfo=UTC)
VERIFIER = Path(__file__).resolve().parent / "verifier"
_ids = count(7_000_000)


def _ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def need_verifier() -> str:
    """The node binary, once the verifier's packages are installed (`npm ci` in
    tests/credentials/verifier); skip without them, except in CI where it is a failure."""
    node = shutil.which("node")
    missing = (
        "node is not installed" if node is None
        else None if (VERIFIER / "node_modules" / "@digitalcredentials" / "vc").is_dir()
        else "the verifier's npm packages are missing: run `npm ci` in tests/credentials/verifier"
    )
    if missing:
        if _ci():
            pytest.fail(f"CI must run the Open Badges 3.0 verifier: {missing}")
        pytest.skip(missing)
    return node


@pytest.fixture
def verifier(client):
    """verify(credential) → the DCC verifier's answer, with our DID document and status lists
    as the site serves them now."""
    node = need_verifier()

    def verify(credential: dict) -> dict:
        did_document = client.get("/.well-known/did.json").json()
        documents = {}
        status = credential.get("credentialStatus")
        if status:
            url = status["statusListCredential"]
            documents[url] = client.get(url.removeprefix(_site())).json()
        payload = json.dumps({"credential": credential, "didDocument": did_document, "documents": documents})
        done = subprocess.run(
            [node, "verify.mjs"], input=payload, capture_output=True, text=True, cwd=VERIFIER, timeout=60, check=False
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return verify


def _site() -> str:
    from django.conf import settings

    return settings.SITE_URL


@pytest.fixture(autouse=True)
def quick_and_in_process(quick_passwords, eager_celery):
    """Every test here: quick password hashing, Celery tasks in-process (tests/conftest.py)."""


@pytest.fixture(autouse=True)
def own_cache(settings):
    """Status lists are cached: each test gets a key prefix of its own (never a FLUSHDB on a
    shared Redis), removed afterwards."""
    if not settings.REDIS_URL:
        cache.clear()
        yield
        return
    prefix = f"test-creds-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": prefix}}
    yield
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


def tweet(author: Account, at: datetime, tags=("wenurses",)) -> TweetRecord:
    record = TweetRecord(
        id=next(_ids), author_id=author.id, created_at=at, text=" ".join(f"#{t}" for t in tags), kind="original",
        replied_to_id=None, replied_to_author_id=None, quoted_id=None, quoted_author_id=None,
        retweeted_id=None, retweeted_author_id=None, hashtags=tuple(tags), mentions=(),
    )
    archive.write(Parsed(tweets=[record], accounts=[]), source="test")
    return record


def delete(*records: TweetRecord) -> None:
    archive.write(Parsed(deletions=[DeletionRecord(tweet_id=r.id) for r in records]), source="test")


@pytest.fixture
def people(db, alice, bob):
    from badges import awarding
    from blog.models import Post
    from chats import attribution

    wenurses = Community.objects.create(
        name="WeNurses", slug="wenurses", hashtag="wenurses", display_hashtag="#WeNurses", colour="#005eb8"
    )
    p = SimpleNamespace(alice_user=alice, bob_user=bob)
    p.alice = Account.objects.create(id=next(_ids), handle="alice_rn", name="Alice Nurse", member=alice)
    p.bob = Account.objects.create(id=next(_ids), handle="bob_mw", name="Bob Midwife", member=bob)
    p.jan_tweet = tweet(p.alice, JAN + timedelta(minutes=10))
    p.feb_tweet = tweet(p.alice, FEB + timedelta(minutes=10))
    tweet(p.bob, JAN + timedelta(minutes=12))
    for start, topic in [(JAN, "Safe staffing"), (FEB, "Continuity of carer")]:
        Tweetchat.objects.create(
            community=wenurses, start=start, end=start + timedelta(hours=1), topic=topic,
            slug=topic.lower().replace(" ", "-"), status="archived",
        )
    attribution.attribute_all()
    Post.objects.create(
        title="Why I host tweetchats", body="Because we learn together.", author=alice,
        status=Post.Status.PUBLISHED, published_at=FEB,
    )
    awarding.refresh()
    return p


def share(member, slug: str):
    from dashboards.models import Share

    return Share.objects.create(member=member, dashboard=slug)


@pytest.fixture
def alice_shares(people):
    """alice shares her Chats and WeBlog dashboards."""
    share(people.alice_user, "chats")
    share(people.alice_user, "weblog")
    return people


def issue(client, handle: str, slug: str):
    """Open the portfolio page (which issues the credentials) and return them."""
    from credentials.models import Credential

    response = client.get(f"/credentials/u/{handle}/{slug}/")
    assert response.status_code == 200, response.status_code
    return list(Credential.objects.current().filter(member__x_account__handle=handle, badge=slug).order_by("level"))
