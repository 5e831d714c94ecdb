"""Runs the demo's tweet generator beside the archiver. Generating two years of chats is pure
Python and the archive is busy with parsing and SQL, so on Linux the generator runs in a forked
process and hands over pages of JSON while this one archives them: two cores, a shorter wait.
Elsewhere it runs inline. Both give the same world: the generator has its own seeded RNG."""

from __future__ import annotations

import multiprocessing
import queue
import sys
import traceback
from dataclasses import dataclass

import orjson

from .activity import Activity
from .chat_plans import ChatPlan
from .people import Person
from .tweeting import Archiver, Made, Pager


@dataclass
class Outcome:
    """What the generator learned that later phases need: who tweeted how much (members are
    chosen by it), each chat's size and participants, and the tweets to delete later."""

    tweets_by_author: dict[int, int]
    chats: list[tuple[int, set[int]]]
    deletions: list[tuple[str, str]]

    def apply(self, people: list[Person], chats: list[ChatPlan]) -> None:
        for person in people:
            person.tweets = self.tweets_by_author.get(person.id, 0)
        for chat, (tweets, participants) in zip(chats, self.chats, strict=True):
            chat.tweets, chat.participants = tweets, participants


def can_fork() -> bool:
    # macOS lists fork but its system libraries are not fork-safe; Windows has no fork.
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def generate_and_archive(activity: Activity, chats: list[ChatPlan], first_ms: int, weeks: int, budget: int,
                         archiver: Archiver) -> Outcome:
    if not can_fork():
        activity.run(chats, first_ms, weeks, budget, Pager(archiver))
        return outcome(activity, chats)
    context = multiprocessing.get_context("fork")
    pages = context.Queue(maxsize=8)  # bounded: the generator waits rather than fill memory
    child = context.Process(target=_produce, args=(activity, chats, first_ms, weeks, budget, pages), daemon=True)
    child.start()
    try:
        while True:
            kind, body = _next(pages, child)
            if kind == "page":
                archiver(orjson.loads(body))
            elif kind == "done":
                return body
            else:
                raise RuntimeError(f"the demo's tweet generator failed:\n{body}")
    finally:
        child.join(timeout=10)
        if child.is_alive():
            child.terminate()


def outcome(activity: Activity, chats: list[ChatPlan]) -> Outcome:
    people = {p.id: p for group in activity.members.values() for p in group}
    deleted: list[Made] = activity.deletable
    return Outcome(
        tweets_by_author={i: p.tweets for i, p in people.items() if p.tweets},
        chats=[(c.tweets, c.participants) for c in chats],
        deletions=[(m.json["id"], m.json["author_id"]) for m in deleted],
    )


def _produce(activity: Activity, chats: list[ChatPlan], first_ms: int, weeks: int, budget: int, pages) -> None:
    # In the forked child: no database here, only pages out. The parent's connection is
    # inherited but never touched, and the child leaves with os._exit (multiprocessing's).
    try:
        activity.run(chats, first_ms, weeks, budget, Pager(lambda page: pages.put(("page", orjson.dumps(page)))))
        pages.put(("done", outcome(activity, chats)))
    except BaseException:
        pages.put(("error", traceback.format_exc()))


def _next(pages, child):
    while True:
        try:
            return pages.get(timeout=1)
        except queue.Empty:
            if not child.is_alive():
                raise RuntimeError("the demo's tweet generator stopped without a word") from None
