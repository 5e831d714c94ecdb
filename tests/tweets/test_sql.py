"""tweets.sql: id lists bound as one parameter, upserts that report what they wrote, COPY types
read from the models. Run on PostgreSQL and on SQLite: each path is the one that vendor takes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, models
from django.test.utils import isolate_apps

from badges.models import Award, BadgeValue
from tweets import sql
from tweets.models import Account, Tweet, TweetHashtag

pytestmark = pytest.mark.django_db

T0 = datetime(2024, 3, 7, 20, 0, tzinfo=UTC)
ALICE, BOB, CAROL = 1440717170493689866, 11, 7_000_000_001  # X's ids run far past 32 bits
ACCOUNT_COLUMNS = ["id", "handle", "name", "bio", "avatar_url", "protected", "profile_at"]
MANY = sql.COPY_FROM_VALUES  # rows: enough values for the staged COPY whatever the columns
NEWER_PROFILE = (
    "ON CONFLICT (id) DO UPDATE SET handle = excluded.handle "
    f"WHERE excluded.profile_at > {Account._meta.db_table}.profile_at"
)


def account_rows(ids, handle: str = "nurse", at: datetime = T0) -> list[tuple]:
    return [(i, f"{handle}{i % 1000}", "", "", "", False, at) for i in ids]


def select_ids(ids) -> set[int]:
    where, params = sql.in_ids("id", ids)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {Account._meta.db_table} WHERE {where}", params)
        return {row[0] for row in cursor.fetchall()}


# ---------------------------------------------------------------- id lists


def test_it_finds_rows_by_a_list_of_ids():
    Account.objects.bulk_create([Account(id=i, handle=h) for i, h in ((ALICE, "alice"), (BOB, "bob"), (CAROL, "carol"))])
    assert select_ids([ALICE, CAROL, 404]) == {ALICE, CAROL}
    assert select_ids({BOB}) == {BOB}
    assert select_ids([]) == set()


def test_it_binds_thousands_of_ids_as_one_parameter():
    # Past SQLite's 999 bound parameters and any statement the client would quote id by id.
    ids = list(range(1, 5_001))
    Account.objects.bulk_create([Account(id=i, handle=f"h{i}") for i in ids[::2]])
    where, params = sql.in_ids("id", ids)
    assert len(params) == 1
    assert select_ids(ids) == set(ids[::2])


def test_it_takes_only_integers_into_the_list():
    Account.objects.create(id=BOB, handle="bob")
    assert select_ids(["11"]) == {BOB}
    with pytest.raises(ValueError):
        sql.in_ids("id", ["11}, {12"])


def test_it_gives_each_id_a_row_of_a_table():
    ids, params = sql.ids_table([ALICE, BOB, BOB], alias="wanted")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT wanted.id FROM {ids} ORDER BY wanted.id", params)
        assert [row[0] for row in cursor.fetchall()] == [BOB, BOB, ALICE]


# ---------------------------------------------------------------- upserts


@pytest.mark.parametrize("many", [False, True], ids=["a few rows", "enough rows to stage"])
def test_an_upsert_reports_the_rows_it_inserted_and_not_those_already_there(many):
    ids = list(range(1, MANY + 1)) if many else [ALICE, BOB]
    first = sql.upsert(Account, ACCOUNT_COLUMNS, account_rows(ids[:-1]), "ON CONFLICT (id) DO NOTHING", "id")
    assert first == set(ids[:-1])
    again = sql.upsert(Account, ACCOUNT_COLUMNS, account_rows(ids, "other"), "ON CONFLICT (id) DO NOTHING", "id")
    assert again == {ids[-1]}
    assert Account.objects.count() == len(ids)
    assert Account.objects.get(id=ids[0]).handle.startswith("nurse")


@pytest.mark.parametrize("many", [False, True], ids=["a few rows", "enough rows to stage"])
def test_an_upsert_reports_the_rows_its_conflict_clause_changed(many):
    ids = list(range(1, MANY + 1)) if many else [ALICE, BOB]
    sql.upsert(Account, ACCOUNT_COLUMNS, account_rows(ids), "ON CONFLICT (id) DO NOTHING")
    later = account_rows(ids[:1], "renamed", T0 + timedelta(days=1)) + account_rows(ids[1:], "older", T0 - timedelta(days=1))
    changed = sql.upsert(Account, ACCOUNT_COLUMNS, later, NEWER_PROFILE, "id")
    assert changed == {ids[0]}
    assert Account.objects.filter(handle__startswith="renamed").count() == 1
    assert not Account.objects.filter(handle__startswith="older").exists()


def test_an_upsert_without_returning_reports_nothing_and_writes_all():
    assert sql.upsert(Account, ACCOUNT_COLUMNS, account_rows([ALICE, BOB]), "ON CONFLICT (id) DO NOTHING") == set()
    assert Account.objects.count() == 2


def test_it_stores_datetimes_as_the_orm_does():
    # An exact-time lookup by the ORM must find the row (on SQLite the text forms must agree).
    sql.upsert(Account, ACCOUNT_COLUMNS, account_rows([ALICE], at=T0), "ON CONFLICT (id) DO NOTHING")
    assert Account.objects.filter(profile_at=T0).count() == 1


def test_it_stages_two_column_lists_of_one_table_in_one_session():
    ids = list(range(1, MANY + 1))
    bare = ACCOUNT_COLUMNS[:-1]  # without profile_at
    sql.upsert(Account, bare, [row[:-1] for row in account_rows(ids, "bare")], "ON CONFLICT (id) DO NOTHING")
    renamed = "ON CONFLICT (id) DO UPDATE SET handle = excluded.handle, profile_at = excluded.profile_at"
    written = sql.upsert(Account, ACCOUNT_COLUMNS, account_rows(ids, at=T0), renamed, "id")
    assert written == set(ids)
    assert not Account.objects.filter(handle__startswith="bare").exists()


def test_it_inserts_rows_that_cannot_conflict():
    Account.objects.create(id=ALICE, handle="alice")
    Tweet.objects.create(id=1, author_id=ALICE, created_at=T0, text="#WeNurses tonight")
    sql.insert(TweetHashtag, ["tweet_id", "tag", "author_id", "created_at"], [(1, "wenurses", ALICE, T0)])
    assert list(TweetHashtag.objects.filter(created_at=T0).values_list("tweet_id", "tag")) == [(1, "wenurses")]


# ---------------------------------------------------------------- COPY types


def test_it_reads_copy_types_from_the_models(postgres):
    assert sql.copy_types(Account, ("id", "handle", "bio", "followers_count", "protected", "profile_at")) == (
        "int8", "text", "text", "int4", "bool", "timestamptz"
    )
    # A foreign key takes its target's type: a bigint tweet id, an integer user id.
    assert sql.copy_types(Tweet, ("author_id",)) == ("int8",)
    assert sql.copy_types(BadgeValue, ("member_id", "badge")) == ("int4", "text")
    assert sql.copy_types(Award, ("level",)) == ("int2",)


def test_it_names_a_column_it_cannot_copy(postgres):
    with isolate_apps("tweets"):

        class Reading(models.Model):  # noqa: DJ008 (never shown)
            value = models.DecimalField(max_digits=5, decimal_places=2)

            class Meta:
                app_label = "tweets"

        with pytest.raises(ValueError, match=r"tweets.Reading.value: no binary COPY type for 'numeric\(5, 2\)'"):
            sql.copy_types(Reading, ("value",))
