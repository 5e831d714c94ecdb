"""WeBlog: members' posts, moderated before they are published, and comments on them."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from tweets.models import Community

from .comments import render_comment
from .rendering import render_markdown, summarise
from .signals import send_blog_changed

# Stands for "the time of this moderation decision" in the changes a decision makes.
_NOW = object()


class PostQuerySet(models.QuerySet):
    def published(self) -> PostQuerySet:
        return self.filter(status=Post.Status.PUBLISHED)

    def awaiting_review(self) -> PostQuerySet:
        return self.filter(status=Post.Status.SUBMITTED)

    def by(self, user) -> PostQuerySet:
        return self.filter(author=user)

    def tagged(self, community: Community) -> PostQuerySet:
        return self.filter(communities=community)

    def communities(self) -> models.QuerySet[Community]:
        """The communities these posts are tagged with: an EXISTS probe per community (there are
        a handful) rather than a DISTINCT over every tag of every post."""
        tags = Post.communities.through.objects.filter(community=models.OuterRef("pk"), post__in=self.values("pk"))
        return Community.objects.filter(models.Exists(tags))

    def for_listing(self) -> PostQuerySet:
        """What a list of posts shows: author card, community tags, visible comment count —
        in three queries whatever the number of posts."""
        # A correlated subquery rather than JOIN + GROUP BY: the database counts comments for the
        # page's rows only, instead of grouping every published post before the LIMIT.
        visible = Comment.objects.filter(post=models.OuterRef("pk"), hidden_at__isnull=True).order_by()
        count = visible.values("post").annotate(n=models.Count("pk")).values("n")
        return (
            self.select_related("author__x_account")
            .prefetch_related("communities")
            .annotate(comment_count=Coalesce(models.Subquery(count), 0))
            .defer("body", "body_html")
        )

    def publish(self, moderator) -> int:
        """Publish the submitted posts among these; returns how many. The conditional UPDATE
        makes two moderators approving at once harmless."""
        return self._moderate(
            {Post.Status.SUBMITTED},
            moderator,
            status=Post.Status.PUBLISHED,
            published_at=_NOW,
            decline_reason="",
        )

    def decline(self, moderator, reason: str) -> int:
        """Decline the submitted (or take down the published) posts among these, with a reason
        that their authors see; returns how many."""
        if not reason.strip():
            raise ValueError("A decline needs a reason for the author.")
        return self._moderate(
            {Post.Status.SUBMITTED, Post.Status.PUBLISHED},
            moderator,
            status=Post.Status.DECLINED,
            published_at=None,
            decline_reason=reason.strip(),
        )

    def _moderate(self, from_statuses: set[str], moderator, **changes) -> int:
        with transaction.atomic():
            # Lock by primary key: the admin's selection may carry a DISTINCT that FOR UPDATE refuses.
            rows = list(
                Post.objects.filter(pk__in=self.values("pk"), status__in=from_statuses)
                .select_for_update()
                .values_list("pk", "author_id")
            )
            if not rows:
                return 0
            now = timezone.now()
            changes = {field: now if value is _NOW else value for field, value in changes.items()}
            count = Post.objects.filter(pk__in=[pk for pk, _ in rows], status__in=from_statuses).update(
                moderated_by=moderator, moderated_at=now, updated_at=now, **changes
            )
            send_blog_changed(author_id for _, author_id in rows)
        return count


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft"
        SUBMITTED = "submitted", "awaiting review"
        PUBLISHED = "published"
        DECLINED = "declined"

    # Paths under /blog/ that a slug must not take.
    RESERVED_SLUGS = {"feed", "new", "mine", "comments"}
    # Authors may still change these; published posts change only through a moderator.
    EDITABLE = {Status.DRAFT, Status.SUBMITTED, Status.DECLINED}

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    body = models.TextField(help_text="Markdown")
    # Rendered and sanitised on save, so pages never run Markdown or the sanitiser.
    body_html = models.TextField(editable=False, blank=True)
    summary = models.CharField(max_length=400, editable=False, blank=True)
    communities = models.ManyToManyField(Community, blank=True, related_name="blog_posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blog_posts")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    decline_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="post_status_published"),
            models.Index(fields=["author", "-created_at"], name="post_author_created"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.body_html = render_markdown(self.body)
        self.summary = summarise(self.body_html)[:400]
        self.updated_at = timezone.now()
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("blog:post", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def _unique_slug(self) -> str:
        base = slugify(self.title)[:200].strip("-") or "post"
        taken = set(Post.objects.filter(slug__startswith=base).values_list("slug", flat=True)) | self.RESERVED_SLUGS
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        return slug

    def submit(self) -> None:
        """Send a draft (or a declined post, once revised) to the moderators."""
        if not self.is_editable:
            raise ValueError("Only drafts and declined posts can be submitted.")
        self.status = self.Status.SUBMITTED
        self.submitted_at = timezone.now()
        self.save(update_fields=["status", "submitted_at", "updated_at", "body_html", "summary"])
        send_blog_changed([self.author_id])  # the author's WeBlog dashboard lists it as with the moderators

    def publish(self, moderator) -> bool:
        done = Post.objects.filter(pk=self.pk).publish(moderator) == 1
        self.refresh_from_db()
        return done

    def decline(self, moderator, reason: str) -> bool:
        done = Post.objects.filter(pk=self.pk).decline(moderator, reason) == 1
        self.refresh_from_db()
        return done


class CommentQuerySet(models.QuerySet):
    def visible(self) -> CommentQuerySet:
        return self.filter(hidden_at__isnull=True)

    def on_published_posts(self) -> CommentQuerySet:
        return self.filter(post__status=Post.Status.PUBLISHED)

    def for_display(self) -> CommentQuerySet:
        return self.select_related("author__x_account", "hidden_by").order_by("created_at", "pk")

    def hide(self, moderator, reason: str) -> int:
        if not reason.strip():
            raise ValueError("Hiding a comment needs a reason.")
        return self._set_hidden(moderator, timezone.now(), reason.strip())

    def unhide(self) -> int:
        return self._set_hidden(None, None, "")

    def _set_hidden(self, moderator, when, reason: str) -> int:
        with transaction.atomic():
            target = self.filter(hidden_at__isnull=when is not None)  # hide visible ones, show hidden ones
            rows = list(target.values_list("pk", "author_id", "post__author_id"))
            if not rows:
                return 0
            count = Comment.objects.filter(pk__in=[r[0] for r in rows]).update(
                hidden_at=when, hidden_by=moderator, hidden_reason=reason
            )
            send_blog_changed(member for row in rows for member in row[1:])
        return count


class Comment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blog_comments")
    body = models.TextField()
    body_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.TextField(blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["post", "created_at"], name="comment_post_created"),
            models.Index(fields=["author", "created_at"], name="comment_author_created"),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.post}: {self.body[:40]}"

    def save(self, *args, **kwargs) -> None:
        self.body_html = render_comment(self.body)
        creating = self._state.adding
        super().save(*args, **kwargs)
        if creating:
            send_blog_changed([self.author_id, self.post.author_id])

    def get_absolute_url(self) -> str:
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class PostForReview(Post):
    """The moderation queue: the admin lists it on its own, showing only submitted posts."""

    class Meta:
        proxy = True
        verbose_name = "post awaiting review"
        verbose_name_plural = "moderation queue"
