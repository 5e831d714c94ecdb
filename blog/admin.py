"""Moderation in the Django admin: a queue of submitted posts to approve or decline (with a
reason the author sees), and comments to hide (with a reason) or show again. Every decision
records who made it and when; status changes only through these actions."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .forms import clean_post_body
from .models import Comment, Post, PostForReview


class ReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=2000,
        error_messages={"required": "Write a reason: the member will see it."},
    )


def _with_reason(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet, *, title: str, apply
) -> HttpResponse | None:
    """An action that asks for a reason on an intermediate page, then applies it to the
    selection (Django's own delete confirmation works the same way)."""
    form = ReasonForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        apply(queryset, form.cleaned_data["reason"])
        return None  # back to the changelist
    return TemplateResponse(
        request,
        "admin/blog/reason_form.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "form": form,
            "objects": queryset,
            "action": request.POST["action"],
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "opts": modeladmin.model._meta,
        },
    )


class PostModerationForm(forms.ModelForm):
    """The post as the admin edits it, plus a decision the moderator can take on the same page."""

    decision = forms.ChoiceField(
        choices=[("", "No decision now"), ("approve", "Approve and publish"), ("decline", "Decline")],
        required=False,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        required=False,
        max_length=2000,
        help_text="Needed to decline: the author sees it.",
    )

    class Meta:
        model = Post
        fields = ["title", "slug", "author", "communities", "body"]

    def clean_body(self) -> str:
        return clean_post_body(self.cleaned_data["body"])

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("decision") == "decline" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Write a reason: the member will see it.")
        return cleaned


