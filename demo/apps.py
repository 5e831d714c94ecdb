from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo world and the live demo chat. It imports every app; no app imports it."""

    name = "demo"
