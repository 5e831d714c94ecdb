"""Start-up checks for a deployment. Missing environment values stop settings.py itself; what
only the file system can tell (static files collected) is checked here: by `manage.py check`,
`migrate` and `runserver`, and by the web process before it serves (wsgi.py)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages

STATIC_NOT_COLLECTED = (
    "Static files are not collected: with DEBUG off every page needs {manifest}. "
    "Run `python manage.py collectstatic --no-input` (the Procfile's release step does)."
)


def static_problem() -> str | None:
    storage = storages["staticfiles"]
    if settings.DEBUG or not isinstance(storage, ManifestFilesMixin) or storage.exists(storage.manifest_name):
        return None
    return STATIC_NOT_COLLECTED.format(manifest=storage.path(storage.manifest_name))


@register()
def static_files_collected(app_configs=None, **kwargs) -> list[Error]:
    problem = static_problem()
    return [Error(problem, id="wecommunities.E001")] if problem else []


def refuse_to_serve_without_static_files() -> None:
    if problem := static_problem():
        raise ImproperlyConfigured(problem)
