"""Start-up checks: production refuses to run without a badge signing key of its own (a key
derived from SECRET_KEY is for development only), and a malformed key is named at once."""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from . import keys


@checks.register(checks.Tags.security)
def signing_keys(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if not settings.BADGE_SIGNING_KEYS:
        if settings.DEBUG:
            return []
        return [
            checks.Error(
                f"{keys.SETTING} is not set: badge credentials cannot be signed.",
                hint=f"Set the {keys.SETTING} environment variable to a key made with "
                "`python manage.py credential_key` (or DEBUG=true for local development).",
                id="credentials.E001",
            )
        ]
    try:
        keys.all_keys()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="credentials.E002")]
    return []
