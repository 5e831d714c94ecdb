"""The CPD log and the reflective accounts as PDF, laid out like the NMC's templates (a
landscape table with the log's seven columns; one reflective account per page under the form's
four questions and the Code's themes).

Made with fpdf2: pure Python (no system libraries, nothing to compile), actively maintained,
with tables that break across pages and TrueType fonts for the full range of what people tweet.
ReportLab would do too but is a larger toolkit than two documents need."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from . import exports
from .log import Summary
from .models import Entry, Reflection
from .rules import Theme

# fontTools tells of every glyph it keeps when fpdf2 subsets a font: not for our logs.
logging.getLogger("fontTools").setLevel(logging.WARNING)

# DejaVu covers curly quotes, accents and most symbols people tweet; without it the PDF falls
# back to the built-in Helvetica (Latin-1) and replaces what it cannot show.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
LOG_HEAD = (
    "Method",
    "Description of the topic and how it relates to your practice",
    "Dates",
    "Number of hours (including participatory)",
    "Number of participatory hours",
    "Part of the Code it relates to",
    "Evidence",
)
LOG_WIDTHS = (26, 88, 24, 26, 24, 34, 55)
QUESTIONS = (
    ("nature", "What was the nature of the CPD activity and/or practice-related feedback and/or event or experience?"),
    ("learned", "What did you learn from the CPD activity and/or feedback and/or event or experience?"),
    ("changed", "How did you change or improve your practice as a result?"),
    ("relevance", "How is this relevant to the Code?"),
)


class Document(FPDF):
    def __init__(self, title: str, orientation: str = "P") -> None:
        super().__init__(orientation=orientation, format="A4")
        self.title_text = title
        self.set_title(title)
        self.set_creator("#MyWe")
        self.set_auto_page_break(True, margin=15)
        self.unicode = (FONT_DIR / "DejaVuSans.ttf").exists() and (FONT_DIR / "DejaVuSans-Bold.ttf").exists()
        if self.unicode:
            self.add_font("Body", "", str(FONT_DIR / "DejaVuSans.ttf"))
            self.add_font("Body", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
            self.family = "Body"
        else:
            self.family = "Helvetica"
        self.set_font(self.family, size=9)

    def text_of(self, value: str) -> str:
        return value if self.unicode else value.encode("latin-1", "replace").decode("latin-1")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, size=7)
        self.cell(0, 5, self.text_of(f"{self.title_text} · page {self.page_no()}"), align="R")

    def heading(self, text: str, size: int = 14) -> None:
        self.set_font(self.family, "B", size)
        self.multi_cell(0, size * 0.5, self.text_of(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.family, size=9)
        self.ln(2)

    def line_text(self, text: str, size: int = 9, bold: bool = False) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.multi_cell(0, 5, self.text_of(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.family, size=9)


def log_pdf(entries: Iterable[Entry], summary: Summary, who: str, register: str) -> bytes:
    doc = Document("CPD record", orientation="L")
    doc.add_page()
    doc.heading("Continuing professional development (CPD) record")
    doc.line_text(f"Name: {who}    Register: {register}")
    doc.line_text(
        f"Window: {summary.start:%d/%m/%Y} to {summary.end:%d/%m/%Y}. In it: {summary.minutes / 60:g} hours, "
        f"{summary.participatory_minutes / 60:g} participatory, {summary.reflections} reflective accounts."
    )
    doc.line_text("This record must not include anything that could identify a patient, service user or colleague.", size=8)
    doc.ln(3)
    heading = FontFace(emphasis="BOLD", fill_color=(216, 221, 224), size_pt=8)
    with doc.table(col_widths=LOG_WIDTHS, headings_style=heading, line_height=4.5, text_align="LEFT") as table:
        table.row([doc.text_of(h) for h in LOG_HEAD])
        for values in exports.rows(entries):
            description = f"{values['Topic']}\n{values['Description']}".strip()
            cells = table.row()
            for value in (values["Method"], description, values["Date"], values["Hours"], values["Participatory hours"],
                          values["Code"]):
                cells.cell(doc.text_of(value))
            evidence = values["Evidence"]
            cells.cell(doc.text_of(evidence), link=evidence if evidence.startswith(("https://", "http://")) else None)
    return bytes(doc.output())


def reflections_pdf(reflections: Iterable[Reflection], who: str) -> bytes:
    doc = Document("Reflective accounts")
    themes = dict(Theme.choices)
    numbered = list(reflections)
    if not numbered:
        doc.add_page()
        doc.heading("Reflective accounts form")
        doc.line_text("No reflective accounts yet.")
    for n, reflection in enumerate(numbered, start=1):
        doc.add_page()
        doc.heading("Reflective accounts form")
        entry = reflection.entry
        doc.line_text(f"Name: {who}")
        doc.line_text(f"Reflective account {n}: {entry.title} ({exports.dates_text(entry)})", bold=True)
        doc.line_text("Do not include any information that might identify a specific patient, service user or colleague.", size=8)
        doc.ln(2)
        for field, question in QUESTIONS:
            doc.set_fill_color(240, 244, 245)
            doc.line_text(question, bold=True)
            doc.multi_cell(0, 5, doc.text_of(getattr(reflection, field) or " "), border=1, padding=1.5, new_x="LMARGIN", new_y="NEXT")
            doc.ln(2)
        doc.line_text("Themes of the Code:", bold=True)
        for value, label in themes.items():
            mark = ("☒" if value in reflection.themes else "☐") if doc.unicode else ("[x]" if value in reflection.themes else "[ ]")
            doc.line_text(f"{mark} {label}")
    return bytes(doc.output())


def filename(kind: str, today: date) -> str:
    return f"mywe-{kind}-{today.isoformat()}.pdf"
