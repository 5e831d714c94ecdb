"""A chat's conversation network: nodes, weighted edges by kind, named bridges, drawn on the
transcript page with a table alternative, and a ?by= filter of the transcript."""

from __future__ import annotations

from dataclasses import replace

import pytest

from chats import network
from chats.attribution import attribute
from chats.models import ChatNetwork, Tweetchat
from tests.chats import chat_world as w
from tweets import archive
from tweets.models import Account, Community
from tweets.payloads import AccountRecord, Parsed

pytestmark = pytest.mark.django_db

URL = "/chats/wenurses/2024-03-07/two-groups/"
A1, A2, A3, B1, B2, B3, X = 11, 12, 13, 21, 22, 23, 30
HANDLES = {A1: "ann", A2: "amy", A3: "ada", B1: "ben", B2: "bea", B3: "bob", X: "xena"}


def reply(tid: int, author: int, to: tuple[int, int], minute: int):
    return replace(
        w.tweet(tid, author, w.minutes(minute), f"reply {tid} #WeNurses", kind="reply", reply_to=to[0]),
        replied_to_author_id=to[1],
    )


@pytest.fixture
def two_groups() -> Tweetchat:
    """Two trios who talk among themselves (three replies per pair), and xena, who replies once
    to ann and once to ben. amy also retweets ann; bea mentions bob."""
    community = Community.objects.create(name="WeNurses", slug="wenurses", hashtag="wenurses")
    people = [AccountRecord(id=i, handle=h, name=h.title(), profile_at=w.START) for i, h in HANDLES.items()]
    opening = {a: w.tweet(1000 + a, a, w.minutes(1), f"hello from {HANDLES[a]} #WeNurses") for a in HANDLES}
    records = list(opening.values())
    tid = 2000
    for trio in ((A1, A2, A3), (B1, B2, B3)):
        for i, a in enumerate(trio):
            for b in trio[i + 1 :]:
                for n in range(3):  # a→b, b→a, a→b
                    source, target = (a, b) if n % 2 == 0 else (b, a)
                    tid += 1
                    records.append(reply(tid, source, (opening[target].id, target), 5 + n))
    records += [reply(3001, X, (opening[A1].id, A1), 30), reply(3002, X, (opening[B1].id, B1), 31)]
    records.append(
        replace(
            w.tweet(3003, A2, w.minutes(32), "RT @ann hello #WeNurses", kind="retweet", retweet_of=opening[A1].id),
            retweeted_author_id=A1,
            mentions=((A1, "ann"),),
        )
    )
    records.append(replace(w.tweet(3004, B2, w.minutes(33), "@bob have you seen? #WeNurses"), mentions=((B3, "bob"),)))
    archive.write(Parsed(tweets=records, accounts=people))
    chat = Tweetchat.objects.create(
        community=community,
        start=w.START,
        end=w.END,
        topic="Two groups",
        slug="two-groups",
        status=Tweetchat.Status.ARCHIVED,
    )
    attribute([chat])
    return chat


def test_it_gives_nodes_edge_weights_and_bridges(two_groups):
    data = network.compute(two_groups)
    tweets = {n["id"]: n["tweets"] for n in data["nodes"]}
    assert tweets == {A1: 5, A2: 4, A3: 3, B1: 5, B2: 5, B3: 3, X: 3}  # openings, replies, a mention; no retweet
    edges = {(e["a"], e["b"]): e for e in data["edges"]}
    assert edges[(A1, A2)]["weight"] == 4 and edges[(A1, A2)]["retweets"] == 1 and edges[(A1, A2)]["replies"] == 3
    assert edges[(B2, B3)]["weight"] == 4 and edges[(B2, B3)]["mentions"] == 1
    assert edges[(A1, X)]["weight"] == 1 and edges[(B1, X)]["weight"] == 1
    assert (A1, B1) not in edges
    assert len(edges) == 8
    assert data["groups"] == 2
    groups = {n["id"]: n["group"] for n in data["nodes"]}
    assert groups[A1] == groups[A2] == groups[A3] != groups[B1] == groups[B2] == groups[B3]
    assert data["bridges"][0]["id"] == X
    assert len(data["bridges"][0]["links"]) == 2


def test_the_transcript_draws_it_and_names_the_bridge(client, two_groups, django_assert_num_queries):
    network.store([two_groups.pk])
    # the chat with its community and network, hosts, tweets, returning people, masked handles
    with django_assert_num_queries(5):
        page = client.get(URL).content.decode()
    assert '<svg class="network"' in page
    assert "@xena links 2 groups of the conversation" in page
    assert 'href="?by=xena#transcript-heading"' in page
    assert "<td>@ann</td><td>@amy</td><td>3</td><td>0</td><td>1</td><td>0</td><td>4</td>" in page


def test_by_filters_the_transcript_to_one_person(client, two_groups):
    page = client.get(URL + "?by=xena").content.decode()
    assert page.count('<li class="tweet ') == 3  # her hello and two replies
    assert "tweets by @xena" in page
    assert client.get(URL + "?by=nobody").content.decode().count('<li class="tweet ') == 28


def test_it_is_laid_out_when_the_chat_is_archived(django_capture_on_commit_callbacks, two_groups, eager_celery):
    ChatNetwork.objects.all().delete()
    two_groups.status = Tweetchat.Status.SCHEDULED
    two_groups.save()
    with django_capture_on_commit_callbacks(execute=True):
        two_groups.status = Tweetchat.Status.ARCHIVED
        two_groups.save()
    assert ChatNetwork.objects.filter(chat=two_groups).exists()


def test_it_draws_no_one_who_asked_to_be_removed_and_names_no_one_anonymised(client, two_groups):
    network.store([two_groups.pk])
    Account.objects.filter(id=X).update(archive_choice="remove")
    Account.objects.filter(id=A1).update(archive_choice="anonymise")
    page = client.get(URL).content.decode()
    assert "xena" not in page.lower()
    assert "@ann" not in page
    assert "A participant" in page
