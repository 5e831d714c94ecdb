"""The demo's CPD: built from the archive for every registered member, the same twice over."""

from __future__ import annotations

import pytest

from cpd.models import Entry, Reflection

pytestmark = pytest.mark.django_db


def test_it_builds_demo_cpd_from_the_archive_twice_alike(people):
    from demo.cpd import build

    first = build(7)
    assert first["members"] == 2
    assert Entry.objects.filter(member=people.alice_user, method="tweetchat").count() == 3
    assert Entry.objects.filter(member=people.alice_user, method="reading").count() == 1
    assert Reflection.objects.filter(member=people.alice_user).count() == 1
    assert build(7) == first
