"""What each regulator asks of a revalidation (or renewal) and how our tweetchat entries are
timed: data, not code, so a new register is one more row.

Facts from the regulators' public guidance:
- NMC (nurses, midwives, nursing associates): every 3 years, 35 hours of CPD of which at least
  20 participatory, 5 written reflective accounts, 5 pieces of practice-related feedback and a
  reflective discussion.
- HCPC: renewal every 2 years; no set hours, but a continuous, up-to-date record of a mix of
  learning activities, and a CPD profile if audited.
- GPhC (pharmacists, pharmacy technicians): every year, 4 CPD records (at least 2 planned), a
  peer discussion and a reflective account.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import models

QUARTER_HOUR = 15


class Register(models.TextChoices):
    NURSE = "nmc-nurse", "Nurse (NMC)"
    MIDWIFE = "nmc-midwife", "Midwife (NMC)"
    NURSING_ASSOCIATE = "nmc-associate", "Nursing associate (NMC)"
    HCPC = "hcpc", "Allied health or other HCPC profession"
    GPHC = "gphc", "Pharmacist or pharmacy technician (GPhC)"


class Theme(models.TextChoices):
    """The four themes of the NMC Code, which the reflective accounts form asks about."""

    PEOPLE = "people", "Prioritise people"
    EFFECTIVE = "effective", "Practise effectively"
    SAFETY = "safety", "Preserve safety"
    TRUST = "trust", "Promote professionalism and trust"


class Method(models.TextChoices):
    TWEETCHAT = "tweetchat", "Online discussion (tweetchat)"
    READING = "reading", "Reading (tweetchat transcript)"
    COURSE = "course", "Course"
    STUDY_DAY = "study-day", "Study day"
    CONFERENCE = "conference", "Conference"
    E_LEARNING = "e-learning", "E-learning"
    WORKSHOP = "workshop", "Workshop or seminar"
    OTHER = "other", "Other"


@dataclass(frozen=True)
class Rule:
    regulator: str
    years: int
    hours: int | None  # None: the regulator sets no number
    participatory_hours: int | None
    reflections: int | None
    records: int | None
    also: tuple[str, ...] = ()  # what else it asks that this log does not hold


NMC = Rule(
    regulator="NMC",
    years=3,
    hours=35,
    participatory_hours=20,
    reflections=5,
    records=None,
    also=(
        "5 pieces of practice-related feedback",
        "a reflective discussion with another NMC registrant",
        "practice hours, a health and character declaration, indemnity and confirmation",
    ),
)

RULES: dict[str, Rule] = {
    Register.NURSE: NMC,
    Register.MIDWIFE: NMC,
    Register.NURSING_ASSOCIATE: NMC,
    Register.HCPC: Rule(
        regulator="HCPC",
        years=2,
        hours=None,
        participatory_hours=None,
        reflections=None,
        records=None,
        also=(
            "a continuous, up-to-date record of a mix of learning activities",
            "a CPD profile with evidence, if you are chosen for audit",
        ),
    ),
    Register.GPHC: Rule(
        regulator="GPhC",
        years=1,
        hours=None,
        participatory_hours=None,
        reflections=1,
        records=4,
        also=("at least 2 of the 4 records planned learning", "a peer discussion"),
    ),
}


def rule_for(register: str) -> Rule:
    return RULES.get(register, NMC)


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def window(renewal: date | None, years: int, today: date) -> tuple[date, date]:
    """The revalidation window, both ends included: from the day after the last renewal
    (`years` before the next) up to and including the renewal date. Without a renewal date, the
    `years` up to today."""
    end = renewal or today
    return years_before(end, years) + timedelta(days=1), end


def chat_minutes(first: datetime, last: datetime, start: datetime, end: datetime) -> int:
    """A tweetchat's CPD time: from the member's first to last tweet in it, rounded up to the
    quarter hour, at least a quarter hour (one tweet still took reading the chat) and at most
    the chat's length (tweets in the 15 minutes' grace either side do not lengthen it)."""
    span = max(0.0, (last - first).total_seconds()) / 60
    rounded = math.ceil(span / QUARTER_HOUR - 1e-9) * QUARTER_HOUR
    length = max(QUARTER_HOUR, round((end - start).total_seconds() / 60))
    return min(max(QUARTER_HOUR, rounded), length)


def hours_text(minutes: int) -> str:
    """Decimal hours as the regulators' templates ask for them: 75 → "1.25", 60 → "1"."""
    return f"{minutes / 60:.2f}".rstrip("0").rstrip(".")
