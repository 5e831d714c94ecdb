"""allauth's X (twitter_oauth2) provider and adapter, with the authorize, token and API URLs
read from settings (X_OAUTH_AUTHORIZE_URL, X_OAUTH_TOKEN_URL, X_API_BASE_URL). They default to
X's own; tests point them at a fake X on 127.0.0.1."""

from __future__ import annotations

from allauth.socialaccount.providers.twitter_oauth2.provider import TwitterOAuth2Provider
from allauth.socialaccount.providers.twitter_oauth2.views import TwitterOAuth2Adapter
from django.conf import settings
from django.core.exceptions import MultipleObjectsReturned

from tweets import ledger

# What we ask /2/users/me for: allauth's defaults plus what an Account row holds.
PROFILE_FIELDS = [
    "id",
    "name",
    "username",
    "verified",
    "profile_image_url",
    "created_at",
    "description",
    "public_metrics",
    "protected",
]


class XOAuth2Adapter(TwitterOAuth2Adapter):
    @property
    def authorize_url(self) -> str:  # type: ignore[override]
        return settings.X_OAUTH_AUTHORIZE_URL

    @property
    def access_token_url(self) -> str:  # type: ignore[override]
        return settings.X_OAUTH_TOKEN_URL

    @property
    def profile_url(self) -> str:  # type: ignore[override]
        return settings.X_API_BASE_URL.rstrip("/") + "/2/users/me"

    def get_user_info(self, token) -> dict:
        data = super().get_user_info(token)
        # The member's own profile is a user read like any other: in the ledger, never paused.
        ledger.record(ledger.SIGN_IN, "me", users=[int(data["id"])] if str(data.get("id", "")).isdigit() else [])
        return data


class XProvider(TwitterOAuth2Provider):
    oauth2_adapter_class = XOAuth2Adapter
    package = "members.xoauth"

    def get_fields(self) -> list[str]:
        return self.get_settings().get("FIELDS", PROFILE_FIELDS)


def x_login_configured() -> bool:
    """Whether an X OAuth client is configured (in settings or as a SocialApp in the database)."""
    from allauth.socialaccount.adapter import get_adapter
    from allauth.socialaccount.models import SocialApp

    try:
        app = get_adapter().get_app(None, provider=XProvider.id)
    except SocialApp.DoesNotExist:
        return False
    except MultipleObjectsReturned:
        return True
    return bool(app.client_id)
