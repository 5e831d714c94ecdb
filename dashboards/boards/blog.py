"""Blog Comment and WeBlog: the member's comments on published posts, and their published posts
with the comments they received. Keyed by the site user, not the X account."""

from __future__ import annotations

from django.db.models import Count, Q

from blog.models import Comment, Post


def blog_comments(member_id: int) -> dict:
    """Visible comments on published posts, newest first, with their posts: one query."""
    comments = (
        Comment.objects.filter(author_id=member_id)
        .visible()
        .on_published_posts()
        .select_related("post")
        .order_by("-created_at", "-pk")
    )
    rows = [
        {
            "post_title": c.post.title,
            "post_url": c.post.get_absolute_url(),
            "url": f"{c.post.get_absolute_url()}#comment-{c.pk}",
            "created_at": c.created_at,
            "excerpt": _excerpt(c.body),
        }
        for c in comments
    ]
    return {"comments": rows, "posts": len({r["post_url"] for r in rows})}


def weblog(member_id: int) -> dict:
    """Published posts with the visible comments each received, and the posts with the
    moderators (shown to the member only): one query. Cached like every board: blog sends
    `blog_changed` when a post is submitted, taken back to draft or moderated (blog/signals.py)."""
    posts = (
        Post.objects.by(member_id)
        .filter(status__in=[Post.Status.PUBLISHED, Post.Status.SUBMITTED])
        .annotate(comment_count=Count("comments", filter=Q(comments__hidden_at__isnull=True)))
        .only("title", "slug", "summary", "status", "published_at", "submitted_at")
        .order_by("-published_at", "-submitted_at", "-pk")
    )
    rows, awaiting = [], []
    for p in posts:
        if p.status == Post.Status.SUBMITTED:
            awaiting.append({"title": p.title, "url": p.get_absolute_url(), "submitted_at": p.submitted_at})
            continue
        rows.append(
            {
                "title": p.title,
                "url": p.get_absolute_url(),
                "summary": p.summary,
                "published_at": p.published_at,
                "comments": p.comment_count,
            }
        )
    return {"posts": rows, "comments_received": sum(r["comments"] for r in rows), "awaiting": awaiting}


def _excerpt(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
