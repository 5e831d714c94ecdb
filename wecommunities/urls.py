from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("admin/", admin.site.urls),
    # Our own account pages (demo login, privacy) come before allauth's so they can refine it.
    path("accounts/", include("members.urls")),
    path("accounts/", include("allauth.urls")),
    path("blog/", include("blog.urls")),
    path("badges/", include("badges.urls")),
    path("chats/", include("chats.urls")),
    path("", include("credentials.urls")),  # /credentials/…, /.well-known/did.json
    path("", include("dashboards.urls")),  # /mywe/…, /u/<handle>/
    path("", include("tweets.urls")),  # pipeline status
    path("", views.home, name="home"),
]
