"""What every dashboard's aggregate needs: the communities, and which accounts belong to them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from tweets.models import Community, TweetHashtag


@dataclass(frozen=True)
class We:
    """A community as dashboards show it: plain values, cheap to cache."""

    hashtag: str
    display: str
    name: str
    colour: str


def communities() -> list[We]:
    rows = Community.objects.order_by("name").values_list("hashtag", "display_hashtag", "name", "colour")
    return [We(*row) for row in rows]


def memberships(account_ids: Iterable[int], wes: list[We]) -> dict[int, list[str]]:
    """account id → hashtags of the communities it has tweeted in, for the accounts that are
    community members at all (the others are absent). One query on index hashtag_author_tag."""
    ids = list(set(account_ids))
    if not ids or not wes:
        return {}
    found: dict[int, list[str]] = defaultdict(list)
    tags = [we.hashtag for we in wes]
    for start in range(0, len(ids), 5_000):
        rows = (
            TweetHashtag.objects.filter(author_id__in=ids[start : start + 5_000], tag__in=tags)
            .values_list("author_id", "tag")
            .distinct()
        )
        for author_id, tag in rows:
            found[author_id].append(tag)
    order = {tag: i for i, tag in enumerate(tags)}
    return {account: sorted(found_tags, key=order.__getitem__) for account, found_tags in found.items()}


def with_percent(rows: list[dict], *keys: str) -> list[dict]:
    """Give each row `percent` (of the largest value among `keys`, default "value") for bars."""
    keys = keys or ("value",)
    peak = max((row[k] for row in rows for k in keys), default=0) or 1
    for row in rows:
        for k in keys:
            row["percent" if k == "value" else f"{k}_percent"] = round(100 * row[k] / peak)
    return rows


def month_key(moment) -> str:
    """'2024-03' for a datetime, in the site's time zone (the months members live in)."""
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%Y-%m")


def month_label(key: str) -> str:
    import calendar

    year, month = key.split("-")
    return f"{calendar.month_abbr[int(month)]} {year}"


def month_range(first: str, last: str) -> list[str]:
    """Every month from first to last inclusive, so charts show quiet months as zero."""
    year, month = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return months
