from django.urls import path

from . import leaderboard_views, views

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
    path("u/<str:handle>/", views.public_profile, name="public"),
    path("u/<str:handle>/preview.png", views.preview_png, name="preview"),
    path("u/<str:handle>/<slug:badge>/", views.public_dashboard, name="public_dashboard"),
]
