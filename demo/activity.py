"""Who tweets what, and when, in the demo world.

Chats are where most tweets happen: the host posts a welcome, questions Q1… at intervals and a
closing thank-you; participants say hello, answer "A1 …" as replies to the questions, reply to
each other, retweet and quote. Between chats, members tweet now and then on the hashtags.
Participation is heavy-tailed: people are drawn by their activity weight.
"""

from __future__ import annotations

import heapq
import random
from bisect import bisect_right
from collections import deque
from itertools import accumulate

from chats.models import Tweetchat

from . import talk, vocab
from .chat_plans import LONDON, ChatPlan, topic_phrase
from .people import Person
from .tweeting import Made, Pager, Text, Tweeter, to_ms

MINUTE = 60_000
HOUR = 60 * MINUTE
DAY = 24 * HOUR
WEEK = 7 * DAY
CHAT_SHARE = 0.8  # of all tweets, inside chats
# When people tweet between chats (UK hours): mornings, lunch, and evenings most.
HOUR_WEIGHTS = list(accumulate([1, 1, 1, 1, 1, 1, 3, 6, 7, 6, 5, 5, 8, 7, 5, 5, 5, 6, 8, 9, 10, 10, 7, 3]))


class Activity:
    def __init__(self, rng: random.Random, members: dict[str, list[Person]], officials: dict[str, Person]):
        self.rng = rng
        self.make = Tweeter(rng)
        self.members = members
        self.officials = officials
        self.cum = {name: list(accumulate(p.weight for p in people)) for name, people in members.items()}
        self.pools: dict[str, deque[Made]] = {name: deque(maxlen=300) for name in members}
        self.deletable: list[Made] = []

    # ------------------------------------------------------------ the two years

    def run(self, chats: list[ChatPlan], first_ms: int, weeks: int, budget: int, pager: Pager) -> None:
        """Every past week in time order: its chats and the tweets between them."""
        rng = self.rng
        past = sorted((c for c in chats if c.status == Tweetchat.Status.ARCHIVED), key=lambda c: c.start)
        total_size = sum(c.size for c in past) or 1.0
        for chat in past:
            chat.tweets = max(len(chat.questions) + 14, round(budget * CHAT_SHARE * chat.size / total_size))
        between = max(0, budget - sum(c.tweets for c in past))
        growth = [0.75 + 0.5 * w / max(1, weeks) for w in range(weeks)]
        names = list(self.members)
        sizes = list(accumulate(vocab.COMMUNITY_SCHEDULE[n][2] for n in names))
        index = 0
        for week in range(weeks):
            start = first_ms + week * WEEK
            events: list[tuple[int, int, object]] = []
            while index < len(past) and to_ms(past[index].start) < start + WEEK:
                events.append((to_ms(past[index].start) - 13 * MINUTE, 0, past[index]))
                index += 1
            expected = between * growth[week] / sum(growth)
            for _ in range(int(expected) + (rng.random() < expected % 1)):
                hour = bisect_right(HOUR_WEIGHTS, rng.random() * HOUR_WEIGHTS[-1])
                at = start + rng.randrange(7) * DAY + hour * HOUR + rng.randrange(HOUR)
                events.append((at, 1, rng.choices(names, cum_weights=sizes)[0]))
            events.sort(key=lambda e: (e[0], e[1]))
            made: list[Made] = []
            for at, _, what in events:
                if isinstance(what, ChatPlan):
                    made.extend(self.chat(what))
                else:
                    made.append(self.between(what, at))
            pager.emit(made)
        pager.close()

    # ------------------------------------------------------------ helpers

    def pick(self, community: str) -> Person:
        return self.rng.choices(self.members[community], cum_weights=self.cum[community])[0]

    def sample(self, people: list[Person], count: int) -> list[Person]:
        """`count` different people, each drawn with probability growing with their weight."""
        rng = self.rng
        return heapq.nlargest(count, people, key=lambda p: rng.random() ** (1.0 / p.weight))

    def tags(self, author: Person, community: str, chance: float = 1.0) -> list[str]:
        rng = self.rng
        tags = [community] if rng.random() < chance else []
        if rng.random() < 0.06:
            others = [c for c in author.communities if c != community]
            tags.append(rng.choice(others or ["WeNurses" if community != "WeNurses" else "WeStudentNurses"]))
        return tags

    def answer(self, number: int | None, mention: Person | None = None) -> Text:
        rng = self.rng
        opener, phrase = rng.choice(talk.OPENERS), rng.choice(talk.ANSWER_PHRASES)
        if not opener or opener[-1] in ".!":
            phrase = phrase[0].upper() + phrase[1:]
        sentence = f"{opener} {phrase}" if opener else phrase
        text = Text()
        if number:
            text.add(f"A{number} ")
        if mention is not None:
            text.mention(mention)
        return text.add(f"{sentence}{rng.choice(talk.CLOSERS)}")

    def remember(self, community: str, made: Made, deletable: bool = True) -> None:
        self.pools[community].append(made)
        # A few people delete a tweet later: the archive must hide it everywhere.
        if deletable and self.rng.random() < 0.002:
            self.deletable.append(made)

    def earlier(self, community: str, at: int, author: Person) -> Made | None:
        pool = self.pools[community]
        for _ in range(3):
            if not pool:
                return None
            candidate = pool[-1 - self.rng.randrange(min(len(pool), 60))]
            if candidate.at < at and candidate.author is not author:
                return candidate
        return None

    # ------------------------------------------------------------ between chats

    def between(self, community: str, at: int) -> Made:
        rng, make = self.rng, self.make
        author = self.pick(community)
        target = self.earlier(community, at, author)
        roll = rng.random()
        if target is not None and roll < 0.25:
            body = Text().add(rng.choice(talk.REPLY_PHRASES) + rng.choice(talk.CLOSERS))
            made = make.reply(author, at, target, body.tags(self.tags(author, community, 0.5)))
        elif target is not None and roll < 0.42:
            return make.retweet(author, at, target)
        elif target is not None and roll < 0.48:
            body = Text().add(rng.choice(talk.QUOTE_PHRASES)).tags(self.tags(author, community, 0.8))
            made = make.quote(author, at, target, body)
        else:
            phrase = rng.choice(talk.ANSWER_PHRASES)
            text = Text().add(rng.choice(talk.BETWEEN_TEMPLATES).format(
                topic=topic_phrase(rng.choice(vocab.TOPICS[community])), phrase=phrase[0].upper() + phrase[1:]))
            if rng.random() < 0.15:
                text.add(" h/t ").mention(self.pick(community), then="")
            made = make.original(author, at, text.tags(self.tags(author, community, 0.85)))
        self.remember(community, made)
        return made

    # ------------------------------------------------------------ one chat

    def chat(self, plan: ChatPlan) -> list[Made]:
        rng, name = self.rng, plan.community
        start = to_ms(plan.start)
        end = start + HOUR
        lead, guest = plan.hosts[0], plan.hosts[-1]
        out = self.host_tweets(plan, start)
        welcome, closing, questions = out[-2 - len(plan.questions)], out[-1], out[-1 - len(plan.questions):-1]
        asked = [q.at for q in questions]
        pool = [p for p in self.members[name] if p not in plan.hosts and p.profession != "official"]
        remaining = max(3, plan.tweets - len(out))
        people = self.sample(pool, min(len(pool), max(3, round(remaining / 3.5))))
        authors = people + rng.choices(
            people + plan.hosts, k=max(0, remaining - len(people)),
            weights=[p.weight for p in people] + [max(h.weight, 5.0) * 2 for h in plan.hosts],
        )
        slots = sorted(((self.chat_time(start, end, asked), a) for a in authors), key=lambda slot: slot[0])
        recent: list[Made] = []
        answers: dict[int, Made] = {}
        for at, author in slots:
            number = bisect_right(asked, at)
            if author in plan.hosts:
                made = self.hosting(plan, author, at, questions[:number], recent, welcome)
            elif number == 0 or at < welcome.at:
                made = self.hello(plan, author, at, welcome, guest)
            elif at >= closing.at:
                made = self.goodbye(plan, author, at, closing, guest)
            else:
                made = self.during(plan, author, at, questions[:number], recent, answers, lead, guest)
            out.append(made)
            plan.participants.add(author.id)
            if made.json["text"].startswith("RT @"):
                continue
            recent.append(made)
            self.remember(name, made)
        plan.tweets = len(out)
        return out

    def chat_time(self, start: int, end: int, asked: list[int]) -> int:
        rng = self.rng
        roll = rng.random()
        if roll < 0.07:
            return start - rng.randrange(12 * MINUTE)
        if roll < 0.11:
            return end + rng.randrange(12 * MINUTE)
        if roll < 0.72:
            # A burst of answers after each question.
            after = rng.choice(asked) + min(int(rng.expovariate(1 / (3.5 * MINUTE))), 14 * MINUTE)
            return min(after, end - 1000)
        return start + rng.randrange(HOUR)

    def host_tweets(self, plan: ChatPlan, start: int) -> list[Made]:
        """A reminder on the day, the welcome, the questions at intervals and the thank-you."""
        rng, make, name = self.rng, self.make, plan.community
        lead, guest = plan.hosts[0], plan.hosts[-1]
        topic = topic_phrase(plan.topic)
        out = []
        official = self.officials[name]
        if official in plan.hosts or rng.random() < 0.5:
            local = plan.start.astimezone(LONDON)
            text = Text().add(f"Tonight at {local.hour % 12 or 12}pm: {plan.topic}")
            if guest is not official:
                text.add(", with ").mention(guest, then="")
            text.add(". Questions from five past. See you there!")
            out.append(make.original(official, start - rng.randrange(2 * HOUR, 8 * HOUR), text.tags([name])))
        text = Text().add(f"Welcome to tonight's chat on {topic}! ")
        if guest is not lead:
            text.add("Our guest host is ").mention(guest, then=". ")
        text.add("Say hello and tell us who you are and where you're joining from 👋")
        out.append(make.original(lead, start + rng.randrange(MINUTE), text.tags([name])))
        step = 45 * MINUTE // (len(plan.questions) - 1)
        for number, question in enumerate(plan.questions):
            at = start + 5 * MINUTE + number * step + rng.randrange(40_000)
            out.append(make.original(lead, at, Text().add(f"Q{number + 1} {question}").tags([name])))
        text = Text().add(f"That's time! Thank you all for a brilliant chat on {topic}")
        if guest is not lead:
            text.add(", and to ").mention(guest, then=" for hosting")
        text.add(". Transcript to follow 💙")
        out.append(make.original(lead, start + 57 * MINUTE + rng.randrange(150_000), text.tags([name])))
        for made in out:
            self.remember(name, made, deletable=False)
        return out

    def hosting(self, plan: ChatPlan, host: Person, at: int, questions: list[Made], recent: list[Made],
                welcome: Made) -> Made:
        """A host between their questions: welcoming, thanking, retweeting answers; a co-host
        answers too."""
        rng, make, name = self.rng, self.make, plan.community
        others = [m for m in recent[-20:] if m.author is not host and m.at < at]
        roll = rng.random()
        if questions and host is not plan.hosts[0] and (roll < 0.25 or not others):
            body = self.answer(len(questions)).tags([name])
            return make.reply(host, at, questions[-1], body)
        if not others and host is plan.hosts[0]:
            return make.original(host, at, Text().add("Lovely to see so many of you here tonight 👋").tags([name]))
        if not others:
            return make.retweet(host, at, questions[-1] if questions else welcome)
        target = rng.choice(others)
        if roll < 0.7:
            phrase = rng.choice(talk.HOST_PHRASES if questions else talk.HOST_WELCOMES)
            return make.reply(host, at, target, Text().add(phrase).tags([name]))
        return make.retweet(host, at, target)

    def hello(self, plan: ChatPlan, author: Person, at: int, welcome: Made, guest: Person) -> Made:
        rng, make, name = self.rng, self.make, plan.community
        roll = rng.random()
        if at > welcome.at and roll < 0.15:
            return make.retweet(author, at, welcome)
        if at > welcome.at and roll < 0.3:
            body = Text().add(rng.choice(["Hello! Looking forward to this one", "Evening all!", "Hi everyone 👋"]))
            return make.reply(author, at, welcome, body.tags(self.tags(author, name, 0.9)))
        if roll < 0.4:
            text = Text().add("Looking forward to tonight's chat with ").mention(guest, then="!")
            return make.original(author, at, text.tags(self.tags(author, name)))
        template = rng.choice(talk.INTRO_TEMPLATES)
        text = Text().add(template.format(role=author.role or "Nurse", place=author.place or "the UK"))
        return make.original(author, at, text.tags(self.tags(author, name, 0.97)))

    def goodbye(self, plan: ChatPlan, author: Person, at: int, closing: Made, guest: Person) -> Made:
        rng, make, name = self.rng, self.make, plan.community
        roll = rng.random()
        if roll < 0.35:
            body = Text().add(rng.choice(["Thank you, great chat!", "Thanks all, so much to think about", "Brilliant as always 💙"]))
            return make.reply(author, at, closing, body.tags(self.tags(author, name, 0.8)))
        if roll < 0.65:
            return make.retweet(author, at, closing)
        text = Text().add("Thanks ").mention(guest, then=" for hosting, learned so much tonight")
        return make.original(author, at, text.tags(self.tags(author, name)))

    def during(self, plan: ChatPlan, author: Person, at: int, questions: list[Made], recent: list[Made],
               answers: dict[int, Made], lead: Person, guest: Person) -> Made:
        rng, make, name = self.rng, self.make, plan.community
        roll = rng.random()
        # Whoever joins a chat answers a question; some then reply, retweet and quote as well.
        if roll < 0.4 or author.id not in answers:
            index = len(questions) - 2 if len(questions) >= 2 and rng.random() < 0.15 else len(questions) - 1
            co_host = guest if guest is not lead and rng.random() < 0.3 else None
            body = self.answer(index + 1, co_host).tags(self.tags(author, name, 0.97))
            made = make.reply(author, at, questions[index], body)
            answers[author.id] = made
            return made
        target = None
        for candidate in reversed(recent[-25:]):
            if candidate.author is not author and rng.random() < 0.3:
                target = candidate
                break
        if target is not None and roll < 0.54:
            body = Text().add(rng.choice(talk.REPLY_PHRASES) + rng.choice(talk.CLOSERS))
            return make.reply(author, at, target, body.tags(self.tags(author, name, 0.85)))
        if roll < 0.8:
            return make.retweet(author, at, questions[-1] if target is None or rng.random() < 0.45 else target)
        if target is not None and roll < 0.84:
            body = Text().add(rng.choice(talk.QUOTE_PHRASES)).tags(self.tags(author, name, 0.9))
            return make.quote(author, at, target, body)
        if roll < 0.88 and author.id in answers:
            # A self-thread: more to say on one's own answer.
            body = self.answer(None).tags(self.tags(author, name, 0.9))
            return make.reply(author, at, answers[author.id], body)
        other = rng.choice(recent[-40:]).author if recent else author
        if roll < 0.95 and other is not author:
            text = Text().add("So many great answers tonight, like this from ").mention(other, then=" 👏")
            return make.original(author, at, text.tags(self.tags(author, name)))
        text = Text().add(rng.choice([f"Loving tonight's chat on {topic_phrase(plan.topic)}",
                                      "Taking so much from this chat already", "Great questions tonight"]))
        return make.original(author, at, text.tags(self.tags(author, name)))
