"""A made-up one-hour chat happening now, replayed through the same parse-and-archive path as
X's stream (`manage.py demo_chat`, `make demo-chat`): its transcript page fills as it arrives."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

import orjson

DEMO_PEOPLE = [
    ("Amara", "Okafor"), ("Ben", "Hughes"), ("Chloe", "Patel"), ("Dan", "Murphy"), ("Ella", "Wright"),
    ("Femi", "Adeyemi"), ("Grace", "Lloyd"), ("Harry", "Khan"), ("Isla", "Campbell"), ("Jack", "Evans"),
    ("Kiran", "Shah"), ("Leah", "Morgan"), ("Mo", "Rahman"), ("Nia", "Roberts"), ("Owen", "Price"),
    ("Priya", "Nair"), ("Ruth", "Davies"), ("Sam", "Taylor"), ("Tom", "Bennett"), ("Zoe", "Clarke"),
]
DEMO_QUESTIONS = [
    "What does a good handover look like on your ward?",
    "How do you look after your own wellbeing on a long shift?",
    "What one change would make the biggest difference to patient safety where you work?",
    "How do you support students and newly qualified colleagues?",
    "What will you take away from tonight's chat?",
]
DEMO_ANSWERS = [
    "Protected time matters more than anything", "A proper break and a cup of tea", "Listening first",
    "Clear handover sheets, every time", "Peer support after difficult shifts", "Honest conversations",
    "Asking the patient what matters to them", "Time to reflect with the team", "Kindness, always",
    "Speaking up early", "Good mentors make good nurses", "Celebrating the small wins",
]


def write_demo_chat(path: str | Path, hashtag: str, start: datetime, minutes: int = 60, seed: int = 2016) -> int:
    """A one-hour chat on `hashtag` as filtered-stream lines: a host asks five questions, people
    answer, reply, mention and retweet. Returns the number of lines written."""
    rng = random.Random(seed)
    host_id = 900_000_000_000_000_000
    users = [_demo_user(host_id, "WeCommunities", f"#{hashtag} host")] + [
        _demo_user(host_id + i, f"{first}{last}", f"{first} {last}") for i, (first, last) in enumerate(DEMO_PEOPLE, 1)
    ]
    lines, tweets = [], []
    next_id = _snowflake(start)
    per_question = minutes * 60 / len(DEMO_QUESTIONS)
    for number, question in enumerate(DEMO_QUESTIONS, 1):
        asked = start + timedelta(seconds=(number - 1) * per_question)
        next_id += 1_000_000
        q = _demo_tweet(next_id, users[0], asked, f"Q{number} {question} #{hashtag}")
        lines.append(q)
        tweets.append(q)
        for second in sorted(rng.uniform(20, per_question - 10) for _ in range(rng.randint(25, 45))):
            person = rng.choice(users[1:])
            at = asked + timedelta(seconds=second)
            next_id = max(next_id + 1_000, _snowflake(at))
            if rng.random() < 0.15:
                original = rng.choice(tweets)
                message = _demo_retweet(next_id, person, at, original, users)
            else:
                other = rng.choice(users[1:])
                text = f"A{number} {rng.choice(DEMO_ANSWERS)} @{other['username']} #{hashtag}"
                message = _demo_tweet(next_id, person, at, text, reply_to=q if rng.random() < 0.5 else None,
                                      mention=other)
            lines.append(message)
            tweets.append(message)
    Path(path).write_bytes(b"\n".join(orjson.dumps(m) for m in lines) + b"\n")
    return len(lines)


def _snowflake(moment: datetime) -> int:
    return (int(moment.timestamp() * 1000) - 1288834974657) << 22


def _demo_user(user_id: int, handle: str, name: str) -> dict:
    return {"id": str(user_id), "username": handle, "name": name, "description": "Demo account",
            "profile_image_url": "", "protected": False,
            "public_metrics": {"followers_count": 100, "following_count": 100, "tweet_count": 1000}}


def _demo_tweet(tweet_id: int, user: dict, at: datetime, text: str, reply_to: dict | None = None,
                mention: dict | None = None) -> dict:
    tag = text.rsplit("#", 1)[1]
    data: dict = {
        "id": str(tweet_id), "author_id": user["id"], "text": text, "lang": "en",
        "created_at": at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "conversation_id": reply_to["data"]["conversation_id"] if reply_to else str(tweet_id),
        "entities": {"hashtags": [{"start": len(text) - len(tag) - 1, "end": len(text), "tag": tag}]},
    }
    users = [user]
    if mention is not None:
        start = text.index("@" + mention["username"])
        data["entities"]["mentions"] = [{"start": start, "end": start + len(mention["username"]) + 1,
                                         "username": mention["username"], "id": mention["id"]}]
        users.append(mention)
    message: dict = {"data": data, "includes": {"users": users}}
    if reply_to is not None:
        data["referenced_tweets"] = [{"type": "replied_to", "id": reply_to["data"]["id"]}]
        data["in_reply_to_user_id"] = reply_to["data"]["author_id"]
        message["includes"]["tweets"] = [reply_to["data"]]
    return message


def _demo_retweet(tweet_id: int, user: dict, at: datetime, original: dict, users: list[dict]) -> dict:
    author = next(u for u in users if u["id"] == original["data"]["author_id"])
    message = _demo_tweet(tweet_id, user, at, f"RT @{author['username']}: {original['data']['text']}")
    message["data"]["referenced_tweets"] = [{"type": "retweeted", "id": original["data"]["id"]}]
    message["data"]["conversation_id"] = str(tweet_id)
    message["includes"]["users"].append(author)
    message["includes"]["tweets"] = [original["data"]]
    return message
