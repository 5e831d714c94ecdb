"""Static files as production serves them: whitenoise's hashed, compressed storage, with the URL
of each name worked out once per process.

Every page asks `{% static %}` for the same few names, and the manifest storage works each one
out afresh (clean the name, look up its hash, quote, join): about a tenth of an anonymous bare
page's time (docs/performance.md, "Logged-in pages"). The manifest is read once when the process
starts and never changes while it runs, so neither does the answer.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url
