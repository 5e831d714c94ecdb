from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in
        from allauth.socialaccount.signals import social_account_added, social_account_updated
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from tweets.models import Account

        from . import receivers, session_user

        user_logged_in.connect(receivers.on_login, dispatch_uid="members.on_login")
        social_account_added.connect(receivers.on_connect, dispatch_uid="members.on_connect")
        social_account_updated.connect(receivers.on_reconnect, dispatch_uid="members.on_reconnect")
        # The cached session user (and the X account it carries) is derived from these rows.
        for model, receiver in ((get_user_model(), session_user.on_user_saved), (Account, session_user.on_account_saved)):
            post_save.connect(receiver, sender=model, dispatch_uid=f"members.forget.{model.__name__}.save")
            post_delete.connect(receiver, sender=model, dispatch_uid=f"members.forget.{model.__name__}.delete")
