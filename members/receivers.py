"""allauth's signals, turned into one call: linking.remember_x_login.

Which signal carries a login depends on the flow: a login (first or later) sends
user_logged_in with the sociallogin; connecting X to a logged-in user sends social_account_added;
connecting an X account that user already had (reconnecting after a revocation) sends only
social_account_updated."""

from __future__ import annotations

from .linking import remember_x_login
from .xoauth.provider import XProvider


def _is_x(sociallogin) -> bool:
    return sociallogin is not None and sociallogin.account.provider == XProvider.id


def on_login(sender, request, user, sociallogin=None, **kwargs) -> None:
    if _is_x(sociallogin):
        remember_x_login(user, sociallogin.account, sociallogin.token)


def on_connect(sender, request, sociallogin, **kwargs) -> None:
    if _is_x(sociallogin):
        remember_x_login(sociallogin.user, sociallogin.account, sociallogin.token)


def on_reconnect(sender, request, sociallogin, **kwargs) -> None:
    # A login sends this too, before user_logged_in: only a connect by the account's own user
    # is handled here (another user's attempt is refused by allauth after this signal).
    if not _is_x(sociallogin) or sociallogin.state.get("process") != "connect":
        return
    if request is not None and request.user.is_authenticated and request.user.pk == sociallogin.account.user_id:
        remember_x_login(request.user, sociallogin.account, sociallogin.token)
