import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wecommunities.settings")
application = get_wsgi_application()

from .checks import refuse_to_serve_without_static_files  # noqa: E402  (needs the settings above)

# Rather than a 500 on every page (README, Deploy).
refuse_to_serve_without_static_files()
