from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("mywe/", views.home, name="home"),
    path("mywe/sharing/", views.sharing, name="sharing"),
    path("mywe/<slug:badge>/", views.dashboard, name="dashboard"),
    path("mywe/<slug:badge>/share/", views.share, name="share"),
    path("u/<str:handle>/", views.public_profile, name="public"),
    path("u/<str:handle>/preview.png", views.preview_png, name="preview"),
    path("u/<str:handle>/<slug:badge>/", views.public_dashboard, name="public_dashboard"),
]
