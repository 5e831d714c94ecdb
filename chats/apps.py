from django.apps import AppConfig


class ChatsConfig(AppConfig):
    name = "chats"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_save

        from members.signals import member_data_deleted
        from tweets import schedule
        from tweets.signals import tweets_archived

        from . import attribution, chat_hours, receivers, tasks  # noqa: F401  (registers the chat tasks with Celery)
        from .models import Tweetchat
        from .signals import chats_changed

        tweets_archived.connect(attribution.on_tweets_archived, dispatch_uid="chats.attribute_batch")
        post_save.connect(receivers.on_chat_saved, sender=Tweetchat, dispatch_uid="chats.chat_saved")
        m2m_changed.connect(receivers.on_hosts_changed, sender=Tweetchat.hosts.through, dispatch_uid="chats.hosts")
        member_data_deleted.connect(receivers.on_member_data_deleted, dispatch_uid="chats.member_data_deleted")
        chats_changed.connect(receivers.on_chats_changed, dispatch_uid="chats.networks")
        # The archive's chat-hours mode polls X while a chat is on (tweets/chathours.py).
        schedule.register(chat_hours.windows)
