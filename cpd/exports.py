"""The CPD log as rows for CSV and PDF: one function decides what a row says, so both files
and the page agree."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from .models import Entry
from .rules import Theme, hours_text

COLUMNS = ("Date", "Method", "Topic", "Description", "Hours", "Participatory hours", "Code", "Evidence")
THEMES = dict(Theme.choices)


def dates_text(entry: Entry) -> str:
    text = entry.start_date.strftime("%d/%m/%Y")
    if entry.end_date and entry.end_date != entry.start_date:
        text += " – " + entry.end_date.strftime("%d/%m/%Y")
    return text


def themes_text(themes: Iterable[str]) -> str:
    return "; ".join(THEMES.get(t, t) for t in themes)


def row(entry: Entry) -> dict[str, str]:
    return {
        "Date": dates_text(entry),
        "Method": entry.get_method_display(),
        "Topic": entry.title,
        "Description": entry.description,
        "Hours": hours_text(entry.minutes),
        "Participatory hours": hours_text(entry.participatory_minutes),
        "Code": themes_text(entry.themes),
        "Evidence": entry.evidence,
    }


def chronological(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.start_date, e.pk))


def _cell(value: str) -> str:
    # A cell starting with = + - @ runs as a formula in spreadsheet apps (as in the transcripts).
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_text(entries: Iterable[Entry]) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # so spreadsheet apps read the file as UTF-8
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for entry in chronological(entries):
        values = row(entry)
        writer.writerow([_cell(values[c]) for c in COLUMNS])
    return out.getvalue()


def rows(entries: Iterable[Entry]) -> Iterator[dict[str, str]]:
    for entry in chronological(entries):
        yield row(entry)
