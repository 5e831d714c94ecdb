from datetime import date

from django.urls import path, register_converter

from . import views

app_name = "chats"


class IsoDateConverter:
    """A day as YYYY-MM-DD; an impossible date (2025-02-30) is a 404, not an error."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        return date.fromisoformat(value)  # ValueError means "no match"

    def to_url(self, value: date | str) -> str:
        return value.isoformat() if isinstance(value, date) else value


register_converter(IsoDateConverter, "isodate")

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("feed.ics", views.feed, name="feed"),
    path("feed/<slug:community>.ics", views.feed, name="community_feed"),
    path("host/", views.host, name="host"),
    path("host/thanks/", views.host_thanks, name="host_thanks"),
    path("archive/", views.archive, name="archive"),
    path("<slug:community>/<isodate:day>/<slug:slug>/", views.chat, name="chat"),
    path("<slug:community>/<isodate:day>/<slug:slug>/hosting/", views.chat_hosting, name="chat_hosting"),
    path("<slug:community>/<isodate:day>/<slug:slug>/transcript.csv", views.chat_export, {"fmt": "csv"}, name="chat_csv"),
    path(
        "<slug:community>/<isodate:day>/<slug:slug>/transcript.jsonl",
        views.chat_export,
        {"fmt": "jsonl"},
        name="chat_jsonl",
    ),
]
