from django.contrib import admin
from django.urls import include, path

from chats import views as chat_views

from . import consent_views, views

urlpatterns = [
    path("admin/", admin.site.urls),
    # Our own account pages (demo login, privacy) come before allauth's so they can refine it.
    path("accounts/", include("members.urls")),
    path("accounts/", include("allauth.urls")),
    path("blog/", include("blog.urls")),
    path("badges/", include("badges.urls")),
    path("chats/", include("chats.urls")),
    path("", include("cpd.urls")),  # /mywe/cpd/…, before the dashboards' /mywe/<badge>/
    path("", include("dashboards.urls")),  # /mywe/…, /u/<handle>/
    path("", include("tweets.urls")),  # pipeline status
    path("c/<slug:slug>/", chat_views.community, name="community"),
    path("about/archive/", consent_views.about_archive, name="about_archive"),
    path("about/archive/choice/", consent_views.archive_choice, name="archive_choice"),
    path("", views.home, name="home"),
]
