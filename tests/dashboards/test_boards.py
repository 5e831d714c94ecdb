"""What each dashboard says about alice in the hand-built world (conftest), as she sees it."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def page(client, user, path: str) -> str:
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def text(html: str) -> str:
    """The page's words without tags, whitespace squeezed: what a reader sees."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_it_lists_the_chats_alice_hosted_with_participants_tweets_and_transcript(client, people):
    html = page(client, people.alice_user, "/mywe/chat-host/")
    words = text(html)
    assert "Which chats have you hosted?" in words
    assert "Safe staffing" in words
    assert "Declined idea" not in words  # a declined chat was never hosted
    assert people.jan_chat.get_absolute_url() in html
    # alice's two tweets and carol's one: 2 people, 3 tweets.
    row = re.search(r"Safe staffing</a>.*?</td>(.*?)</tr>", html, re.S).group(1)
    assert people.jan_chat.get_absolute_url() + "hosting/" in html
    assert re.findall(r'class="num">(\d+)<', row) == ["2", "3"]


def test_it_shows_chats_joined_by_month_and_by_community(client, people):
    html = page(client, people.alice_user, "/mywe/chats/")
    words = text(html)
    assert "2 chats joined" in words
    assert "Safe staffing" in words and "Continuity of carer" in words
    assert people.feb_chat.get_absolute_url() in html
    # The chart covers January and February, one chat each, with its numbers in a table.
    assert "Chats you joined, by month" in html
    assert re.search(r'<th scope="row">Jan 2024</th><td>1</td>', html)
    assert re.search(r'<th scope="row">Feb 2024</th><td>1</td>', html)
    assert "<details" in html and "<svg" in html
    by_we = text(html.split('id="by-we-heading"')[1].split("</table>")[0])
    assert "#WeNurses 1" in by_we and "#WeMidwives 1" in by_we and "#WeAHPs" not in by_we


def test_it_counts_each_community_hashtag_and_the_wes(client, people):
    html = page(client, people.alice_user, "/mywe/hashtags/")
    words = text(html)
    # a1, a2, a5 carry #WeNurses; a3 #WeMidwives; a5 #WeAHPs too. The deleted tweet and the
    # untagged retweet do not count; a5 counts once among the tagged tweets.
    assert "4 tweets with a We hashtag" in words
    assert "3 of 3 Wes" in words
    tags = text(html.split('id="tags-heading"')[1].split("</table>")[0])
    assert "#WeNurses 3" in tags and "#WeMidwives 1" in tags and "#WeAHPs 1" in tags


def test_it_ranks_engagement_partners_with_counts_both_ways(client, people):
    html = page(client, people.alice_user, "/mywe/engagement/")
    words = text(html)
    # Sent: a2 → carol (reply and mention count once), a3 → bob (dave is no member), a4 → erin
    # (retweet). The self-reply and the deleted tweet do not count. Received: carol's reply
    # and bob's mention.
    assert "3 sent" in words and "2 received" in words and "3 community members" in words
    partners = re.findall(r'class="partner-handle">@(\w+)<', html)
    assert partners == ["bob_mw", "carol", "erin"]  # bob and carol tie at two each
    carol = text(html.split("@carol")[1].split("</li>")[0])
    assert "1 sent" in carol and "1 received" in carol
    erin = text(html.split("@erin")[1].split("</li>")[0])
    assert "1 sent" in erin and "0 received" in erin
    assert "@dave" not in html
    assert "Interactions sent and received by you, by month" in html


def test_it_lists_community_followers_and_their_spread(client, people):
    html = page(client, people.alice_user, "/mywe/followers/")
    words = text(html)
    assert "2 followers in the communities" in words
    assert "@bob_mw" in html and "@carol" in html and "@dave" not in html
    spread = text(html.split('id="spread-heading"')[1].split("</table>")[0])
    assert "#WeNurses 1" in spread and "#WeMidwives 1" in spread


def test_it_shows_whom_alice_follows_with_a_diversity_score(client, people):
    html = page(client, people.alice_user, "/mywe/following/")
    words = text(html)
    assert "2 community members followed" in words
    assert "@bob_mw" in html and "@erin" in html
    # Two people in two of three Wes: entropy ln 2 over ln 3 = 63 out of 100.
    assert "Diversity score: 63 out of 100" in words
    assert "spread evenly across all 3 Wes" in words


def test_it_lists_alice_s_visible_comments_on_published_posts(client, people):
    html = page(client, people.alice_user, "/mywe/blog-comment/")
    words = text(html)
    assert "1 comment" in words
    assert "Continuity matters" in words and people.bob_post.get_absolute_url() in html
    assert "Thank you Bob, this helped my team a lot." in words


def test_it_lists_alice_s_published_posts_with_visible_comments_received(client, people):
    html = page(client, people.alice_user, "/mywe/weblog/")
    words = text(html)
    assert "Why I host tweetchats" in words and people.alice_post.get_absolute_url() in html
    assert "Alice's draft" not in words
    assert "1 comment received" in words  # the hidden comment does not count


