"""The demo world's WeBlog: a handful of published posts by demo members with comments from
others, one post waiting in the moderation queue and one declined, so every page has
something to show."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from blog.models import Comment, Post
from blog.signals import send_blog_changed
from tweets.models import Account, Community

from .members import link_demo_members
from .world import DemoWorld

# (title, community hashtags, body) — written the way members write.
POSTS = [
    (
        "What I learnt hosting my first tweetchat",
        ["wenurses"],
        """I was nervous. An hour, eight questions, and a timeline moving faster than I could read.
Here is what helped, in case you are thinking of hosting one.

## Before the chat

- **Write the questions a week ahead** and share them, so people can think.
- Ask a friend to co-host: one of you posts questions, the other replies.
- Schedule the questions in a tool, leaving about *seven minutes* between them.

## During the chat

Don't try to read everything. Reply to the first-timers — a welcome matters more than a
clever answer.

> The best chats feel like a staff room at its kindest.

## Afterwards

Read the [transcript](https://www.wecommunities.org/) the next day, with a cup of tea.
""",
    ),
    (
        "Five tips for your first placement",
        ["westudentnurses", "wenurses"],
        """Starting placement is a big step. These helped me, and people in the
#WeStudentNurses chat added more.

1. Find out who your practice supervisor is **before** day one.
2. Carry a small notebook: you will hear ten new acronyms an hour.
3. Ask "can I watch, then try?" — nobody minds.
4. Eat lunch. Really.
5. Reflect each week: what went well, what would you do differently?
""",
    ),
    (
        "Reflection: a difficult conversation about continence",
        ["wecommnurses"],
        """Last month a patient told me she had not left the house in a year because of
incontinence. She had never mentioned it to anyone.

What made the difference was time, and asking plainly. We made a plan together, and she now
goes to her granddaughter's football on Saturdays.

If you want to read more, the *Continence Care* guidance is a good start.
""",
    ),
    (
        "Why allied health professionals should join the conversation",
        ["weahps"],
        """Physios, OTs, dietitians, paramedics, radiographers — we are the second largest
workforce in health care, and yet our voices are often missing.

Tweetchats are a low-effort way to share what we do. Join #WeAHPs on a Wednesday evening:
lurk first, then say hello.
""",
    ),
    (
        "Medicines reconciliation: a quick guide",
        ["wepharmacists", "wenurses"],
        """Medicines reconciliation is the process of making sure the list of medicines a
patient is on is *right* at each transfer of care.

| Step | Who | When |
| --- | --- | --- |
| Collect | Admitting team | On admission |
| Check | Pharmacy | Within 24 hours |
| Communicate | Everyone | At discharge |

Ask your pharmacy team: they would love to help.
""",
    ),
    (
        "Supporting new midwives through their first year",
        ["wemidwives"],
        """The first year after qualifying is tough. In #WeMidwives last week we talked about
preceptorship, and three things came up again and again:

- protected time for learning,
- a named person to go to, and
- being allowed to say "I don't know yet".

What worked for you? Tell me in the comments.
""",
    ),
]

QUEUED = (
    "Looking after yourself on night shifts",
    ["wenurses"],
    """Sleep, food and light: small changes that made nights bearable for me.

- Blackout blinds and a fan for white noise.
- A proper meal before the shift, small snacks during it.
- Sunglasses on the way home.
""",
)
DECLINED = ("Buy my revision course", [], "Fifty per cent off this week only: [click here](https://example.com).")

COMMENTS = [
    "Thank you for this, really useful.",
    "I hosted my first chat last year and wish I had read this first!",
    "Sharing this with our students.\nThe bit about reflection is spot on.",
    "Great post. There is more on this at https://www.wecommunities.org/ for anyone interested.",
    "This made me think about how we do handovers on our ward.",
    "Brilliant. Could you write one about preceptorship too?",
    "So true about lunch 😊",
    "We tried this in our team and it worked well.",
]

MAX_MEMBERS = 8
MIN_MEMBERS = 3


def _demo_members(world: DemoWorld) -> list:
    """The most active demo members (the members builder links them to accounts); failing
    that, users made now for the most active accounts; failing that (no archive), plain users."""
    User = get_user_model()
    ids = list(world.made.get("member_user_ids") or [])[:MAX_MEMBERS]
    if len(ids) < MIN_MEMBERS:
        ids += (
            User.objects.filter(x_account__isnull=False)
            .exclude(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)[: MAX_MEMBERS - len(ids)]
        )
    if len(ids) < MIN_MEMBERS:
        active = (
            Account.objects.filter(member__isnull=True, deleted_at__isnull=True)
            .annotate(n=Count("tweets"))
            .order_by("-n", "id")
            .values_list("id", flat=True)[: MAX_MEMBERS - len(ids)]
        )
        ids += link_demo_members(list(active))
    for name in ["demo-amara", "demo-ben", "demo-chloe"][: max(0, MIN_MEMBERS - len(ids))]:
        user, _ = User.objects.get_or_create(username=name, defaults={"password": make_password(None)})
        ids.append(user.pk)
    order = {pk: n for n, pk in enumerate(ids)}
    return sorted(User.objects.filter(pk__in=ids).select_related("x_account"), key=lambda u: order[u.pk])


def _moderator():
    User = get_user_model()
    moderator = User.objects.filter(is_staff=True).order_by("pk").first()
    if moderator is None:
        moderator, _ = User.objects.get_or_create(
            username="demo-moderator", defaults={"is_staff": True, "password": make_password(None)}
        )
    return moderator


@transaction.atomic
def build_blog(world: DemoWorld) -> None:
    members = _demo_members(world)
    moderator = _moderator()
    communities = {c.hashtag: c for c in Community.objects.all()}
    rng = world.rng
    now = timezone.now().replace(second=0, microsecond=0)

    def upsert(title: str, tags: list[str], body: str, author, created) -> Post:
        post = Post.objects.filter(title=title).first() or Post(title=title)
        post.body, post.author, post.created_at, post.updated_at = body, author, created, created
        post.save()
        post.communities.set([communities[t] for t in tags if t in communities])
        return post

    published = []
    for i, (title, tags, body) in enumerate(POSTS):
        author = members[i % len(members)]
        created = now - timedelta(days=7 * (len(POSTS) - i) + rng.randint(0, 3), hours=rng.randint(0, 12))
        post = upsert(title, tags, body, author, created)
        approved = created + timedelta(hours=rng.randint(3, 30))
        Post.objects.filter(pk=post.pk).update(
            status=Post.Status.PUBLISHED,
            submitted_at=created + timedelta(hours=1),
            published_at=approved,
            moderated_by=moderator,
            moderated_at=approved,
            decline_reason="",
        )
        published.append(Post.objects.get(pk=post.pk))

    # Comments: rebuilt each run so the demo stays the same size.
    Comment.objects.filter(post__in=published).delete()
    comments = 0
    for post in published:
        others = [m for m in members if m.pk != post.author_id] or members
        for n in range(rng.randint(2, 4)):
            Comment.objects.create(
                post=post,
                author=others[(n + post.pk) % len(others)],
                body=rng.choice(COMMENTS),
                created_at=post.published_at + timedelta(hours=n * 5 + rng.randint(1, 4), minutes=rng.randint(0, 59)),
            )
            comments += 1

    queued = upsert(*QUEUED, members[0], now - timedelta(days=1))
    Post.objects.filter(pk=queued.pk).update(status=Post.Status.SUBMITTED, submitted_at=now - timedelta(hours=20))
    declined = upsert(*DECLINED, members[-1], now - timedelta(days=3))
    Post.objects.filter(pk=declined.pk).update(
        status=Post.Status.DECLINED,
        submitted_at=now - timedelta(days=3),
        moderated_by=moderator,
        moderated_at=now - timedelta(days=2),
        decline_reason="The WeBlog is for sharing knowledge and experience, not for advertising. "
        "You are welcome to write about what you learnt instead.",
    )
    # Publishing above bypassed the model's moderation (to backdate it): tell badges directly.
    send_blog_changed(m.pk for m in members)
    world.made["blog_posts"] = published
    world.say(f"{len(published)} published blog posts with {comments} comments, 1 awaiting review, 1 declined")
