"""Mounted at /accounts/ before allauth's URLs, so `login/` and `signup/` here take the place of
allauth's (its URL names still reverse to the same paths)."""

from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("login/", views.login_page, name="login"),
    path("signup/", views.signup, name="signup"),
    path("demo-login/", views.demo_login, name="demo_login"),
    path("privacy/", views.privacy_page, name="privacy"),
    path("privacy/followers/", views.follows_page, {"which": "followers"}, name="followers"),
    path("privacy/following/", views.follows_page, {"which": "following"}, name="following"),
    path("privacy/delete/", views.delete_data, name="delete_data"),
    path("x/disconnect/", views.disconnect, name="disconnect"),
]
