from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"

    def ready(self) -> None:
        from badges import sharing
        from badges.signals import members_changed
        from members.signals import follow_graph_changed, member_data_deleted
        from tweets.signals import archive_consent_changed

        from . import receivers, tasks  # noqa: F401  (registers the tasks with Celery)
        from .models import Share

        # The badge pages list, among a badge's holders, those who share its dashboard.
        sharing.register(lambda slug: Share.objects.filter(dashboard=slug).values_list("member_id", flat=True))

        members_changed.connect(receivers.on_members_changed, dispatch_uid="dashboards.members_changed")
        member_data_deleted.connect(receivers.on_member_data_deleted, dispatch_uid="dashboards.member_data_deleted")
        archive_consent_changed.connect(
            receivers.on_archive_consent_changed, dispatch_uid="dashboards.archive_consent_changed"
        )
        # A graph just read: draw the member's clouds before their first visit asks for them.
        follow_graph_changed.connect(receivers.on_follow_graph_changed, dispatch_uid="dashboards.follow_graph_changed")
