"""Whether a Redis keeps what it acknowledged: the tweet buffer (tweets/buffer.py) needs an
append-only file synced at least every second, and no eviction. The stream refuses to start
without them (tweets/stream.py) and the status page shows red (tweets/pipeline.py)."""

from __future__ import annotations

from dataclasses import dataclass

import redis

# What the buffer needs of its Redis, and why.
DURABLE = {
    "appendonly": ("yes",),  # without the append-only file a restart loses the whole buffer
    "appendfsync": ("everysec", "always"),  # "no": the OS may hold the last writes for 30 s
    "maxmemory-policy": ("noeviction",),  # any other policy may evict the buffer itself
}


@dataclass
class Durability:
    settings: dict[str, str]
    problems: list[str]
    unknown: str = ""  # why the settings could not be read

    @property
    def ok(self) -> bool:
        return not self.problems and not self.unknown


def _problems(found: dict[str, str]) -> list[str]:
    problems = []
    for name, wanted in DURABLE.items():
        have = found.get(name, "")
        if have not in wanted:
            problems.append(
                f"Redis has {name} {have or '(unset)'}, the tweet buffer needs {name} {' or '.join(wanted)} "
                f"(redis.conf, or redis-server --{name} {wanted[0]})"
            )
    return problems


def durability(client: redis.Redis) -> Durability:
    try:
        found = {_text(k): _text(v) for k, v in client.config_get("*").items()}
    except redis.ResponseError as exc:
        # Managed Redis services often disable or rename CONFIG: we cannot tell.
        return Durability(settings={}, problems=[], unknown=f"CONFIG GET refused ({exc})")
    return Durability(settings={k: found.get(k, "") for k in DURABLE}, problems=_problems(found))


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