class PostAdmin(admin.ModelAdmin):
    form = PostModerationForm
    list_display = ["title", "author", "status", "submitted_at", "published_at", "moderated_by", "moderated_at"]
    list_filter = ["status", "communities"]
    list_select_related = ["author", "moderated_by"]
    search_fields = ["title", "author__username", "author__x_account__handle"]
    date_hierarchy = "created_at"
    raw_id_fields = ["author"]
    filter_horizontal = ["communities"]
    prepopulated_fields = {"slug": ["title"]}
    actions = ["approve", "decline"]
    fieldsets = [
        (None, {"fields": ["rendered", "status", "decline_reason"]}),
        ("Decision", {"fields": ["decision", "reason"]}),
        ("Post", {"fields": ["title", "slug", "author", "communities", "body"], "classes": ["collapse"]}),
        ("History", {"fields": ["created_at", "submitted_at", "published_at", "moderated_by", "moderated_at"]}),
    ]
    readonly_fields = [
        "rendered",
        "status",
        "decline_reason",
        "created_at",
        "submitted_at",
        "published_at",
        "moderated_by",
        "moderated_at",
    ]

    class Media:
        css = {"all": ["css/blog-admin.css"]}

    def get_fieldsets(self, request: HttpRequest, obj: Post | None = None):
        if obj is None:  # adding: nothing to decide or show yet
            return [(None, {"fields": ["title", "slug", "author", "communities", "body"]})]
        return super().get_fieldsets(request, obj)

    def save_model(self, request: HttpRequest, post: Post, form: PostModerationForm, change: bool) -> None:
        super().save_model(request, post, form, change)
        decision, reason = form.cleaned_data.get("decision"), form.cleaned_data.get("reason", "")
        if decision == "approve":
            done = Post.objects.filter(pk=post.pk).publish(request.user)
            self.message_user(request, "Published." if done else "Not published: only posts awaiting review can be.",
                              messages.SUCCESS if done else messages.WARNING)  # fmt: skip
        elif decision == "decline":
            done = Post.objects.filter(pk=post.pk).decline(request.user, reason)
            self.message_user(request, "Declined; the author sees your reason." if done else "Not declined: "
                              "only posts awaiting review or published can be.",
                              messages.SUCCESS if done else messages.WARNING)  # fmt: skip

    @admin.display(description="as readers will see it")
    def rendered(self, post: Post) -> str:
        # body_html was sanitised on save: this is exactly what the post page shows.
        return mark_safe(f'<div class="blog-rendered">{post.body_html}</div>')

    def view_on_site(self, post: Post) -> str | None:
        return post.get_absolute_url() if post.is_published else None

    @admin.action(description="Approve and publish the selected posts")
    def approve(self, request: HttpRequest, queryset: QuerySet) -> None:
        selected = queryset.count()
        done = queryset.publish(request.user)
        self.message_user(request, f"Published {done} post{'s' if done != 1 else ''}.", messages.SUCCESS)
        if skipped := selected - done:
            self.message_user(
                request, f"Skipped {skipped}: only posts awaiting review can be approved.", messages.WARNING
            )

    @admin.action(description="Decline the selected posts (with a reason)…")
    def decline(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        def apply(posts: QuerySet, reason: str) -> None:
            selected = posts.count()
            done = posts.decline(request.user, reason)
            self.message_user(request, f"Declined {done} post{'s' if done != 1 else ''}.", messages.SUCCESS)
            if skipped := selected - done:
                self.message_user(
                    request, f"Skipped {skipped}: drafts and declined posts are not for review.", messages.WARNING
                )

        return _with_reason(self, request, queryset, title="Decline posts", apply=apply)


admin.site.register(Post, PostAdmin)


@admin.register(PostForReview)
class PostForReviewAdmin(PostAdmin):
    list_display = ["title", "author", "submitted_at", "preview_link"]
    list_filter = ["communities"]
    date_hierarchy = None
    ordering = ["submitted_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).awaiting_review()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="")
    def preview_link(self, post: Post) -> str:
        return format_html('<a href="{}">Read and decide</a>', f"{post.pk}/change/")


class HiddenFilter(admin.SimpleListFilter):
    title = "visibility"
    parameter_name = "hidden"

    def lookups(self, request, model_admin):
        return [("no", "Visible"), ("yes", "Hidden")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(hidden_at__isnull=False)
        if self.value() == "no":
            return queryset.visible()
        return queryset


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["short_body", "author", "post", "created_at", "hidden_at", "hidden_by", "hidden_reason"]
    list_filter = [HiddenFilter]
    list_select_related = ["author", "post", "hidden_by"]
    search_fields = ["body", "author__username", "post__title"]
    date_hierarchy = "created_at"
    raw_id_fields = ["post", "author"]
    actions = ["hide", "unhide"]
    fields = ["post", "author", "created_at", "body", "hidden_reason", "hidden_at", "hidden_by"]
    readonly_fields = ["post", "author", "body", "created_at", "hidden_at", "hidden_by"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields[
            "hidden_reason"
        ].help_text = "Write a reason to hide this comment from readers; clear it to show the comment again."
        form.base_fields["hidden_reason"].label = "Hidden because"
        return form

    def save_model(self, request: HttpRequest, comment: Comment, form, change: bool) -> None:
        # Hiding goes through the QuerySet so that who, when and the badges update are recorded.
        reason = form.cleaned_data["hidden_reason"].strip()
        this = Comment.objects.filter(pk=comment.pk)
        if reason and not comment.is_hidden:
            this.hide(request.user, reason)
        elif reason:
            this.update(hidden_reason=reason)
        elif comment.is_hidden:
            this.unhide()

    @admin.display(description="comment")
    def short_body(self, comment: Comment) -> str:
        return comment.body[:80]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Hide the selected comments (with a reason)…")
    def hide(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        def apply(comments: QuerySet, reason: str) -> None:
            done = comments.hide(request.user, reason)
            self.message_user(request, f"Hid {done} comment{'s' if done != 1 else ''}.", messages.SUCCESS)

        return _with_reason(self, request, queryset, title="Hide comments", apply=apply)

    @admin.action(description="Show the selected comments again")
    def unhide(self, request: HttpRequest, queryset: QuerySet) -> None:
        done = queryset.unhide()
        self.message_user(request, f"Showing {done} comment{'s' if done != 1 else ''} again.", messages.SUCCESS)
