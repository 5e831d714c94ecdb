from django.urls import path, register_converter

from . import leaderboard_views, views


class HandleConverter:
    """An X handle: letters, digits and underscores (X allows 15; the archive keeps up to 50).
    Anything else, a NUL byte included, is a 404 before a view or the database sees it."""

    regex = r"[A-Za-z0-9_]{1,50}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(HandleConverter, "handle")

app_name = "dashboards"

urlpatterns = [
    path("mywe/", views.home, name="home"),
    path("mywe/sharing/", views.sharing, name="sharing"),
    path("mywe/leaderboard/", leaderboard_views.leaderboard_switch, name="leaderboard_switch"),
    path("c/<slug:slug>/leaderboard/", leaderboard_views.community_leaderboard, name="leaderboard"),
    path("newest-badges/", leaderboard_views.newest_badges, name="newest"),
    path("newest-badges.atom", leaderboard_views.NewestBadgesFeed(), name="newest_feed"),
    path("mywe/<slug:badge>/", views.dashboard, name="dashboard"),
    path("mywe/<slug:badge>/share/", views.share, name="share"),
    path("u/<handle:handle>/", views.public_profile, name="public"),
    path("u/<handle:handle>/preview.png", views.preview_png, name="preview"),
    path("u/<handle:handle>/<slug:badge>/", views.public_dashboard, name="public_dashboard"),
]
