from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo world and the live demo chat. It imports every app; no app imports it."""

    name = "demo"

    def ready(self) -> None:
        from members.demo_login import register_personas

        from .personas import personas

        # The demo login offers a few members worth looking at before the full list.
        register_personas(personas)
