import csv
import io
import json

import pytest

from chats import transcript
from tests.chats import chat_world as w

pytestmark = pytest.mark.django_db

URL = "/chats/wenurses/2024-03-07/why-we-nurse/"


def test_it_counts_what_the_chat_holds():
    t = transcript.build(w.build())
    assert t.tweets == 10  # retweets aside, 111 deleted
    assert t.retweets == 1
    assert t.replies == 4
    assert t.participants == 6
    assert t.first_timers == 5  # alice tweeted in last week's chat


def test_it_threads_replies_under_what_they_answer():
    t = transcript.build(w.build())
    assert [(e.tweet.id, e.depth) for e in t.entries] == [
        (101, 0),
        (102, 0),
        (103, 1),
        (104, 2),
        (105, 0),
        (107, 0),
        (108, 1),
        (110, 0),
        (114, 0),
        (112, 0),
    ]
    orphan = next(e for e in t.entries if e.tweet.id == 114)
    assert orphan.orphan_reply


def test_it_marks_the_hosts_questions_and_counts_their_answers():
    t = transcript.build(w.build())
    assert [(q.number, q.text, q.answers) for q in t.questions] == [
        (1, "What got you into nursing?", 2),
        (2, "What keeps you going?", 2),
        (3, "What would you change?", 0),
    ]
    marked = {e.tweet.id: (e.question, e.answers) for e in t.entries}
    assert marked[102] == (1, None)
    assert marked[103] == (None, 1)  # says A1 and replies to Q1: counted once
    assert marked[108] == (None, 2)  # answers Q2 by replying to it
    assert marked[104] == (None, None)


def test_it_folds_retweets_into_the_tweet_they_share():
    t = transcript.build(w.build())
    assert 106 not in {e.tweet.id for e in t.entries}
    assert next(e for e in t.entries if e.tweet.id == 102).retweets == 1


def test_it_ranks_contributors_and_replied_tweets():
    t = transcript.build(w.build())
    assert [(c.account.handle, c.tweets) for c in t.top_contributors] == [
        ("carol_mw", 3),
        ("alice_rn", 2),
        ("bob_hca", 2),
        ("host_nurse", 2),
        ("erin_ahp", 1),
    ]
    assert [(e.tweet.id, e.replies) for e in t.most_replied] == [(102, 1), (103, 1), (107, 1)]


def test_it_counts_tweets_per_five_minutes_across_the_window():
    t = transcript.build(w.build())
    assert len(t.buckets) == 18  # 19:45 to 21:15
    counts = [n for _, n in t.buckets]
    assert sum(counts) == 10
    assert counts[0] == 1  # 101 at 19:45
    assert counts[3] == 4  # 102, 103, 104, 105 from 20:00 (retweet 106 aside)
    assert counts[-1] == 1  # 112 at 21:15 sits in the last bucket
    assert transcript.bucket_labels(t.buckets)[3] == "20:00"


def test_the_page_shows_the_chat_its_figures_and_its_transcript(client):
    w.build()
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Why we nurse" in page and "#WeNurses" in page
    for figure in (
        "10</strong> tweets",
        "6</strong> participants",
        "5</strong> first-time participants",
        "4</strong> replies",
        "1</strong> retweet<",
    ):
        assert figure in page
    assert "What got you into nursing?" in page and "What would you change?" in page
    assert 'id="t102"' in page and 'class="tweet depth-1' in page and "depth-2" in page
    assert "1 retweet</span>" in page
    assert "Tweets per five minutes" in page and "<svg" in page and "<desc" in page


def test_the_page_escapes_tweet_text(client):
    w.build()
    page = client.get(URL).content.decode()
    assert "&lt;b&gt;always&lt;/b&gt;" in page
    assert "<b>always</b>" not in page


def test_a_deleted_tweet_never_shows(client):
    w.build()
    page = client.get(URL).content.decode()
    assert "a tweet bob deletes" not in page
    assert 'id="t111"' not in page
    assert "a tweet bob deletes" not in client.get(URL + "transcript.csv").getvalue().decode()


