"""The eight badges: what each counts, its levels, what it rewards and how to earn the next level.

Definitions are code, not data: the metric behind each badge is a query in `badges.metrics`, and
the thresholds are part of what a level means (an award records the level, not the threshold).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Slug(StrEnum):
    CHAT_HOST = "chat-host"
    CHATS = "chats"
    HASHTAGS = "hashtags"
    ENGAGEMENT = "engagement"
    FOLLOWERS = "followers"
    FOLLOWING = "following"
    BLOG_COMMENT = "blog-comment"
    WEBLOG = "weblog"


@dataclass(frozen=True)
class Progress:
    """Where a value stands on a badge's levels."""

    value: int
    level: int  # 0 when the first level is not reached yet
    next_threshold: int | None  # None at the top level
    previous_threshold: int

    @property
    def to_go(self) -> int:
        return 0 if self.next_threshold is None else self.next_threshold - self.value

    @property
    def percent(self) -> int:
        """How far from the current level to the next one, for a progress bar."""
        if self.next_threshold is None:
            return 100
        span = self.next_threshold - self.previous_threshold
        return max(0, min(100, round(100 * (self.value - self.previous_threshold) / span)))


@dataclass(frozen=True)
class Badge:
    slug: str
    name: str
    thresholds: tuple[int, ...]
    unit: str  # what the value counts, plural: "chats hosted"
    unit_one: str  # … and singular: "chat hosted"
    description: str  # one line: what the badge rewards
    first_hint: str  # how to earn the first level
    hint: str  # how to earn the next one; {n} is how many more, {s} a plural "s", {level} the next level
    why: str  # a paragraph for the badge page, in the spirit of the original #MyWe guide
    action: tuple[str, str] = ("", "")  # where to go to do what the hints say: (link text, path)

    @property
    def levels(self) -> range:
        return range(1, len(self.thresholds) + 1)

    @property
    def top_level(self) -> int:
        return len(self.thresholds)

    def threshold(self, level: int) -> int:
        return self.thresholds[level - 1]

    def level_for(self, value: int) -> int:
        return sum(1 for t in self.thresholds if value >= t)

    def progress(self, value: int) -> Progress:
        level = self.level_for(value)
        return Progress(
            value=value,
            level=level,
            next_threshold=self.thresholds[level] if level < self.top_level else None,
            previous_threshold=self.thresholds[level - 1] if level else 0,
        )

    def count(self, n: int) -> str:
        """'1 chat hosted', '3 chats hosted'."""
        return f"{n:,} {self.unit_one if n == 1 else self.unit}"

    def next_hint(self, value: int) -> str:
        """What to do next, in words: the first step for newcomers, then how many more."""
        progress = self.progress(value)
        if progress.next_threshold is None:
            return f"You hold the top level of {self.name}. Thank you for all you give the community!"
        if progress.level == 0 and value == 0:
            return self.first_hint
        n = progress.to_go
        return self.hint.format(n=f"{n:,}", s="" if n == 1 else "s", level=progress.level + 1)

    def __str__(self) -> str:
        return self.name


