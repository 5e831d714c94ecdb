"""Moderators work the queue in the Django admin: approve, decline with a reason, in bulk; hide
comments with a reason. Each decision records who and when, and tells badges on commit."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from blog.models import Comment, Post
from blog.signals import blog_changed
from tests.blog.conftest import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def changed():
    members: list[int] = []

    def receiver(sender, member_ids, **kwargs):
        members.extend(member_ids)

    blog_changed.connect(receiver)
    yield members
    blog_changed.disconnect(receiver)


def _run_action(client, changelist: str, action: str, objects, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in objects], "index": 0, **extra}
    return client.post(changelist, data, follow=True)


def _confirm_action(client, changelist: str, action: str, objects, reason: str):
    data = {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in objects], "apply": "yes", "reason": reason}
    return client.post(changelist, data, follow=True)


def test_it_lists_only_submitted_posts_in_the_queue(moderator, alice, staff):
    make_post(alice, title="A draft")
    make_post(alice, title="Waiting", status="submitted")
    make_post(alice, title="Already out", status="published", moderator=staff)
    page = moderator.get("/admin/blog/postforreview/").content.decode()
    assert "Waiting" in page
    assert "A draft" not in page and "Already out" not in page


@pytest.mark.parametrize("changelist", ["/admin/blog/postforreview/", "/admin/blog/post/"])
def test_it_approves_and_records_the_moderator(
    moderator, alice, staff, changelist, changed, django_capture_on_commit_callbacks
):
    post = make_post(alice, status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        response = _run_action(moderator, changelist, "approve", [post])
    assert "Published 1 post." in response.content.decode()
    post.refresh_from_db()
    assert post.status == "published"
    assert post.moderated_by == staff
    assert post.moderated_at is not None and post.published_at == post.moderated_at
    assert changed == [alice.pk]
    assert post.title in moderator.get("/blog/").content.decode()


def test_it_approves_in_bulk_and_skips_what_is_not_for_review(moderator, alice, bob):
    waiting = [make_post(alice, title=f"Post {n}", status="submitted") for n in range(3)]
    draft = make_post(bob, title="Bob's draft")
    response = _run_action(moderator, "/admin/blog/post/", "approve", [*waiting, draft])
    page = response.content.decode()
    assert "Published 3 posts." in page
    assert "Skipped 1: only posts awaiting review can be approved." in page
    assert Post.objects.published().count() == 3
    assert Post.objects.get(pk=draft.pk).status == "draft"


def test_it_asks_for_a_reason_before_declining(
    moderator, alice, bob, staff, changed, django_capture_on_commit_callbacks
):
    posts = [
        make_post(alice, title="Buy my course", status="submitted"),
        make_post(bob, title="Also ads", status="submitted"),
    ]
    response = _run_action(moderator, "/admin/blog/postforreview/", "decline", posts)
    page = response.content.decode()
    assert "The member will see this reason" in page and "Buy my course" in page and "Also ads" in page
    assert Post.objects.awaiting_review().count() == 2  # nothing happens before a reason is given

    with django_capture_on_commit_callbacks(execute=True):
        response = _confirm_action(moderator, "/admin/blog/postforreview/", "decline", posts, "No advertising, please.")
    assert "Declined 2 posts." in response.content.decode()
    for post in posts:
        post.refresh_from_db()
        assert (post.status, post.decline_reason, post.moderated_by) == ("declined", "No advertising, please.", staff)
        assert post.moderated_at is not None and post.published_at is None
    assert sorted(changed) == sorted([alice.pk, bob.pk])


def test_it_will_not_decline_without_a_reason(moderator, alice):
    post = make_post(alice, status="submitted")
    response = _confirm_action(moderator, "/admin/blog/postforreview/", "decline", [post], "   ")
    assert "Write a reason: the member will see it." in response.content.decode()
    post.refresh_from_db()
    assert post.status == "submitted"


def test_it_takes_down_a_published_post_with_a_reason(moderator, published_post):
    _confirm_action(moderator, "/admin/blog/post/", "decline", [published_post], "Shares patient details.")
    published_post.refresh_from_db()
    assert published_post.status == "declined"
    assert moderator.get(published_post.get_absolute_url()).status_code == 404


def test_it_shows_moderators_the_rendered_post(moderator, alice):
    post = make_post(alice, body="**Bold** <script>alert(1)</script>", status="submitted")
    page = moderator.get(f"/admin/blog/postforreview/{post.pk}/change/").content.decode()
    assert '<div class="blog-rendered"><p><strong>Bold</strong> </p></div>' in page


def test_it_hides_comments_with_a_reason(
    moderator, published_post, bob, staff, changed, django_capture_on_commit_callbacks
):
    comment = Comment.objects.create(post=published_post, author=bob, body="Buy cheap pills")
    response = _run_action(moderator, "/admin/blog/comment/", "hide", [comment])
    assert "The member will see this reason" in response.content.decode()
    changed.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _confirm_action(moderator, "/admin/blog/comment/", "hide", [comment], "Spam")
    assert "Hid 1 comment." in response.content.decode()
    comment.refresh_from_db()
    assert (comment.hidden_by, comment.hidden_reason) == (staff, "Spam") and comment.hidden_at is not None
    assert sorted(changed) == sorted([bob.pk, published_post.author_id])
    moderator.logout()
    assert "Buy cheap pills" not in moderator.get(published_post.get_absolute_url()).content.decode()


def test_it_shows_a_hidden_comment_again(moderator, published_post, bob, staff):
    comment = Comment.objects.create(post=published_post, author=bob, body="Actually fine")
    Comment.objects.filter(pk=comment.pk).hide(staff, "Oops")
    response = _run_action(moderator, "/admin/blog/comment/?hidden=yes", "unhide", [comment])
    assert "Showing 1 comment again." in response.content.decode()
    comment.refresh_from_db()
    assert comment.hidden_at is None and comment.hidden_reason == ""


def test_it_tells_badges_about_new_and_deleted_comments_on_commit(
    published_post, bob, changed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        comment = Comment.objects.create(post=published_post, author=bob, body="Thanks")
    assert changed == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert sorted(changed) == sorted([bob.pk, published_post.author_id])
    changed.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment.delete()
    assert sorted(changed) == sorted([bob.pk, published_post.author_id])



def test_it_tells_the_author_s_dashboard_when_a_post_goes_to_review_and_back_on_commit(
    client, alice, changed, django_capture_on_commit_callbacks
):
    post = make_post(alice)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post.submit()
    assert changed == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert changed == [alice.pk]
    changed.clear()
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/blog/{post.slug}/edit/", {"title": post.title, "body": "Not ready", "action": "save"})
    assert changed == [alice.pk]  # back to draft: no longer with the moderators
    changed.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/blog/{post.slug}/edit/", {"title": post.title, "body": "Still a draft", "action": "save"})
    assert changed == []  # a draft saved again changes nothing the dashboard shows


def _change_form(post, **changes):
    data = {"title": post.title, "slug": post.slug, "author": post.author_id, "body": post.body, "decision": "",
            "reason": ""}  # fmt: skip
    data.update(changes)
    return data


def test_it_approves_from_the_post_page_in_the_admin(
    moderator, alice, staff, changed, django_capture_on_commit_callbacks
):
    post = make_post(alice, status="submitted")
    page = moderator.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
    assert "Approve and publish" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator.post(
            f"/admin/blog/post/{post.pk}/change/", _change_form(post, decision="approve"), follow=True
        )
    assert "Published." in response.content.decode()
    post.refresh_from_db()
    assert (post.status, post.moderated_by) == ("published", staff)
    assert changed == [alice.pk]


def test_it_declines_from_the_post_page_only_with_a_reason(moderator, alice, staff):
    post = make_post(alice, status="submitted")
    response = moderator.post(f"/admin/blog/post/{post.pk}/change/", _change_form(post, decision="decline"))
    assert "Write a reason: the member will see it." in response.content.decode()
    post.refresh_from_db()
    assert post.status == "submitted"
    moderator.post(f"/admin/blog/post/{post.pk}/change/", _change_form(post, decision="decline", reason="Too short."))
    post.refresh_from_db()
    assert (post.status, post.decline_reason, post.moderated_by) == ("declined", "Too short.", staff)


def test_it_hides_a_comment_from_its_admin_page(moderator, published_post, bob, staff):
    comment = Comment.objects.create(post=published_post, author=bob, body="Rude")
    page = moderator.get(published_post.get_absolute_url()).content.decode()
    assert f'href="/admin/blog/comment/{comment.pk}/change/">Hide with a reason (admin)' in page
    moderator.post(f"/admin/blog/comment/{comment.pk}/change/", {"hidden_reason": "Personal attack"})
    comment.refresh_from_db()
    assert (comment.hidden_reason, comment.hidden_by) == ("Personal attack", staff) and comment.is_hidden
    moderator.post(f"/admin/blog/comment/{comment.pk}/change/", {"hidden_reason": ""})
    comment.refresh_from_db()
    assert not comment.is_hidden and comment.hidden_by is None


def test_it_tells_badges_when_posts_are_deleted_in_the_admin(
    moderator, published_post, bob, changed, django_capture_on_commit_callbacks
):
    Comment.objects.create(post=published_post, author=bob, body="Thanks")
    data = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [published_post.pk], "post": "yes"}
    with django_capture_on_commit_callbacks(execute=True):
        moderator.post("/admin/blog/post/", data)
    assert not Post.objects.exists() and not Comment.objects.exists()
    assert sorted(set(changed)) == sorted([published_post.author_id, bob.pk])
