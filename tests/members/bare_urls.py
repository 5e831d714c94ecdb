"""The site's base template and nothing else: what any page costs a logged-in member before the
view does anything."""

from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = [
    path("bare/", TemplateView.as_view(template_name="base.html")),
    path("", include("wecommunities.urls")),
]
