"""The CPD page reads the member's profile, entries and suggestions in three queries of its own,
whatever their number (and three more every logged-in page pays)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cpd.models import Entry, Reflection

pytestmark = pytest.mark.django_db


def test_it_serves_the_cpd_page_in_six_queries_whatever_the_entries(alice_client, people, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        small = alice_client.get("/mywe/cpd/")
    assert small.status_code == 200

    alice_client.post("/mywe/cpd/settings/", {"register": "nmc-midwife", "renewal_date": "2026-06-01"})
    entries = Entry.objects.bulk_create(
        Entry(member=people.alice_user, method="course", title=f"Course {n}", start_date=date(2024, 1, 1) + timedelta(days=n),
              minutes=60, participatory_minutes=30)
        for n in range(150)
    )
    Reflection.objects.bulk_create(
        Reflection(member=people.alice_user, entry=e, nature="n", learned="l", changed="c", relevance="r")
        for e in entries[:20]
    )
    with django_assert_max_num_queries(6):
        big = alice_client.get("/mywe/cpd/")
    html = big.content.decode()
    assert html.count('<li class="card cpd-entry">') == 150
    assert html.count('<li class="card cpd-suggestion"') == 3
    assert "<strong>CPD hours:</strong> 150 of 35 hours" in html
    assert "<strong>Reflective accounts:</strong> 20 of 5 accounts" in html
