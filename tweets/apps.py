from django.apps import AppConfig


class TweetsConfig(AppConfig):
    name = "tweets"

    def ready(self) -> None:
        from . import chat_tasks  # noqa: F401  (registers the chat tasks with Celery)
        from .chats import on_tweets_archived
        from .signals import tweets_archived

        tweets_archived.connect(on_tweets_archived, dispatch_uid="tweets.chats.attribute_batch")
