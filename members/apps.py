from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in
        from allauth.socialaccount.signals import social_account_added, social_account_updated

        from . import receivers

        user_logged_in.connect(receivers.on_login, dispatch_uid="members.on_login")
        social_account_added.connect(receivers.on_connect, dispatch_uid="members.on_connect")
        social_account_updated.connect(receivers.on_reconnect, dispatch_uid="members.on_reconnect")
