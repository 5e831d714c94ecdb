"""Engagement: who the member engages with most, both ways, and how that changed over time.

An interaction is one tweet and one partner: a reply to, a mention of, a retweet or a quote of
another community member (self-replies and non-members do not count), as the badge counts it.
"""

from __future__ import annotations

from collections import Counter

from tweets.models import Account, Tweet, TweetMention

from .common import communities, memberships, month_key, month_label, month_range, with_percent

TOP_PARTNERS = 12


def _outgoing(account_id: int) -> set[tuple[int, int, str]]:
    """(tweet, partner, month) for the member's own tweets, as the badge counts them: replies,
    quotes and mentions of a tweet, and the original author of a retweet (a retweet's mentions
    are the original's, not the member's). Three queries on author indexes."""
    pairs: set[tuple[int, int, str]] = set()
    mine = Tweet.objects.filter(author_id=account_id, deleted_at__isnull=True).values_list(
        "id", "created_at", "kind", "replied_to_author_id", "quoted_author_id", "retweeted_id", "retweeted_author_id"
    )
    retweets: dict[int, tuple[int, int | None, str]] = {}
    for tweet_id, created_at, kind, replied, quoted, retweeted_id, retweeted_author in mine:
        month = month_key(created_at)
        if kind == Tweet.Kind.RETWEET:
            retweets[tweet_id] = (retweeted_id, retweeted_author, month)
            continue
        pairs.update((tweet_id, partner, month) for partner in (replied, quoted) if partner)
    # Should an archived retweet point at another retweet, the original's author is the partner.
    originals = dict(
        Tweet.objects.filter(id__in=[r[0] for r in retweets.values() if r[0]], kind=Tweet.Kind.RETWEET)
        .values_list("id", "retweeted_author_id")
    ) if retweets else {}
    for tweet_id, (retweeted_id, retweeted_author, month) in retweets.items():
        partner = originals.get(retweeted_id) or retweeted_author
        if partner:
            pairs.add((tweet_id, partner, month))
    # Mention rows of deleted tweets are removed with them (tweets.archive.apply_deletions).
    mentions = TweetMention.objects.filter(author_id=account_id).exclude(tweet_id__in=list(retweets))
    for tweet_id, partner, created_at in mentions.values_list("tweet_id", "mentioned_id", "created_at"):
        pairs.add((tweet_id, partner, month_key(created_at)))
    return {pair for pair in pairs if pair[1] != account_id}


def _incoming(account_id: int) -> set[tuple[int, int, str]]:
    """(tweet, partner, month) for others' tweets that reply to, quote or mention the member, or
    retweet one of their tweets: one query per referencing column, so each can use its index."""
    pairs: set[tuple[int, int, str]] = set()
    others = Tweet.objects.filter(deleted_at__isnull=True).exclude(author_id=account_id)
    for column, kinds in (
        ("replied_to_author_id", {"kind__in": [k for k in Tweet.Kind.values if k != Tweet.Kind.RETWEET]}),
        ("quoted_author_id", {"kind__in": [k for k in Tweet.Kind.values if k != Tweet.Kind.RETWEET]}),
        ("retweeted_author_id", {"kind": Tweet.Kind.RETWEET}),
    ):
        rows = others.filter(**{column: account_id}, **kinds).values_list("id", "author_id", "created_at")
        pairs.update((tweet_id, author, month_key(created_at)) for tweet_id, author, created_at in rows)
    mentions = (
        TweetMention.objects.filter(mentioned_id=account_id)
        .exclude(author_id=account_id)
        .exclude(tweet__kind=Tweet.Kind.RETWEET)
    )
    for tweet_id, author, created_at in mentions.values_list("tweet_id", "author_id", "created_at"):
        pairs.add((tweet_id, author, month_key(created_at)))
    return pairs


def engagement(account_id: int | None) -> dict:
    empty = {"partners": [], "by_month": [], "out_total": 0, "in_total": 0, "partner_count": 0}
    if account_id is None:
        return empty
    out_pairs, in_pairs = _outgoing(account_id), _incoming(account_id)
    wes = communities()
    members = memberships({p for _, p, _ in out_pairs} | {p for _, p, _ in in_pairs}, wes)
    out_pairs = {pair for pair in out_pairs if pair[1] in members}
    in_pairs = {pair for pair in in_pairs if pair[1] in members}
    if not out_pairs and not in_pairs:
        return empty
    out_by, in_by = Counter(p for _, p, _ in out_pairs), Counter(p for _, p, _ in in_pairs)
    ranked = sorted(set(out_by) | set(in_by), key=lambda p: (-(out_by[p] + in_by[p]), -out_by[p], p))
    top = ranked[:TOP_PARTNERS]
    # Only people who did not opt out of the archive are named (the page says so).
    accounts = {a.id: a for a in Account.objects.filter(id__in=top).named().only("id", "handle", "name", "avatar_url")}
    display = {we.hashtag: we.display for we in wes}
    partners = [
        {
            "handle": accounts[p].handle,
            "name": accounts[p].name,
            "avatar_url": accounts[p].avatar_url,
            "out": out_by[p],
            "in": in_by[p],
            "wes": [display[tag] for tag in members[p]],
        }
        for p in top
        if p in accounts
    ]
    out_months, in_months = Counter(m for *_, m in out_pairs), Counter(m for *_, m in in_pairs)
    every = set(out_months) | set(in_months)
    span = month_range(min(every), max(every))
    return {
        "partners": with_percent(partners, "out", "in"),
        "by_month": [
            {"key": m, "label": month_label(m), "out": out_months.get(m, 0), "in": in_months.get(m, 0)} for m in span
        ],
        "out_total": len(out_pairs),
        "in_total": len(in_pairs),
        "partner_count": len(ranked),
    }
