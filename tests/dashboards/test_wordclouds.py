"""Word clouds: drawn in the background from professional bios, cached by their input's hash,
shown at once on the page (or a "being drawn" placeholder), and drawn again when bios change.
A cloud is public: it shows single words used by at least three followers, never a name."""

from __future__ import annotations

import re

import pytest

from dashboards import wordclouds
from dashboards.models import WordCloud
from dashboards.tasks import draw_word_cloud

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(people):
    """Two more followers of alice, so that a few words are in three bios (bob and carol
    write "mental health", erin "health")."""
    for handle, bio in [("fay", "Mental health nurse and student mentor"), ("gus", "Health visitor, student researcher again")]:
        account = people.world.account(handle, bio=bio)
        people.world.tweet(account, people.alice_post.published_at, tags=("wenurses",))
        people.world.follow(account, people.alice)
    return people


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
    # Followers bob, carol, fay and gus: "Midwife and researcher. Mental health advocate.",
    # "Student nurse, mental health. https://example.org @someone", "Mental health nurse and
    # student mentor", "Health visitor, student researcher again". "nurse" is in Alice Nurse's name;
    # "researcher" in two bios only.
    assert sorted(w.lower() for w in cloud.words) == ["health", "mental", "student"]
    svg_words = {w.lower() for w in re.findall(r">([^<>]+)</text>", cloud.svg)}
    assert svg_words == {"health", "mental", "student"}
    html = (client.force_login(people.alice_user), client.get("/mywe/followers/"))[1].content.decode()
    assert 'class="word-cloud-art"' in html and "Most frequent words:" in html
    assert "being drawn" not in html


def test_it_does_not_draw_again_for_the_same_bios(people):
    assert draw_word_cloud(people.alice_user.pk, "following") is True
    assert draw_word_cloud(people.alice_user.pk, "following") is False


def test_it_keeps_showing_the_old_cloud_while_a_new_one_is_drawn(client, people, django_capture_on_commit_callbacks):
    draw_word_cloud(people.alice_user.pk, "followers")
    newcomer = people.world.account("frank", bio="Paramedic and researcher, quality improvement lead")
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
    # "researcher" is in a third bio now; the newcomer's other words are in one only.
    words = WordCloud.objects.get(member=people.alice_user, kind="followers").words
    assert sorted(w.lower() for w in words) == ["health", "mental", "researcher", "student"]


def test_it_shows_the_cloud_as_an_image_whose_styles_stay_inside_it(people, client):
    bios = ["Educator in nursing", "Clinical educator", "Educator and researcher"]
    svg, words = wordclouds.draw(bios, "seed")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 400"')
    assert words == ["Educator"]
    # The same input lays out the same cloud (the embedded font carries its own timestamp).
    again = wordclouds.draw(bios, "seed")[0]
    assert re.sub(r"@font-face\{[^}]*\}", "", again) == re.sub(r"@font-face\{[^}]*\}", "", svg)
    draw_word_cloud(people.alice_user.pk, "followers")
    client.force_login(people.alice_user)
    html = client.get("/mywe/followers/").content.decode()
    assert '<div class="word-cloud-art"><img src="data:image/svg+xml;base64,' in html
    assert "<style" not in html


def test_a_follower_s_name_in_a_bio_never_reaches_the_public_page(client, people):
    """A bio names its writer, their ward and town: three bios saying "Kettering" are enough
    for the town, never for a word of anyone's name."""
    from dashboards.pages import set_all_shared

    bios = [
        "Priya Ramanathan RN, ward 7 sister at St Elsewhere Hospital Kettering",
        "Ramanathan family nurse, Kettering hospital",
        "Hospital pharmacist in Kettering, Priya's colleague",
    ]
    for n, bio in enumerate(bios):
        account = people.world.account(f"follower{n}", bio=bio, name="Priya Ramanathan" if n == 0 else "")
        people.world.tweet(account, people.alice_post.published_at, tags=("wenurses",))
        people.world.follow(account, people.alice)
    set_all_shared(people.alice_user.pk, {"followers"})
    draw_word_cloud(people.alice_user.pk, "followers")

    html = client.get("/u/alice_rn/followers/").content.decode()
    assert "Most frequent words:" in html
    words = html.split("Most frequent words:</span>", 1)[1].split("</p>", 1)[0]
    assert "Kettering" in words and "Hospital" in words
    for private in ("Priya", "Ramanathan", "ward", "sister", "Elsewhere", "pharmacist"):
        assert private.lower() not in words.lower()
        assert private.lower() not in WordCloud.objects.get(member=people.alice_user, kind="followers").svg.lower()


def test_it_says_so_when_there_are_no_bios_to_draw(client, people):
    from tweets.models import Account

    Account.objects.filter(handle__in=["bob_mw", "carol", "fay", "gus"]).update(bio="")
    client.force_login(people.alice_user)
    assert "No bios to draw a cloud from yet." in client.get("/mywe/followers/").content.decode()


def test_it_says_so_when_no_word_is_common_enough_to_show(client, people):
    from tweets.models import Account

    Account.objects.filter(handle__in=["fay", "gus"]).update(bio="")
    draw_word_cloud(people.alice_user.pk, "followers")
    client.force_login(people.alice_user)
    html = client.get("/mywe/followers/").content.decode()
    assert "No word is in three or more of their bios yet" in html


def test_it_draws_both_clouds_when_the_members_follow_graph_is_read(client, people, django_capture_on_commit_callbacks):
    from members.signals import send_follow_graph_changed

    with django_capture_on_commit_callbacks(execute=True):
        send_follow_graph_changed([people.alice.id, people.world.account("stranger").id])
    assert set(WordCloud.objects.values_list("member_id", "kind")) == {
        (people.alice_user.pk, "followers"), (people.alice_user.pk, "following"),
    }  # fmt: skip
    client.force_login(people.alice_user)
    html = client.get("/mywe/followers/").content.decode()
    assert 'class="word-cloud-art"' in html and "being drawn" not in html