BADGES: tuple[Badge, ...] = (
    Badge(
        slug=Slug.CHAT_HOST.value,
        name="Chat Host",
        thresholds=(1, 3, 5, 10),
        unit="chats hosted",
        unit_one="chat hosted",
        description="Rewards guest-hosting tweetchats: you choose what the community talks about.",
        first_hint="Host a chat: propose a topic to your We with the guest-host form.",
        hint="Host {n} more chat{s} to reach level {level}: propose a topic to your We or to another one.",
        action=("Propose a chat", "/chats/host/"),
        why=(
            "The communities talk about what matters to their members, and members decide what that is. "
            "Guest-hosting a tweetchat lets you crowd-source ideas or share good practice, whether you are "
            "new here or a seasoned tweeter. Only chats that took place and were archived count."
        ),
    ),
    Badge(
        slug=Slug.CHATS.value,
        name="Chats",
        thresholds=(1, 5, 10, 25, 50, 100),
        unit="chats joined",
        unit_one="chat joined",
        description="Rewards joining tweetchats, in every We: at least one tweet in the chat's hour.",
        first_hint="Join a chat: tweet with the chat's hashtag while it runs.",
        hint="Join {n} more chat{s} to reach level {level}: try a chat of another We from the calendar.",
        action=("See the chat calendar", "/chats/"),
        why=(
            "Care is given by many professions and services, and you can learn from peers in other fields. "
            "Every chat in every We counts: a chat counts once you have tweeted in it with its hashtag, "
            "from fifteen minutes before it starts to fifteen minutes after it ends."
        ),
    ),
    Badge(
        slug=Slug.HASHTAGS.value,
        name="Hashtags",
        thresholds=(10, 50, 100, 250, 500, 1000),
        unit="tweets with a We hashtag",
        unit_one="tweet with a We hashtag",
        description="Rewards tweeting with the community hashtags, in and between chats.",
        first_hint="Tweet with a We hashtag, such as #WeNurses, to share what you read or learn.",
        hint="Send {n} more tweet{s} with a We hashtag to reach level {level}: try the hashtag of another We too.",
        action=("See the chat calendar", "/chats/"),
        why=(
            "Each tweet carrying the hashtag of any We counts once, however many hashtags it carries, "
            "so you can see how often you add to the conversation with your tweeting peers."
        ),
    ),
    Badge(
        slug=Slug.ENGAGEMENT.value,
        name="Engagement",
        thresholds=(10, 50, 100, 250, 500, 1000),
        unit="interactions",
        unit_one="interaction",
        description="Rewards talking with other community members: replies, mentions, retweets and quotes.",
        first_hint="Reply to, mention, retweet or quote someone from the communities.",
        hint="Reply to, mention, retweet or quote community members: {n} more interaction{s} to reach level {level}.",
        action=("Join the next chat", "/chats/"),
        why=(
            "Engaging on X means the conversations and the sharing. Each of your tweets counts once for "
            "each other community member it replies to, mentions, retweets or quotes. Replies to yourself "
            "and people outside the communities do not count."
        ),
    ),
    Badge(
        slug=Slug.FOLLOWERS.value,
        name="Followers",
        thresholds=(10, 25, 50, 100, 250, 500),
        unit="followers in the communities",
        unit_one="follower in the communities",
        description="Counts your followers who are community members.",
        first_hint="Engage in the chats: people you talk with tend to follow you.",
        hint="{n} more follower{s} from the communities will bring level {level}: the more you engage, the faster they come.",
        action=("Join the next chat", "/chats/"),
        why=(
            "Only followers who have tweeted with a We hashtag count, read from the lists you let us see "
            "when you log in with X. Are your followers who you think they are? Their bios tell you."
        ),
    ),
    Badge(
        slug=Slug.FOLLOWING.value,
        name="Following",
        thresholds=(10, 25, 50, 100, 250, 500),
        unit="community members you follow",
        unit_one="community member you follow",
        description="Counts the community members you follow.",
        first_hint="Follow a few people you met in a chat, in your We and in others.",
        hint="Follow {n} more community member{s} to reach level {level}: include people who think differently.",
        action=("People worth following", "/mywe/suggestions/"),
        why=(
            "X connects you with passionate people like you, and with people who have other drivers and "
            "goals. Only accounts that have tweeted with a We hashtag count."
        ),
    ),
    Badge(
        slug=Slug.BLOG_COMMENT.value,
        name="Blog Comment",
        thresholds=(1, 5, 10, 25),
        unit="comments on WeBlog posts",
        unit_one="comment on a WeBlog post",
        description="Rewards commenting on WeBlog posts.",
        first_hint="Comment on a WeBlog post: even a quick thank-you helps its author.",
        hint="Comment on {n} more WeBlog post{s} to reach level {level}.",
        action=("Read the WeBlog", "/blog/"),
        why=(
            "Writing a blog takes time and effort. A comment, or just a quick thanks, tells its author it "
            "was useful. Comments on published posts count unless a moderator has hidden them."
        ),
    ),
    Badge(
        slug=Slug.WEBLOG.value,
        name="WeBlog",
        thresholds=(1, 3, 5, 10),
        unit="published WeBlog posts",
        unit_one="published WeBlog post",
        description="Rewards writing for the WeBlog.",
        first_hint="Write a WeBlog post: share a reflection, a guide or an idea.",
        hint="Get {n} more WeBlog post{s} published to reach level {level}.",
        action=("Write a WeBlog post", "/blog/new/"),
        why=(
            "Blogging helps you order your thoughts and can start whole new conversations, connecting you "
            "to people, ideas and solutions. Posts count once a moderator has published them."
        ),
    ),
)

BY_SLUG: dict[str, Badge] = {badge.slug: badge for badge in BADGES}
CHOICES = [(badge.slug, badge.name) for badge in BADGES]


def get(slug: str) -> Badge:
    """The badge with this slug; KeyError names the slugs there are."""
    try:
        return BY_SLUG[slug]
    except KeyError:
        raise KeyError(f"no badge {slug!r}; badges are {', '.join(BY_SLUG)}") from None
