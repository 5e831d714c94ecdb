"""The demo world's people: X accounts with names, handles, professional bios, the communities
they belong to and how active they are (heavy-tailed: a few very active, many occasional)."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import quote

from . import vocab


# Compared by identity: people are unique, and field-by-field equality is slow in hot loops.
@dataclass(slots=True, eq=False)
class Person:
    id: int
    handle: str
    name: str
    bio: str
    profession: str
    communities: tuple[str, ...]
    # Relative activity: how likely this person is to join a chat and how much they tweet there.
    weight: float
    joined: datetime
    followers: int
    following: int
    avatar_url: str
    place: str = ""
    role: str = ""
    tweets: int = 0
    _user: dict | None = field(default=None, repr=False)

    @property
    def is_outsider(self) -> bool:
        """Someone followed by members who never tweets on a community hashtag."""
        return not self.communities

    def user_json(self) -> dict:
        """This account as an X API v2 user object (built once, shared by every payload)."""
        if self._user is None:
            self._user = {
                "id": str(self.id),
                "name": self.name,
                "username": self.handle,
                "created_at": v2_time(self.joined),
                "description": self.bio,
                "location": self.place,
                "profile_image_url": self.avatar_url,
                "protected": False,
                "verified": False,
                "public_metrics": {
                    "followers_count": self.followers,
                    "following_count": self.following,
                    "tweet_count": 50 + int(self.weight * 40),
                    "listed_count": int(self.weight),
                },
            }
        return self._user


def v2_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def make_people(rng: random.Random, count: int, now: datetime, communities: list[tuple]) -> list[Person]:
    """`count` accounts: one official account per community, ~8% outsiders (seen only in the
    follow graph), the rest professionals spread over the communities by profession."""
    taken: set[str] = set()
    ids: set[int] = set()
    people = [_official(rng, row, now, taken, ids) for row in communities]
    outsiders = max(2, count * 8 // 100)
    professions = list(vocab.PROFESSIONS)
    weights = [vocab.PROFESSIONS[p]["weight"] for p in professions]
    while len(people) < count - outsiders:
        people.append(_professional(rng, rng.choices(professions, weights)[0], now, taken, ids))
    while len(people) < count:
        people.append(_outsider(rng, now, taken, ids))
    return people


def members_of(people: list[Person]) -> dict[str, list[Person]]:
    by_community: dict[str, list[Person]] = {}
    for person in people:
        for community in person.communities:
            by_community.setdefault(community, []).append(person)
    return by_community


def _official(rng: random.Random, row: tuple, now: datetime, taken: set[str], ids: set[int]) -> Person:
    name, display, colour, description = row
    taken.add(name.lower())
    return Person(
        id=_new_id(rng, ids, old=True), handle=name, name=f"{display} 💙", bio=description,
        profession="official", communities=(name,), weight=25.0,
        joined=now - timedelta(days=rng.randint(2500, 3500)), followers=rng.randint(8000, 60000),
        following=rng.randint(1500, 5000), avatar_url=avatar(name[2:4].upper(), colour), place="UK",
        role="community account",
    )


def _professional(rng: random.Random, profession: str, now: datetime, taken: set[str], ids: set[int]) -> Person:
    spec = vocab.PROFESSIONS[profession]
    first, last = rng.choice(vocab.FIRST_NAMES), rng.choice(vocab.SURNAMES)
    role, place = rng.choice(spec["roles"]), rng.choice(vocab.PLACES)
    academic = any(word in role.lower() for word in ("lecturer", "consultant", "research", "academic"))
    title = "Dr " if academic and rng.random() < 0.4 else ""
    suffix = " PhD" if academic and not title and rng.random() < 0.2 else rng.choice(vocab.NAME_DECORATIONS)
    name = f"{title}{first} {last}{suffix}"
    # Pareto(1.2): most people tweet now and then, a few in every chat.
    weight = min(rng.paretovariate(1.2), 60.0)
    followers = int(40 + weight * rng.uniform(30, 150) + rng.paretovariate(1.5) * 60)
    return Person(
        id=_new_id(rng, ids, old=rng.random() < 0.5), handle=_handle(rng, first, last, _signatures(role, spec), taken),
        name=name, bio=_bio(rng, role, place, spec), profession=profession,
        communities=_communities(rng, spec["community"], profession, role), weight=weight,
        joined=now - timedelta(days=rng.randint(200, 4500)), followers=followers,
        following=int(followers * rng.uniform(0.5, 1.6)) + 20,
        avatar_url=avatar(first[0] + last[0], _colour(rng)), place=place, role=role,
    )


def _outsider(rng: random.Random, now: datetime, taken: set[str], ids: set[int]) -> Person:
    if rng.random() < 0.3:
        name = rng.choice(vocab.OUTSIDER_NAMES)
    else:
        name = f"{rng.choice(vocab.FIRST_NAMES)} {rng.choice(vocab.SURNAMES)}"
    handle = _unique(rng, re.sub(r"[^A-Za-z0-9_]", "", name.replace(" ", ""))[:15], taken)
    followers = int(rng.paretovariate(1.1) * 300)
    return Person(
        id=_new_id(rng, ids, old=rng.random() < 0.6), handle=handle, name=name,
        bio=rng.choice(vocab.OUTSIDER_BIOS), profession="outsider", communities=(), weight=1.0,
        joined=now - timedelta(days=rng.randint(300, 5000)), followers=followers,
        following=rng.randint(50, 2000), avatar_url=avatar(name[:1] + name.split()[-1][:1], _colour(rng)),
    )


def _communities(rng: random.Random, home: str, profession: str, role: str) -> tuple[str, ...]:
    joined = [home]
    lowered = role.lower()
    if profession == "student_nurse":
        # Students follow their field's community too.
        for word, community in (("mental", "WeMHNurses"), ("learning", "WeLDNurses")):
            if word in lowered:
                joined.append(community)
    if profession in {"mental_health", "learning_disability", "community_nurse", "student_nurse"} and rng.random() < 0.35:
        joined.append("WeNurses")
    if profession == "nurse" and rng.random() < 0.15:
        joined.append("WeStudentNurses")  # practice educators and mentors
    if rng.random() < 0.15:
        joined.append(rng.choice(list(vocab.COMMUNITY_SCHEDULE)))
    return tuple(dict.fromkeys(joined))


def _bio(rng: random.Random, role: str, place: str, spec: dict) -> str:
    interests = rng.sample(spec["interests"], k=min(len(spec["interests"]), rng.randint(1, 3)))
    if rng.random() < 0.4:
        interests.append(rng.choice(vocab.SHARED_INTERESTS))
    where = rng.choice([f" in {place}", f", {place}", f" based in {place}", ""])
    passion = rng.choice(["Passionate about", "Interested in", "Love", "Special interest in", "Championing", "All things"])
    parts = [f"{role}{where}.", f"{passion} {_join(interests)}."]
    for _ in range(rng.randint(0, 2)):
        parts.append(rng.choice(vocab.BIO_EXTRAS))
    if rng.random() < 0.15:
        rng.shuffle(parts)
    return " ".join(dict.fromkeys(parts))[:160]


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _signatures(role: str, spec: dict) -> list[str]:
    """What a handle may carry: the role's own signature if it has one, else the profession's."""
    lowered = role.lower()
    return [tag for tag, word in vocab.ROLE_HANDLES.items() if word in lowered] or spec["handle"]


def _handle(rng: random.Random, first: str, last: str, signatures: list[str], taken: set[str]) -> str:
    first_c = re.sub(r"[^A-Za-z]", "", first)
    last_c = re.sub(r"[^A-Za-z]", "", last)
    tag = rng.choice(signatures)
    pattern = rng.randrange(7)
    if pattern == 0:
        base = f"{first_c}{last_c}"
    elif pattern == 1:
        base = f"{first_c}_{last_c}"
    elif pattern == 2:
        base = f"{first_c}{tag}"
    elif pattern == 3:
        base = f"{tag}{first_c}"
    elif pattern == 4:
        base = f"{first_c[0]}{last_c}{rng.randint(60, 99)}"
    elif pattern == 5:
        base = f"{first_c}{last_c[0]}_{tag}"
    else:
        base = f"{last_c}{first_c[0]}{tag}".lower()
    return _unique(rng, base[:15], taken)


def _unique(rng: random.Random, base: str, taken: set[str]) -> str:
    handle = base or "user"
    while handle.lower() in taken:
        suffix = str(rng.randint(1, 999))
        handle = f"{base[: 15 - len(suffix)]}{suffix}"
    taken.add(handle.lower())
    return handle


def _new_id(rng: random.Random, ids: set[int], old: bool) -> int:
    # Accounts from before 2016 have short sequential ids; later ones are 19-digit snowflakes.
    while True:
        candidate = rng.randint(10**7, 4 * 10**9) if old else rng.randint(7 * 10**17, 1_800_000_000_000_000_000)
        if candidate not in ids:
            ids.add(candidate)
            return candidate


_COLOURS = ["#005eb8", "#ae2573", "#007f3b", "#8a4b00", "#330072", "#006747", "#00567a", "#7c2855",
            "#d5281b", "#41b6e6", "#768692", "#ffb81c", "#4c6272", "#a00054", "#003087"]


def _colour(rng: random.Random) -> str:
    return rng.choice(_COLOURS)


def avatar(initials: str, colour: str) -> str:
    """A small SVG with the initials as a data URL: the demo must work offline, so its
    avatars cannot live on X's image servers."""
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 48 48'>"
        f"<rect width='48' height='48' rx='24' fill='{colour}'/>"
        "<text x='24' y='31' font-family='sans-serif' font-size='18' fill='white' "
        f"text-anchor='middle'>{initials}</text></svg>"
    )
    return "data:image/svg+xml," + quote(svg, safe="/:='")
