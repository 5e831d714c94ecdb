from django.apps import AppConfig


class BadgesConfig(AppConfig):
    name = "badges"

    def ready(self) -> None:
        from blog.signals import blog_changed
        from chats.signals import chats_changed
        from members.signals import follow_graph_changed, member_data_deleted
        from tweets.signals import tweets_archived

        from . import receivers, tasks  # noqa: F401  (registers the tasks with Celery)

        tweets_archived.connect(receivers.on_tweets_archived, dispatch_uid="badges.tweets_archived")
        follow_graph_changed.connect(receivers.on_follow_graph_changed, dispatch_uid="badges.follow_graph_changed")
        chats_changed.connect(receivers.on_chats_changed, dispatch_uid="badges.chats_changed")
        blog_changed.connect(receivers.on_blog_changed, dispatch_uid="badges.blog_changed")
        member_data_deleted.connect(receivers.on_member_data_deleted, dispatch_uid="badges.member_data_deleted")