def test_tweets_outside_the_window_or_hashtag_never_show(client):
    w.build()
    page = client.get(URL).content.decode()
    for text in ("early #WeNurses", "too late", "#OtherTag"):
        assert text not in page


def test_it_exports_csv_with_every_visible_tweet_in_time_order(client):
    w.build()
    response = client.get(URL + "transcript.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == ["101", "102", "103", "104", "105", "106", "107", "108", "110", "114", "112"]
    assert rows[1]["question"] == "1" and rows[2]["answers_question"] == "1"
    assert rows[2]["text"].startswith("'@host_nurse")  # a leading @ would run as a formula


def test_it_exports_jsonl(client):
    w.build()
    response = client.get(URL + "transcript.jsonl")
    lines = [json.loads(line) for line in response.getvalue().decode().splitlines()]
    assert len(lines) == 11
    assert lines[2] == {
        "id": "103",
        "created_at": "2024-03-07T20:02:00Z",
        "author_id": "2",
        "handle": "alice_rn",
        "name": "Alice",
        "kind": "reply",
        "replied_to_id": "102",
        "quoted_id": None,
        "retweeted_id": None,
        "question": None,
        "answers_question": 1,
        "is_host": False,
        "text": "@host_nurse A1 My mum was a nurse #WeNurses",
        "url": "https://x.com/alice_rn/status/103",
    }


def test_an_unknown_or_proposed_chat_is_not_found(client):
    chat = w.build()
    assert client.get("/chats/wenurses/2024-03-08/why-we-nurse/").status_code == 404
    assert client.get("/chats/wenurses/2024-02-30/why-we-nurse/").status_code == 404
    chat.status = chat.Status.PROPOSED
    chat.save()
    assert client.get(URL).status_code == 404


def test_every_time_in_the_transcript_is_a_valid_html_datetime(client):
    import re

    from tweets.models import Tweet

    w.build()
    Tweet.objects.filter(id=103).update(created_at=w.minutes(2.123456))  # X gives milliseconds; we store micro
    page = client.get(URL).content.decode()
    values = re.findall(r'datetime="([^"]*)"', page)
    assert values and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:?\d\d)", v) for v in values), values


def test_the_question_index_jumps_to_each_answer(client):
    w.build()
    page = client.get(URL).content.decode()
    index = page.split('id="questions-heading"')[1].split("</section>")[0]
    q1 = index.split("Jump to an answer to Q1")[1].split("</details>")[0]
    assert '<a href="#t103">@alice_rn</a>' in q1 and '<a href="#t105">@carol_mw</a>' in q1
    q2 = index.split("Jump to an answer to Q2")[1].split("</details>")[0]
    assert 'href="#t108"' in q2 and 'href="#t110"' in q2
    assert "Jump to an answer to Q3" not in index  # no answers, nothing to jump to


def test_a_busy_thread_shows_three_replies_and_folds_the_rest(client):
    from tweets import archive
    from tweets.payloads import Parsed

    extra = [
        w.tweet(200 + i, w.BOB if i % 2 else w.ERIN, w.minutes(6 + i), f"@host_nurse A1 reason {i} #WeNurses",
                kind="reply", reply_to=102)
        for i in range(5)
    ]  # fmt: skip
    archive.write(Parsed(tweets=extra))
    w.build()
    page = client.get(URL).content.decode()
    transcript = page.split('<ol class="transcript">', 1)[1]
    shown, folded = transcript.split('<li class="thread-more">', 1)
    # Q1's thread: 103, its reply 104 and 200 shown; 201 to 204 folded; 105's thread after.
    assert 'id="t103"' in shown and 'id="t104"' in shown and 'id="t200"' in shown and 'id="t201"' not in shown
    assert "<summary>4 more replies in this thread</summary>" in folded
    fold = folded.split("</details>")[0]
    assert all(f'id="t{i}"' in fold for i in (201, 202, 203, 204))
    assert 'id="t105"' in folded.split("</details>", 1)[1]  # the next thread is not folded
