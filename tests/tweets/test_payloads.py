"""Parsing real X payloads (tests/fixtures/x-api-v2-real) and hand-made v1.1 ones into records.
Pure functions: no database."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tweets.payloads import (
    AccountRecord,
    DeletionRecord,
    Parsed,
    PayloadError,
    TweetRecord,
    parse_line,
    parse_payload,
)

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "x-api-v2-real"
V1 = Path(__file__).resolve().parent.parent / "fixtures" / "v1.1-handmade"


@dataclass
class FileRead:
    tweets: dict[int, TweetRecord] = field(default_factory=dict)
    accounts: dict[int, AccountRecord] = field(default_factory=dict)
    deletions: list[DeletionRecord] = field(default_factory=list)
    rejects: list = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)  # line number → reason


def read(path: Path, compliance_kind: str = "tweets") -> FileRead:
    result = FileRead()
    for number, line in enumerate(path.read_bytes().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            parsed = parse_line(line, compliance_kind)
        except PayloadError as exc:
            result.errors[number] = str(exc)
            continue
        for tweet in parsed.tweets:
            result.tweets.setdefault(tweet.id, tweet)
        for account in parsed.accounts:
            result.accounts[account.id] = account
        result.deletions += parsed.deletions
        result.rejects += parsed.rejects
    return result


def expected_ids(path: Path) -> tuple[set[int], set[int]]:
    """Tweet and user ids in a twarc2 file, read independently of the parser."""
    tweets: set[int] = set()
    users: set[int] = set()
    for line in path.read_bytes().splitlines():
        try:
            page = json.loads(line)
        except ValueError:
            continue
        data = page.get("data") or []
        data = data if isinstance(data, list) else [data]
        if data and "username" in data[0]:
            users |= {int(u["id"]) for u in data}
            data = []
        tweets |= {int(t["id"]) for t in data + page.get("includes", {}).get("tweets", [])}
        users |= {int(u["id"]) for u in page.get("includes", {}).get("users", [])}
    return tweets, users


@pytest.mark.parametrize(
    "name, tweets, users, kinds",
    [
        ("2sets.jsonl", 276, 289, {"retweet": 145, "original": 90, "reply": 17, "quote": 24}),
        ("entities_test.jsonl", 650, 612, {"original": 191, "retweet": 314, "reply": 126, "quote": 19}),
        ("mentions_tweet.jsonl", 2, 2, {"retweet": 1, "original": 1}),
        ("streaming_output_with_error.jsonl", 11, 11, {"quote": 1, "original": 7, "reply": 3}),
        ("users.jsonl", 52, 91, {"original": 45, "retweet": 1, "quote": 6}),
        ("withheld.jsonl", 284, 591, {"original": 118, "reply": 71, "retweet": 83, "quote": 12}),
    ],
)
def test_it_reads_every_tweet_and_user_of_the_real_captures(name, tweets, users, kinds):
    result = read(REAL / name)
    tweet_ids, user_ids = expected_ids(REAL / name)
    assert set(result.tweets) == tweet_ids and len(tweet_ids) == tweets
    assert set(result.accounts) == user_ids and len(user_ids) == users
    assert Counter(t.kind for t in result.tweets.values()) == kinds
    assert result.rejects == []


def test_it_takes_the_whole_text_hashtags_and_mentions_of_a_truncated_retweet():
    tweet = read(REAL / "2sets.jsonl").tweets[1440717170493689866]
    assert tweet.kind == "retweet"
    assert tweet.author_id == 1433267766912557062
    assert tweet.retweeted_id == 1440691114135080963
    assert tweet.retweeted_author_id == 902035056
    # X cut the retweet's own text at "#kpop…"; the included original has it whole.
    assert tweet.text == (
        "RT @ChartsEcuador: #TopKPopEcuador\n@BTS_twt se mantiene en el #1 con #Butter, #Lisa debuta en el #2 "
        "\nhttps://t.co/pQMACSzDmd\n#charts #kpop #bts #blackpink #straykids https://t.co/isLejPBxdt"
    )
    assert tweet.hashtags == ("topkpopecuador", "butter", "lisa", "charts", "kpop", "bts", "blackpink", "straykids")
    assert tweet.mentions == ((902035056, "ChartsEcuador"), (335141638, "BTS_twt"))
    assert tweet.lang == "es"
    assert tweet.created_at == datetime(2021, 9, 22, 16, 38, 35, tzinfo=UTC)
    assert json.loads(tweet.raw)["text"].endswith("#kpop…")


def test_it_keeps_every_mention_of_a_retweet_rich_in_mentions():
    result = read(REAL / "mentions_tweet.jsonl")
    retweet = result.tweets[1589681856941002753]
    assert retweet.kind == "retweet"
    assert retweet.retweeted_id == 1589671906718134272
    assert retweet.retweeted_author_id == 1221317221714157569
    assert [handle for _, handle in retweet.mentions] == [
        "S3NT1N3L17", "Xbox", "masseffect", "Ubisoft", "RockstarGames", "tombraider", "CallofDuty",
        "SonySantaMonica", "Naughty_Dog",
    ]
    assert retweet.hashtags == ("xbox", "playstation", "gaming")
    assert retweet.text.startswith("RT @S3NT1N3L17: Looking for gaming mutuals")
    assert retweet.text.endswith("#Xbox #PlayStation #gaming https://t.co/X8D4rbk47i https://t.co/nyzCbH5jW2")
    original = result.tweets[1589671906718134272]
    assert original.kind == "original" and original.author_id == 1221317221714157569


def test_it_reads_replies_and_quotes_with_their_authors():
    tweets = read(REAL / "2sets.jsonl").tweets
    reply = tweets[1440716745577140229]
    assert (reply.kind, reply.replied_to_id, reply.replied_to_author_id) == ("reply", 1440621713281093641, 1717521084)
    assert reply.conversation_id == 1440621713281093641
    assert reply.hashtags[:3] == ("fuckbrexit", "brexitsucks", "brexit")
    assert reply.mentions == ((1717521084, "AndrewKnight226"),)
    quote = tweets[1440715975020584960]
    assert (quote.kind, quote.quoted_id, quote.quoted_author_id) == ("quote", 1440660748275834882, 963465855538524162)
    # X escapes '&' in text; the archive keeps the character (templates escape on output).
    assert quote.text == "And @AngelaRayner & #NicolaSturgeon blame #Brexit..🤣🤣🤣! https://t.co/XVlaGrnmko"
    assert quote.hashtags == ("nicolasturgeon", "brexit")
    assert quote.mentions == ((222748037, "AngelaRayner"),)


def test_it_reads_stream_messages_and_resolves_mentions_without_ids_from_the_users():
    result = read(REAL / "streaming_output_with_error.jsonl")
    reply = result.tweets[1377650093109743620]
    assert reply.kind == "reply"
    assert reply.replied_to_id == 1377266697850257410 and reply.replied_to_author_id == 601852746
    # This capture's mentions carry no ids: the users expansion gives them.
    assert reply.mentions == ((601852746, "PoliceMutual"),)
    quote = result.tweets[1377650090978992134]
    assert (quote.kind, quote.quoted_id, quote.quoted_author_id) == ("quote", 1377640162566496258, 41783881)
    assert result.tweets[1377650387579248643].hashtags == ("dogsoftwitter", "dogs")
    # A matching rule's tag may be null; it changes nothing.
    assert json.loads((REAL / "streaming_output_with_error.jsonl").read_bytes().splitlines()[0])["matching_rules"][0]["tag"] is None
    account = result.accounts[4602771083]
    assert account.handle == "blackheart_265"
    assert account.profile_at == datetime(2021, 4, 1, 15, 52, 42, tzinfo=UTC)  # twarc's retrieved_at


def test_it_refuses_the_cut_short_last_line_of_the_stream_capture():
    result = read(REAL / "streaming_output_with_error.jsonl")
    assert list(result.errors) == [8]
    assert result.errors[8].startswith("invalid JSON")


def test_it_reads_a_users_lookup_page_as_profiles():
    result = read(REAL / "users.jsonl")
    account = result.accounts[119369819]
    assert account == AccountRecord(
        id=119369819,
        handle="DoDirty78",
        name="DoDirtysHouse",
        bio="Love is the highest form of understanding",
        avatar_url="https://pbs.twimg.com/profile_images/1447817446669291520/p_U7MM9q_normal.jpg",
        followers_count=580,
        following_count=518,
        protected=False,
        profile_at=datetime(2021, 10, 23, 19, 36, 18, tzinfo=UTC),
    )
    # The pinned tweets in includes are archived too.
    assert result.tweets[1434874170039545862].author_id == 119369819


def test_it_reads_withheld_tweets():
    tweets = read(REAL / "withheld.jsonl").tweets
    withheld = [t for t in tweets.values() if "withheld" in json.loads(t.raw)]
    assert len(withheld) == 14
    # An id from before snowflakes (2010), withheld in Germany and France.
    old = tweets[25712847277]
    assert json.loads(old.raw)["withheld"] == {"copyright": False, "country_codes": ["DE", "FR"]}
    assert old.created_at.year == 2010


def test_it_falls_back_on_the_rt_mention_for_a_retweet_whose_original_is_missing():
    tweet = read(REAL / "users.jsonl").tweets[1450065273336352777]
    assert tweet.kind == "retweet"
    assert tweet.retweeted_id is not None
    assert tweet.text.startswith("RT @JusTheNerd: ")
    assert tweet.retweeted_author_id == dict((h, i) for i, h in tweet.mentions)["JusTheNerd"]


def test_it_reads_batch_compliance_lines_as_deletions_of_tweets_or_users():
    tweets = read(REAL / "tweets_compliance.jsonl", "tweets")
    assert tweets.deletions == [
        DeletionRecord(tweet_id=1170025343920402432, reason="protected"),
        DeletionRecord(tweet_id=1170147183095664640, reason="deactivated"),
    ]
    users = read(REAL / "users_compliance.jsonl", "users")
    assert users.deletions == [DeletionRecord(user_id=1482680858, reason="protected")] * 2
    assert tweets.errors == {} and users.errors == {}


# ---------------------------------------------------------------- v1.1


def v1_stream() -> list[Parsed]:
    return [parse_line(line) for line in (V1 / "stream.jsonl").read_bytes().splitlines()]


def test_it_reads_a_v11_status_with_its_extended_text():
    original = v1_stream()[0]
    assert len(original.tweets) == 1
    tweet = original.tweets[0]
    assert tweet.id == 1357400000000000001 and tweet.author_id == 1111 and tweet.kind == "original"
    assert tweet.text.startswith("Tonight's #WeNurses chat is about safe staffing & how we speak up.")
    assert tweet.text.endswith("ideas for change on the wards #SafeStaffing")
    assert tweet.hashtags == ("wenurses", "safestaffing")  # `.text` in v1.1, from extended_tweet
    assert tweet.mentions == ((2222, "mhnurse_sam"),)
    assert tweet.created_at == datetime(2021, 2, 4, 19, 30, tzinfo=UTC)
    assert tweet.conversation_id == tweet.id
    assert original.accounts == [
        AccountRecord(id=1111, handle="nurse_jo", name="Jo Nurse", bio="Staff nurse & #WeNurses regular",
                      avatar_url="https://pbs.twimg.com/profile_images/1111/a_normal.jpg", followers_count=1200,
                      following_count=300, protected=False, profile_at=datetime(2021, 2, 4, 19, 30, tzinfo=UTC))
    ]


def test_it_reads_a_v11_retweet_with_the_whole_retweeted_text():
    parsed = v1_stream()[1]
    retweet, original = parsed.tweets
    assert retweet.kind == "retweet"
    assert (retweet.retweeted_id, retweet.retweeted_author_id) == (1357400000000000001, 1111)
    assert retweet.text.startswith("RT @nurse_jo: Tonight's #WeNurses chat")
    assert retweet.text.endswith("#SafeStaffing")
    assert retweet.hashtags == ("wenurses", "safestaffing")
    assert retweet.mentions == ((1111, "nurse_jo"), (2222, "mhnurse_sam"))
    assert "retweeted_status" not in json.loads(retweet.raw)
    assert original.id == 1357400000000000001
    # The embedded author's profile is as current as the retweet that carried it.
    assert {a.id: a.profile_at for a in parsed.accounts}[1111] == datetime(2021, 2, 4, 19, 45, tzinfo=UTC)


def test_it_reads_v11_quotes_and_replies():
    quote_parsed, reply_parsed = v1_stream()[2:4]
    quote = quote_parsed.tweets[0]
    assert (quote.kind, quote.quoted_id, quote.quoted_author_id) == ("quote", 1357400000000000001, 1111)
    assert [t.id for t in quote_parsed.tweets] == [1357400000000000003, 1357400000000000001]
    reply = reply_parsed.tweets[0]
    assert (reply.kind, reply.replied_to_id, reply.replied_to_author_id) == ("reply", 1357400000000000001, 1111)
    assert reply.text == "@nurse_jo @mhnurse_sam Speaking up works when managers listen. #WeNurses #WeMidwives"
    assert reply.hashtags == ("wenurses", "wemidwives")
    assert reply.conversation_id is None


def test_it_reads_v11_delete_and_limit_notices():
    assert v1_stream()[4] == Parsed()  # a limit notice carries nothing to archive
    deletion = parse_line((V1 / "deletes.jsonl").read_bytes())
    assert deletion.deletions == [DeletionRecord(tweet_id=1357400000000000004, reason="deleted", author_id=3333)]


def test_it_reads_a_v11_search_page_and_a_timeline_array():
    search = parse_payload(json.loads((V1 / "search.json").read_text()))
    assert [t.id for t in search.tweets] == [1357400000000000002, 1357400000000000001]
    timeline = parse_payload(json.loads((V1 / "timeline.json").read_text()))
    assert [t.kind for t in timeline.tweets] == ["reply", "quote", "original"]


# ---------------------------------------------------------------- other shapes and bad input


def test_it_reads_v2_compliance_stream_events():
    assert parse_payload({"data": {"delete": {"tweet": {"id": "5", "author_id": "7"}, "event_at": "x"}}}).deletions == [
        DeletionRecord(tweet_id=5, reason="deleted", author_id=7)
    ]
    assert parse_payload({"data": {"user_suspend": {"user": {"id": "7"}, "event_at": "x"}}}).deletions == [
        DeletionRecord(user_id=7, reason="suspended")
    ]
    assert parse_payload({"data": {"scrub_geo": {"tweet": {"id": "5"}}}}) == Parsed()


def test_it_reads_a_bare_v2_tweet_with_inline_expansions():
    parsed = parse_payload({
        "id": "1440717170493689866", "text": "hi &amp; bye #WeNurses", "author_id": "9",
        "author": {"id": "9", "username": "nine", "name": "Nine"},
        "entities": {"hashtags": [{"start": 13, "end": 22, "tag": "WeNurses"}]},
    })
    tweet = parsed.tweets[0]
    assert tweet.text == "hi & bye #WeNurses" and tweet.hashtags == ("wenurses",)
    # No created_at asked for: the snowflake id holds the time (X said 16:38:35 for this id).
    assert tweet.created_at == datetime(2021, 9, 22, 16, 38, 35, 333000, tzinfo=UTC)
    assert parsed.accounts[0].handle == "nine"


def test_it_keeps_a_malformed_tweet_aside_and_reads_the_rest_of_the_page():
    parsed = parse_payload({
        "data": [
            {"id": "1", "text": "no author"},
            {"id": "2", "text": "fine", "author_id": "9", "created_at": "2021-01-01T00:00:00.000Z"},
        ]
    })
    assert [t.id for t in parsed.tweets] == [2]
    assert parsed.rejects[0].reason == "malformed v2 tweet: missing field 'author_id'"
    assert json.loads(parsed.rejects[0].raw) == {"id": "1", "text": "no author"}


def test_it_strips_nul_which_postgresql_text_cannot_hold():
    parsed = parse_line(b'{"data": {"id": "2", "text": "a\\u0000b", "author_id": "9", "created_at": "2021-01-01T00:00:00Z"}}')
    assert parsed.tweets[0].text == "ab"


@pytest.mark.parametrize(
    "line, reason",
    [
        (b'{"data": {"author_id": "1021159080151404544"', "invalid JSON"),
        (b"[1, 2]", "expected a JSON object, got int"),
        (b'"text"', "expected a JSON object, got str"),
        (b'{"hello": "world"}', "unknown payload"),
    ],
)
def test_it_refuses_what_is_no_payload_with_a_reason(line, reason):
    with pytest.raises(PayloadError, match=reason):
        parse_line(line)


def test_the_records_and_the_v1_parser_are_still_read_from_payloads():
    # Other apps import everything from tweets.payloads; the split into records and payloads_v1
    # is an inside matter.
    import tweets.payloads as payloads
    from tweets import payloads_v1, records

    assert payloads.TweetRecord is records.TweetRecord and payloads.parse_v1_status is payloads_v1.parse_v1_status
    assert all(hasattr(payloads, name) for name in payloads.__all__)
    assert payloads.parse_v1_time("Wed Oct 10 20:19:24 +0000 2018") == datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC)
