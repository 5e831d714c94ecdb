"""What accounts talk about, for the "talks about …, like you" reason: the words and two-word
phrases of their bios and the hashtags they tweet (other than the Wes' own), stored in `Topic`
with an inverse-document-frequency weight, so similarity is one indexed join on the term.

Bios are tokenised here, in Python: neither PostgreSQL's text search nor SQLite can split a bio
into the same words, and the demo must run on SQLite. Everything else is set-based: one read
of the bios, one of the hashtags, one bulk insert."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db import connection, transaction

from tweets.models import Account, Community, TweetHashtag

from .models import Topic

WORD = re.compile(r"[a-z][a-z'’-]*[a-z]")
CLAUSE = re.compile(r"[.,;:!?|/•·()\n]+")
# Words that say nothing about what someone talks about, and the furniture of bios.
STOPWORDS = frozenset(
    """a about after all also am an and any are as at be been being but by can co do for from
    get got had has have he her here him his how i if in into is it its just like me mine my
    new no not now of on one only or our out own she so some than that the their them then
    there they this those to too up us very was we were what when where who why will with you
    your views opinions rts retweets endorsement endorse tweets tweeting personal account own
    mum dad wife husband mother father proud lover love all things http https www com uk org""".split()
)
MIN_ACCOUNTS = 2  # a topic nobody else has can never be shared
# A topic shared by more than this share of community accounts ("nurse" among nurses) says
# nothing about two people in particular, and its postings would dominate the join.
MAX_SHARE = 0.05
MIN_CAP = 5
HASHTAG_MIN_USES = 2  # one tweet with a tag is not "talking about" it


def bio_terms(bio: str) -> set[str]:
    """The words (3+ letters) and adjacent-word phrases of a bio, without stop words; a phrase
    never spans punctuation ("nurse. Passionate" is not a topic)."""
    terms: set[str] = set()
    for clause in CLAUSE.split(bio.lower()):
        words = [w.strip("'’-") for w in WORD.findall(clause)]
        words = [w if w not in STOPWORDS and len(w) >= 3 else "" for w in words]
        terms.update(w for w in words if w)
        terms.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False) if a and b)
    return terms


def account_terms(account_ids: Iterable[int] | None = None) -> dict[int, set[str]]:
    """account id → its terms: bio words and phrases, and '#tag' for each non-We hashtag it
    tweeted at least HASHTAG_MIN_USES times. Community accounts only (or the ids given)."""
    from badges.models import CommunityMember

    ids = None if account_ids is None else sorted({int(a) for a in account_ids})
    accounts = Account.objects.exclude(bio="")
    accounts = (
        accounts.filter(id__in=ids)
        if ids is not None
        else accounts.filter(id__in=CommunityMember.objects.values("account_id"))
    )
    terms: dict[int, set[str]] = defaultdict(set)
    for account_id, bio in accounts.values_list("id", "bio").iterator(chunk_size=5_000):
        terms[account_id] |= bio_terms(bio)
    tags = TweetHashtag.objects.exclude(tag__in=Community.objects.values("hashtag"))
    tags = (
        tags.filter(author_id__in=ids)
        if ids is not None
        else tags.filter(author_id__in=CommunityMember.objects.values("account_id"))
    )
    used = tags.order_by().values_list("author_id", "tag").annotate(n=_count()).filter(n__gte=HASHTAG_MIN_USES)
    for author_id, tag, _n in used.iterator(chunk_size=5_000):
        terms[author_id].add(f"#{tag}")
    return terms


def _count():
    from django.db.models import Count

    return Count("id")


def weigh(terms: dict[int, set[str]], accounts: int) -> list[Topic]:
    """The Topic rows worth keeping, each term weighted by log(1 + N / accounts using it), N
    the community accounts (the 1 keeps a topic everyone in a tiny world shares above zero)."""
    n = max(accounts, len(terms), 1)
    df = Counter(t for ts in terms.values() for t in ts)
    cap = max(MIN_CAP, int(MAX_SHARE * n))
    weight = {t: math.log(1 + n / c) for t, c in df.items() if MIN_ACCOUNTS <= c <= cap}
    return [Topic(account_id=a, term=t, weight=weight[t]) for a, ts in terms.items() for t in ts if t in weight]


def rebuild() -> int:
    """Replace every stored topic; returns how many rows were written."""
    from badges.models import CommunityMember

    rows = weigh(account_terms(), CommunityMember.objects.count())
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {Topic._meta.db_table}")
        else:
            Topic.objects.all().delete()
        Topic.objects.bulk_create(rows, batch_size=5_000)
    return len(rows)
