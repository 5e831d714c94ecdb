from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    name = "suggestions"

    def ready(self) -> None:
        from badges.signals import members_changed
        from members.signals import follow_graph_changed, member_data_deleted

        from . import receivers, tasks  # noqa: F401  (registers the tasks with Celery)

        follow_graph_changed.connect(receivers.on_follow_graph_changed, dispatch_uid="suggestions.follow_graph_changed")
        members_changed.connect(receivers.on_members_changed, dispatch_uid="suggestions.members_changed")
        member_data_deleted.connect(receivers.on_member_data_deleted, dispatch_uid="suggestions.member_data_deleted")
