from django.apps import AppConfig


class TweetsConfig(AppConfig):
    name = "tweets"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the archive tasks with Celery)
