from django.apps import AppConfig


class CpdConfig(AppConfig):
    name = "cpd"
    verbose_name = "CPD"

    def ready(self) -> None:
        from badges.signals import members_changed
        from members.signals import member_data_deleted

        from . import receivers, tasks  # noqa: F401  (registers the tasks with Celery)

        members_changed.connect(receivers.on_members_changed, dispatch_uid="cpd.members_changed")
        member_data_deleted.connect(receivers.on_member_data_deleted, dispatch_uid="cpd.member_data_deleted")
