from datetime import date

from django.urls import path, register_converter

from . import pipeline_views, views

app_name = "tweets"


class IsoDateConverter:
    """A day as YYYY-MM-DD; an impossible date (2025-02-30) is a 404, not an error."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        return date.fromisoformat(value)  # ValueError means "no match"

    def to_url(self, value: date | str) -> str:
        return value.isoformat() if isinstance(value, date) else value


register_converter(IsoDateConverter, "isodate")

urlpatterns = [
    path("", views.home, name="home"),
    path("chats/", views.calendar, name="calendar"),
    path("chats/feed.ics", views.feed, name="feed"),
    path("chats/feed/<slug:community>.ics", views.feed, name="community_feed"),
    path("chats/host/", views.host, name="host"),
    path("chats/host/thanks/", views.host_thanks, name="host_thanks"),
    path("chats/archive/", views.archive, name="archive"),
    path("chats/<slug:community>/<isodate:day>/<slug:slug>/", views.chat, name="chat"),
    path(
        "chats/<slug:community>/<isodate:day>/<slug:slug>/transcript.csv",
        views.chat_export,
        {"fmt": "csv"},
        name="chat_csv",
    ),
    path(
        "chats/<slug:community>/<isodate:day>/<slug:slug>/transcript.jsonl",
        views.chat_export,
        {"fmt": "jsonl"},
        name="chat_jsonl",
    ),
    path("status/pipeline/", pipeline_views.status, name="pipeline_status"),
]
