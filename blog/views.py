from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tweets.models import Community

from . import throttle
from .forms import CommentForm, CommunityFilter, PostForm
from .models import Comment, Post
from .rendering import render_markdown
from .signals import send_blog_changed

POSTS_PER_PAGE = 10


def _readable_post(request: HttpRequest, slug: str) -> Post:
    """A published post, or the reader's own unpublished one; anyone else gets a 404 so that
    drafts do not even reveal that they exist."""
    post = get_object_or_404(
        Post.objects.select_related("author__x_account").prefetch_related("communities"), slug=slug
    )
    if not post.is_published and post.author_id != request.user.id:
        raise Http404("No such post")
    return post


def _own_post(request: HttpRequest, slug: str) -> Post:
    return get_object_or_404(Post, slug=slug, author_id=request.user.id)


def _login_url(next_path: str) -> str:
    return f"{settings.LOGIN_URL}?{urlencode({'next': next_path})}"


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    posts = Post.objects.published().for_listing().order_by("-published_at", "-pk")
    community = None
    query = CommunityFilter(request.GET)
    if not query.is_valid():
        return HttpResponseBadRequest(" ".join(query.errors["community"]), content_type="text/plain; charset=utf-8")
    if slug := query.cleaned_data["community"]:
        community = get_object_or_404(Community, slug=slug)
        posts = posts.tagged(community)
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    communities = Post.objects.published().communities().order_by("name")
    return render(
        request,
        "blog/index.html",
        {"page": page, "posts": page.object_list, "community": community, "communities": communities},
    )


def _render_post(request: HttpRequest, post: Post, form: CommentForm | None = None, status: int = 200) -> HttpResponse:
    comments = post.comments.for_display()
    if not request.user.is_staff:
        comments = comments.visible()
    return render(
        request,
        "blog/post_detail.html",
        {
            "post": post,
            "comments": comments,
            "form": form or CommentForm(),
            "login_url": _login_url(post.get_absolute_url()),
            "page_url": request.build_absolute_uri(post.get_absolute_url()),
        },
        status=status,
    )


@require_GET
def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _render_post(request, _readable_post(request, slug))


@require_POST
def comment_create(request: HttpRequest, slug: str) -> HttpResponse:
    post = _readable_post(request, slug)
    if not request.user.is_authenticated:
        return redirect(_login_url(post.get_absolute_url()))
    if not post.is_published:
        messages.error(request, "Comments open when the post is published.")
        return redirect(post)
    form = CommentForm(request.POST, member_id=request.user.pk, request=request)
    if not form.is_valid():
        return _render_post(request, post, form, status=429 if form.rate_limited else 400)
    comment = Comment.objects.create(post=post, author=request.user, body=form.cleaned_data["body"])
    messages.success(request, "Your comment is posted.")
    return redirect(comment.get_absolute_url())


@require_POST
@login_required
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("post"), pk=pk, author_id=request.user.id)
    post = comment.post
    with transaction.atomic():
        comment.delete()
    messages.success(request, "Your comment is deleted.")
    return redirect(post.get_absolute_url() + "#comments")


def _edit(request: HttpRequest, post: Post | None) -> HttpResponse:
    was_awaiting_review = post is not None and post.status == Post.Status.SUBMITTED
    form = PostForm(request.POST or None, instance=post)
    preview_html = None
    action = request.POST.get("action", "save")
    if request.method == "POST" and not throttle.allow(throttle.SAVES, request.user.pk, request):
        # Checked before the form is validated (which renders the body): keeping the renderer
        # free is the point. An unbound form shows the text as sent without validating it.
        sent = {"title": request.POST.get("title", ""), "body": request.POST.get("body", "")}
        form = PostForm(initial={**sent, "communities": request.POST.getlist("communities")}, instance=post)
        limited = (
            f"You can save or preview up to {throttle.SAVES.per_member} times a minute. "
            "Please wait a minute and try again; your text is kept below."
        )
        return render(request, "blog/post_form.html", {"form": form, "post": post, "limited": limited}, status=429)
    if request.method == "POST" and form.is_valid():
        if action == "preview":
            preview_html = render_markdown(form.cleaned_data["body"])
        else:
            with transaction.atomic():
                post = form.save(commit=False)
                if post.pk is None:
                    post.author = request.user
                post.status = Post.Status.DRAFT
                post.save()
                form.save_m2m()
                if action == "submit":
                    post.submit()
                elif was_awaiting_review:
                    # Back to draft: it leaves the moderators' queue and the author's WeBlog dashboard.
                    send_blog_changed([post.author_id])
            if action == "submit":
                messages.success(
                    request, "Thank you! Your post is with the moderators; you will see their decision here."
                )
                return redirect("blog:mine")
            messages.success(
                request, "Draft saved. Only you can see it until you submit it and a moderator approves it."
            )
            return redirect("blog:edit", slug=post.slug)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "blog/post_form.html", {"form": form, "post": post, "preview_html": preview_html}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def post_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, slug: str) -> HttpResponse:
    post = _own_post(request, slug)
    if not post.is_editable:
        messages.info(request, "Published posts can't be changed here. Ask a moderator if something needs fixing.")
        return redirect(post)
    return _edit(request, post)


@require_POST
@login_required
def post_submit(request: HttpRequest, slug: str) -> HttpResponse:
    post = _own_post(request, slug)
    if not post.is_editable:
        messages.info(request, "This post is already published.")
        return redirect(post)
    post.submit()
    messages.success(request, "Thank you! Your post is with the moderators.")
    return redirect("blog:mine")


@require_GET
@login_required
def my_posts(request: HttpRequest) -> HttpResponse:
    posts = Post.objects.by(request.user).for_listing().order_by("-updated_at", "-pk")
    return render(request, "blog/my_posts.html", {"posts": posts})
