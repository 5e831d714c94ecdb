"""Python's cyclic garbage collector, told to look less often while payloads are parsed.

Parsing a batch allocates hundreds of thousands of short-lived dicts, lists and records, none of
them in a cycle: reference counting frees them all. At Python's default threshold (a young
collection every 700 allocations) the collector spent ~20% of the importer's parsing time
finding nothing (docs/performance.md); one every YOUNG_COLLECTION_EVERY allocations costs no
measurable memory.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_COLLECTION_EVERY = 20_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the young generation's threshold for the block (the process's, threads included),
    then put back what was there."""
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], YOUNG_COLLECTION_EVERY), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
