from django.apps import AppConfig


class BadgesConfig(AppConfig):
    name = "badges"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_save

        from tweets.models import Tweetchat
        from members.signals import follow_graph_changed
        from tweets.signals import tweets_archived

        from . import receivers, tasks  # noqa: F401  (registers the tasks with Celery)

        tweets_archived.connect(receivers.on_tweets_archived, dispatch_uid="badges.tweets_archived")
        follow_graph_changed.connect(receivers.on_follow_graph_changed, dispatch_uid="badges.follow_graph_changed")
        post_save.connect(receivers.on_chat_saved, sender=Tweetchat, dispatch_uid="badges.chat_saved")
        m2m_changed.connect(receivers.on_hosts_changed, sender=Tweetchat.hosts.through, dispatch_uid="badges.hosts")
        # Written alongside this app: connected when they exist.
        receivers.connect_optional("blog.signals", "blog_changed", receivers.on_blog_changed, "badges.blog_changed")
        receivers.connect_optional(
            "members.signals", "member_data_deleted", receivers.on_member_data_deleted, "badges.member_data_deleted"
        )
        receivers.connect_optional("tweets.signals", "chats_changed", receivers.on_chats_changed, "badges.chats_changed")
