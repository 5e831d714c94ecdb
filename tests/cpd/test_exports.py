"""The CPD log as PDF (laid out like the NMC's template) and CSV holds the rows the page shows;
the reflective accounts as PDF hold the member's text under the form's questions."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.conf import settings
from pypdf import PdfReader

from cpd.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(alice_client, people):
    for chat in (people.jan_chat, people.feb_chat, people.mar_chat):
        alice_client.post(f"/mywe/cpd/chats/{chat.pk}/accept/")
    alice_client.post("/mywe/cpd/new/", {
        "method": "study-day", "title": "Sepsis study day", "description": "Recognising sepsis early.",
        "start_date": "2024-05-02", "end_date": "2024-05-03", "hours": "7.5", "participatory_hours": "6",
        "themes": ["safety", "effective"], "evidence": "Certificate in my portfolio",
    })
    return alice_client


def page_rows(client) -> list[tuple[str, str, str]]:
    """(topic, hours, participatory hours) of each record on the page."""
    html = client.get("/mywe/cpd/").content.decode()
    cards = re.findall(r'<li class="card cpd-entry">.*?</li>', html, re.S)
    return sorted(
        (
            re.search(r'<h3 class="cpd-title">(.*?)</h3>', c).group(1),
            re.search(r'<span class="cpd-h">(.*?)</span>', c).group(1),
            re.search(r'<span class="cpd-ph">(.*?)</span>', c).group(1),
        )
        for c in cards
    )


def test_it_exports_the_same_rows_as_csv(logged):
    expected = page_rows(logged)
    assert expected == [
        ("Continuity of carer", "0.5", "0"),
        ("Safe staffing", "0.25", "0.25"),
        ("Sepsis study day", "7.5", "6"),
        ("Why we nurse", "1", "1"),
    ]
    response = logged.get("/mywe/cpd/log.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted((r["Topic"], r["Hours"], r["Participatory hours"]) for r in rows) == expected
    feb = next(r for r in rows if r["Topic"] == "Why we nurse")
    assert (feb["Date"], feb["Method"]) == ("08/02/2024", "Online discussion (tweetchat)")
    assert feb["Evidence"] == f"{settings.SITE_URL}/chats/wenurses/2024-02-08/why-we-nurse/"
    study = next(r for r in rows if r["Topic"] == "Sepsis study day")
    assert (study["Date"], study["Code"]) == ("02/05/2024 – 03/05/2024", "Preserve safety; Practise effectively")


def test_it_exports_the_same_rows_as_pdf(logged):
    response = logged.get("/mywe/cpd/log.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Continuing professional development (CPD) record" in text
    assert "Number of participatory hours" in text and "Part of the Code it relates to" in text
    for topic, _, _ in page_rows(logged):
        assert topic in text
    found = re.findall(r"(\d{2}/\d{2}/\d{4}(?: – \d{2}/\d{2}/\d{4})?) ([\d.]+) ([\d.]+)", text)
    assert sorted((h, p) for _, h, p in found) == sorted((h, p) for _, h, p in page_rows(logged))
    assert "https://" in text or "http://" in text  # the transcript's address as evidence


def test_it_exports_the_reflective_accounts_as_pdf(logged, people):
    entry = Entry.objects.get(member=people.alice_user, chat=people.feb_chat)
    logged.post(f"/mywe/cpd/{entry.pk}/reflect/", {
        "nature": "A tweetchat.", "learned": "Family brings many of us in.", "changed": "I ask students why.",
        "relevance": "Prioritising people.", "themes": ["people"],
    })
    response = logged.get("/mywe/cpd/reflections.pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Reflective accounts form" in text
    assert "What did you learn from the CPD activity" in text and "Family brings many of us in." in text
    assert "How did you change or improve your practice as a result?" in text and "I ask students why." in text
    assert "Why we nurse" in text


def test_it_keeps_spreadsheet_formulas_inert(alice_client):
    alice_client.post("/mywe/cpd/new/", {
        "method": "other", "title": "=HYPERLINK(\"http://x\")", "start_date": "2024-05-02", "hours": "1",
        "participatory_hours": "0",
    })
    rows = list(csv.reader(io.StringIO(alice_client.get("/mywe/cpd/log.csv").content.decode("utf-8-sig"))))
    assert rows[1][2].startswith("'=")


def test_it_writes_the_pdf_without_unicode_fonts_too(logged, monkeypatch, tmp_path):
    from cpd import pdf

    monkeypatch.setattr(pdf, "FONT_DIR", tmp_path)  # a machine without DejaVu: Helvetica, Latin-1
    logged.post("/mywe/cpd/new/", {
        "method": "other", "title": "“Curly” — and 💙", "start_date": "2024-05-02", "hours": "1",
        "participatory_hours": "0",
    })
    text = " ".join(PdfReader(io.BytesIO(logged.get("/mywe/cpd/log.pdf").content)).pages[0].extract_text().split())
    assert "Sepsis study day" in text and "Curly" in text
