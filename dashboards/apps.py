from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_save

        from badges import sharing
        from blog.signals import blog_changed
        from tweets.models import Tweetchat
        from members.signals import follow_graph_changed
        from tweets.signals import tweets_archived

        from . import receivers, tasks  # noqa: F401  (registers the tasks with Celery)
        from .models import Share

        # The badge pages list, among a badge's holders, those who share its dashboard.
        sharing.register(lambda slug: Share.objects.filter(dashboard=slug).values_list("member_id", flat=True))

        tweets_archived.connect(receivers.on_tweets_archived, dispatch_uid="dashboards.tweets_archived")
        follow_graph_changed.connect(receivers.on_follow_graph_changed, dispatch_uid="dashboards.follow_graph_changed")
        blog_changed.connect(receivers.on_blog_changed, dispatch_uid="dashboards.blog_changed")
        post_save.connect(receivers.on_chat_saved, sender=Tweetchat, dispatch_uid="dashboards.chat_saved")
        m2m_changed.connect(receivers.on_hosts_changed, sender=Tweetchat.hosts.through, dispatch_uid="dashboards.hosts")
        try:
            from members.signals import member_data_deleted
        except ImportError:  # written alongside this app
            pass
        else:
            member_data_deleted.connect(receivers.on_member_data_deleted, dispatch_uid="dashboards.member_data_deleted")
        try:
            from tweets.signals import chats_changed
        except ImportError:  # sent by the chats work once it lands
            pass
        else:
            chats_changed.connect(receivers.on_chats_changed, dispatch_uid="dashboards.chats_changed")
