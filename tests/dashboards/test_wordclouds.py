"""Word clouds: drawn in the background from professional bios, cached by their input's hash,
shown at once on the page (or a "being drawn" placeholder), and drawn again when bios change."""

from __future__ import annotations

import re

import pytest

from dashboards import wordclouds
from dashboards.models import WordCloud
from dashboards.tasks import draw_word_cloud

pytestmark = pytest.mark.django_db


def test_it_shows_a_placeholder_and_asks_for_a_drawing_when_there_is_no_cloud(client, people, django_capture_on_commit_callbacks):
    client.force_login(people.alice_user)
    with django_capture_on_commit_callbacks() as asked:
        html = client.get("/mywe/followers/").content.decode()
    assert "Your word cloud is being drawn" in html
    assert len(asked) == 1
    # Asked once per input: another visit does not queue it again.
    with django_capture_on_commit_callbacks() as again:
        client.get("/mywe/followers/")
    assert again == []
    assert not WordCloud.objects.exists()
    # Once drawn, the next visit shows it.
    draw_word_cloud(people.alice_user.pk, "followers")
    html = client.get("/mywe/followers/").content.decode()
    assert 'class="word-cloud-art"' in html and "being drawn" not in html


def test_it_draws_the_cloud_without_professional_stopwords(client, people):
    assert draw_word_cloud(people.alice_user.pk, "followers") is True
    cloud = WordCloud.objects.get(member=people.alice_user, kind="followers")
    # Followers bob and carol: "Midwife and researcher. Mental health advocate." and "Student
    # nurse, mental health. https://example.org @someone".
    assert {"mental", "health", "midwife", "student"} <= {w.lower() for w in cloud.words}
    svg_words = {w.lower() for w in re.findall(r">([^<>]+)</text>", cloud.svg)}
    assert "mental" in svg_words or "mental health" in svg_words
    for noise in ("https", "example", "someone", "and", "views", "endorsement"):
        assert noise not in svg_words
    html = (client.force_login(people.alice_user), client.get("/mywe/followers/"))[1].content.decode()
    assert 'class="word-cloud-art"' in html and "Most frequent words:" in html
    assert "being drawn" not in html


def test_it_does_not_draw_again_for_the_same_bios(people):
    assert draw_word_cloud(people.alice_user.pk, "following") is True
    assert draw_word_cloud(people.alice_user.pk, "following") is False


def test_it_keeps_showing_the_old_cloud_while_a_new_one_is_drawn(client, people, django_capture_on_commit_callbacks):
    draw_word_cloud(people.alice_user.pk, "followers")
    newcomer = people.world.account("frank", bio="Paramedic and pharmacist, quality improvement lead")
    people.world.tweet(newcomer, people.alice_post.published_at, tags=("weahps",))
    with django_capture_on_commit_callbacks(execute=True):
        people.world.follow(newcomer, people.alice)
        from members.signals import send_follow_graph_changed

        send_follow_graph_changed([newcomer.id])
    client.force_login(people.alice_user)
    with django_capture_on_commit_callbacks() as asked:
        html = client.get("/mywe/followers/").content.decode()
    assert 'class="word-cloud-art"' in html and "a new cloud is being drawn" in html
    assert len(asked) == 1
    assert draw_word_cloud(people.alice_user.pk, "followers") is True
    assert "paramedic" in {w.lower() for w in WordCloud.objects.get(member=people.alice_user, kind="followers").words}


def test_it_scopes_the_cloud_s_styles_to_itself(people):
    svg, words = wordclouds.draw(["Nurse educator", "Mental health nurse", "Nurse researcher"], "seed")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 400" class="wc')
    assert "<style>text{" not in svg
    assert words[0] == "Nurse"
    # The same input lays out the same cloud (the embedded font carries its own timestamp).
    again = wordclouds.draw(["Nurse educator", "Mental health nurse", "Nurse researcher"], "seed")[0]
    assert re.sub(r"@font-face\{[^}]*\}", "", again) == re.sub(r"@font-face\{[^}]*\}", "", svg)


def test_it_says_so_when_there_are_no_bios_to_draw(client, people):
    from tweets.models import Account

    Account.objects.filter(id__in=[people.bob.id, people.carol.id]).update(bio="")
    client.force_login(people.alice_user)
    assert "No bios to draw a cloud from yet." in client.get("/mywe/followers/").content.decode()
