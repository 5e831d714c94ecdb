"""Mounted at /accounts/: our own account pages, and (`allauth_urlpatterns`, without a namespace)
the few of allauth's that logging in with X uses. allauth's own urls would also route password,
email, sign-up and login-by-code pages that we have no use for, each a page to attack."""

from allauth.account import views as account_views
from allauth.socialaccount import views as social_views
from django.urls import include, path

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

# Under the names allauth reverses. Login and sign-up are ours (a "Log in with X" page, a
# redirect to it); logging out, an inactive account and the social-login pages are allauth's.
allauth_urlpatterns = [
    path("login/", views.login_page, name="account_login"),
    path("signup/", views.signup, name="account_signup"),
    path("logout/", account_views.logout, name="account_logout"),
    path("inactive/", account_views.account_inactive, name="account_inactive"),
    path("3rdparty/login/cancelled/", social_views.login_cancelled, name="socialaccount_login_cancelled"),
    path("3rdparty/login/error/", social_views.login_error, name="socialaccount_login_error"),
    path("3rdparty/signup/", social_views.signup, name="socialaccount_signup"),
    path("3rdparty/", social_views.connections, name="socialaccount_connections"),
    # /accounts/twitter_oauth2/login/ and …/login/callback/
    path("", include("members.xoauth.urls")),
]
