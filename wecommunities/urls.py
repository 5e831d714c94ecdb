from django.contrib import admin
from django.urls import include, path

from chats import views as chat_views
from members import urls as members_urls

from . import consent_views, views
from .admin_login import ThrottledAdminLoginForm

# Failed staff logins are limited per address and username (wecommunities/admin_login.py).
admin.site.login_form = ThrottledAdminLoginForm
# The moderators' admin, in the site's name (its colours: templates/admin/base_site.html).
admin.site.site_header = "#MyWe moderation"
admin.site.site_title = "#MyWe moderation"
admin.site.index_title = "Chats, posts and communities"
admin.site.site_url = "/"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Our own account pages (demo login, privacy), then only the allauth pages that X login uses.
    path("accounts/", include("members.urls")),
    path("accounts/", include(members_urls.allauth_urlpatterns)),
    path("blog/", include("blog.urls")),
    path("badges/", include("badges.urls")),
    path("chats/", include("chats.urls")),
    path("", include("cpd.urls")),  # /mywe/cpd/…, before the dashboards' /mywe/<badge>/
    path("", include("suggestions.urls")),  # /mywe/suggestions/, before dashboards' /mywe/<badge>/
    path("", include("credentials.urls")),  # /credentials/…, /.well-known/did.json
    path("", include("dashboards.urls")),  # /mywe/…, /u/<handle>/
    path("", include("tweets.urls")),  # pipeline status
    path("c/<slug:slug>/", chat_views.community, name="community"),
    path("about/archive/", consent_views.about_archive, name="about_archive"),
    path("about/archive/choice/", consent_views.archive_choice, name="archive_choice"),
    path("", views.home, name="home"),
]