def test_it_shows_the_eight_badges_with_levels_progress_and_a_challenge(client, people):
    html = page(client, people.alice_user, "/mywe/")
    words = text(html)
    for name in ["Chat Host", "Chats", "Hashtags", "Engagement", "Followers", "Following", "Blog Comment", "WeBlog"]:
        assert f'>{name}</a></h3>' in html
    assert html.count('class="badge-art"') >= 8
    # Chats: 2 joined is level 1 (threshold 1); level 2 needs 5.
    chats = text(html.split('/mywe/chats/"')[1].split("</li>")[0])
    assert "Level 1" in chats and "2 chats joined" in chats and "3 more chats joined for level 2" in chats
    assert "Set yourself a badge challenge" in words


def test_it_highlights_levels_reached_lately(client, people):
    from django.utils import timezone

    from badges.models import Award

    Award.objects.filter(member=people.alice_user, badge="weblog", level=1).update(reached_at=timezone.now())
    html = page(client, people.alice_user, "/mywe/")
    weblog = html.split('/mywe/weblog/"')[0].rsplit("<li", 1)[1]
    assert "is-new" in weblog
    assert "New: level 1 reached" in text(html.split('/mywe/weblog/"')[1].split("</li>")[0])


def test_it_shows_empty_dashboards_kindly_to_a_member_without_an_x_account(client, db, django_user_model):
    from dashboards.boards import BOARDS

    newcomer = django_user_model.objects.create_user("newcomer")
    for slug in BOARDS:
        html = page(client, newcomer, f"/mywe/{slug}/")
        assert 'class="empty"' in html, slug


def test_it_counts_what_the_badges_count(people):
    """Each dashboard's headline number is its badge's stored value, for every member."""
    from badges.models import BadgeValue
    from dashboards.boards import BOARDS

    headline = {
        "chat-host": lambda d: len(d["chats"]), "chats": lambda d: len(d["chats"]), "hashtags": lambda d: d["tweets"],
        "engagement": lambda d: d["out_total"], "followers": lambda d: d["count"], "following": lambda d: d["count"],
        "blog-comment": lambda d: len(d["comments"]), "weblog": lambda d: len(d["posts"]),
    }
    for account in (people.alice, people.bob):
        values = dict(BadgeValue.objects.filter(member_id=account.member_id).values_list("badge", "value"))
        shown = {slug: headline[slug](board.compute(account.id, account.member_id)) for slug, board in BOARDS.items()}
        assert shown == {slug: values.get(slug, 0) for slug in BOARDS}, account.handle


def test_each_hint_links_to_where_the_member_can_act_on_it(client, people):
    client.force_login(people.bob_user)
    for slug, link in [("chat-host", '<a href="/chats/host/">Propose a chat</a>'), ("weblog", '<a href="/blog/new/">Write a WeBlog post</a>'),
                       ("blog-comment", '<a href="/blog/">Read the WeBlog</a>')]:
        hint = client.get(f"/mywe/{slug}/").content.decode().split('<p class="dash-hint">')[1].split("</p>")[0]
        assert link in hint, (slug, hint)
    assert '<a href="/chats/host/">Propose a chat</a>' in client.get("/badges/chat-host/").content.decode()


def test_the_weblog_dashboard_shows_the_posts_awaiting_review(client, people):
    from blog.models import Post

    waiting = Post.objects.create(title="Night shifts, kindly", body="Some thoughts.", author=people.alice_user)
    waiting.submit()
    client.force_login(people.alice_user)
    html = client.get("/mywe/weblog/").content.decode()
    section = html.split('id="awaiting-heading"')[1].split("</section>")[0]
    assert "Night shifts, kindly" in section and waiting.get_absolute_url() in section
    client.force_login(people.bob_user)
    assert "Night shifts, kindly" not in client.get("/mywe/weblog/").content.decode()


def test_the_weblog_dashboard_follows_a_post_through_review_though_it_is_cached(client, people, staff,
                                                                                django_capture_on_commit_callbacks):
    from blog.models import Post
    from dashboards.models import Share

    def awaiting() -> str:
        html = client.get("/mywe/weblog/").content.decode()
        return html.split('id="awaiting-heading"')[1].split("</section>")[0] if 'id="awaiting-heading"' in html else ""

    client.force_login(people.alice_user)
    assert awaiting() == ""  # the board is cached now
    waiting = Post.objects.create(title="Night shifts, kindly", body="Some thoughts.", author=people.alice_user)
    with django_capture_on_commit_callbacks(execute=True):
        waiting.submit()
    assert "Night shifts, kindly" in awaiting()
    with django_capture_on_commit_callbacks(execute=True):
        waiting.publish(staff)
    assert awaiting() == ""
    assert "2 posts published" in text(client.get("/mywe/weblog/").content.decode())
    # The public page never shows what is with the moderators.
    other = Post.objects.create(title="Still in review", body="Text.", author=people.alice_user)
    with django_capture_on_commit_callbacks(execute=True):
        other.submit()
    assert "Still in review" in awaiting()
    Share.objects.create(member=people.alice_user, dashboard="weblog")
    public = client.get("/u/alice_rn/weblog/").content.decode()
    assert "Night shifts, kindly" in public and "Still in review" not in public
