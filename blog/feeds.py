"""The WeBlog as an Atom feed: the newest published posts, or those tagged with one community."""

from __future__ import annotations

import copy

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from tweets.models import Community

from .forms import CommunityFilter
from .models import Post

FEED_LENGTH = 20


class PostsFeed(Feed):
    """Every link is absolute, built from the address the feed was asked for: Django's Feed
    would otherwise prefix the Sites framework's domain (example.com unless someone edits it),
    and one Site cannot name every host and port the site is served on."""

    feed_type = Atom1Feed
    description_template = None
    origin = ""

    def __call__(self, request, *args, **kwargs):
        # One instance serves every request (it lives in the URLconf): the origin goes on a copy.
        feed = copy.copy(self)
        feed.origin = request.build_absolute_uri("/").rstrip("/")
        return Feed.__call__(feed, request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs) -> Community | None:
        query = CommunityFilter(request.GET)
        if not query.is_valid():  # a malformed name cannot be a community: as for an unknown one
            raise Http404("No such community")
        slug = query.cleaned_data["community"]
        return get_object_or_404(Community, slug=slug) if slug else None

    def title(self, community: Community | None) -> str:
        return f"WeBlog: {community}" if community else "WeBlog"

    def subtitle(self, community: Community | None) -> str:
        return "Guides and reflections from members of the WeCommunities"

    def link(self, community: Community | None) -> str:
        url = self.origin + reverse("blog:index")
        return f"{url}?community={community.slug}" if community else url

    def feed_url(self, community: Community | None) -> str:
        url = self.origin + reverse("blog:feed")
        return f"{url}?community={community.slug}" if community else url

    def item_link(self, post: Post) -> str:
        return self.origin + post.get_absolute_url()

    def items(self, community: Community | None):
        posts = Post.objects.published().select_related("author__x_account").prefetch_related("communities")
        if community:
            posts = posts.tagged(community)
        return posts.order_by("-published_at", "-pk")[:FEED_LENGTH]

    def item_title(self, post: Post) -> str:
        return post.title

    def item_description(self, post: Post) -> str:
        # Already sanitised when the post was saved.
        return post.body_html

    def item_pubdate(self, post: Post):
        return post.published_at

    def item_updateddate(self, post: Post):
        return post.updated_at

    def item_author_name(self, post: Post) -> str:
        account = getattr(post.author, "x_account", None)
        return account.label if account else post.author.get_username()

    def item_categories(self, post: Post) -> list[str]:
        return [community.display_hashtag for community in post.communities.all()]
