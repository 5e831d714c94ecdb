"""One board per badge: the question its dashboard answers and the aggregate behind it.

Each aggregate is computed from the archive and the blog in a few set-based queries and cached
per member generation (`dashboards.generations`); a page reads the cached value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from badges.definitions import BY_SLUG, Slug

from . import blog, chats, engagement, follows, hashtags


@dataclass(frozen=True)
class Board:
    slug: str
    question: str  # what the member's own dashboard answers
    title: str  # what it shows, in words that fit a public page too
    # (X account id or None, site user id) → a dict of plain values, cheap to cache.
    compute: Callable[[int | None, int], dict]
    template: str

    @property
    def name(self) -> str:
        return BY_SLUG[self.slug].name


BOARDS: dict[str, Board] = {
    board.slug: board
    for board in (
        Board(Slug.CHAT_HOST.value, "Which chats have you hosted?", "Chats hosted",
              lambda account, member: chats.chat_host(account), "dashboards/boards/chat_host.html"),
        Board(Slug.CHATS.value, "Which chats have you joined?", "Chats joined",
              lambda account, member: chats.chats(account), "dashboards/boards/chats.html"),
        Board(Slug.HASHTAGS.value, "Which We hashtags do you use?", "We hashtags used",
              lambda account, member: hashtags.hashtags(account), "dashboards/boards/hashtags.html"),
        Board(Slug.ENGAGEMENT.value, "Who do you engage with most?", "Who they engage with most",
              lambda account, member: engagement.engagement(account), "dashboards/boards/engagement.html"),
        Board(Slug.FOLLOWERS.value, "Are your followers who you think they are?", "Followers in the communities",
              lambda account, member: follows.followers(account), "dashboards/boards/follows.html"),
        Board(Slug.FOLLOWING.value, "Who do you follow in the communities?", "Community members followed",
              lambda account, member: follows.following(account), "dashboards/boards/follows.html"),
        Board(Slug.BLOG_COMMENT.value, "Which WeBlog posts have you commented on?", "Comments on WeBlog posts",
              lambda account, member: blog.blog_comments(member), "dashboards/boards/blog_comment.html"),
        Board(Slug.WEBLOG.value, "What have you written for the WeBlog?", "WeBlog posts",
              lambda account, member: blog.weblog(member), "dashboards/boards/weblog.html"),
    )
}
