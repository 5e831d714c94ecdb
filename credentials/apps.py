from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "credentials"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from badges.signals import members_changed
        from members.signals import member_data_deleted

        from . import checks, receivers  # noqa: F401  (checks registers itself)

        members_changed.connect(receivers.on_members_changed, dispatch_uid="credentials.members_changed")
        member_data_deleted.connect(receivers.on_member_data_deleted, dispatch_uid="credentials.member_data_deleted")
        # A dashboard unshared (dashboards' Share row deleted), named lazily: dashboards sits on
        # our floor and we do not import it.
        post_delete.connect(receivers.on_share_deleted, sender="dashboards.Share", dispatch_uid="credentials.unshared")
