"""The fake X's tweet endpoints: the filtered stream, its rules, recent search and tweet lookup.

`install(fake)` registers the routes and returns the `XTweets` state (also `fake.state["tweets"]`)
through which a test plays X: `publish()` a tweet (delivered to every connected stream and kept
for search and lookup), `send_line()` raw bytes down the stream, `drop()` the stream connection
(optionally after half a line, as a cut connection leaves it), `outage()` to refuse new stream
connections for a while, `delete()` a tweet.

The shapes follow the real captures in tests/fixtures/x-api-v2-real/ and X's documentation:
the stream is chunked, newline-delimited (CRLF) JSON with blank keep-alive lines; the rules
endpoints answer `data` + `meta.summary`; search answers newest first with `meta.next_token`.
"""

from __future__ import annotations

import itertools
import queue
import re
import threading
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

import orjson

from .server import DropConnection, FakeX

STREAM = r"/2/tweets/search/stream"
RULES = r"/2/tweets/search/stream/rules"
SEARCH = r"/2/tweets/search/recent"
LOOKUP = r"/2/tweets"


class _Drop:
    def __init__(self, partial: bytes) -> None:
        self.partial = partial


class XTweets:
    def __init__(self, keepalive: float = 0.2) -> None:
        self.lock = threading.Lock()
        self.keepalive = keepalive  # X sends one every 20 s; tests want them sooner
        self.rules: dict[str, dict] = {}
        self._rule_ids = itertools.count(1_500_000_000_000_000_001)
        self.published: dict[str, dict] = {}  # tweet id → stream message (data + includes)
        self.deleted: set[str] = set()
        self.live: list[queue.Queue] = []  # one queue per open stream connection
        self.connects = 0  # stream connections accepted, ever
        self.refusing = threading.Event()
        self.connected = threading.Event()  # a stream connection is open now

    # ---------------------------------------------------------------- playing X

    def publish(self, message: dict, stream: bool = True) -> bool:
        """A tweet is posted: kept for search and lookup, and sent to the open streams.
        Returns whether a stream connection was open to receive it."""
        tweet_id = str(message["data"]["id"])
        with self.lock:
            self.published[tweet_id] = message
            queues = list(self.live)
        if stream:
            line = orjson.dumps(message)
            for q in queues:
                q.put(line)
        return bool(queues)

    def send_line(self, line: bytes) -> bool:
        """Raw bytes down the open streams as one line (malformed lines, notices)."""
        with self.lock:
            queues = list(self.live)
        for q in queues:
            q.put(line)
        return bool(queues)

    def delete(self, tweet_id: str | int, notify: bool = True) -> None:
        """The author deletes a tweet; the stream carries a compliance notice if asked."""
        tweet_id = str(tweet_id)
        with self.lock:
            self.deleted.add(tweet_id)
            author = (self.published.get(tweet_id) or {}).get("data", {}).get("author_id")
        if notify:
            event = {"data": {"delete": {"tweet": {"id": tweet_id, "author_id": author}, "event_at": _now()}}}
            self.send_line(orjson.dumps(event))

    def drop(self, partial: bytes = b"", timeout: float = 5.0) -> None:
        """Cut every open stream connection, after writing `partial` (half a line), and return
        once they are cut (what is published afterwards does not go down them)."""
        with self.lock:
            queues = list(self.live)
        for q in queues:
            q.put(_Drop(partial))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if not any(q in self.live for q in queues):
                    return
            time.sleep(0.01)
        raise TimeoutError("the stream connection was not cut")

    def outage(self, on: bool) -> None:
        """While on, stream connections are cut as soon as they are made (a network error)."""
        if on:
            self.refusing.set()
        else:
            self.refusing.clear()

    def wait_connected(self, timeout: float = 5.0, after: int = 0) -> bool:
        """Wait until more than `after` connections were accepted and one is open."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.connects > after and self.connected.is_set():
                return True
            time.sleep(0.01)
        return False

    # ---------------------------------------------------------------- answering

    def visible(self) -> list[dict]:
        with self.lock:
            return [m for tid, m in self.published.items() if tid not in self.deleted]


def install(fake: FakeX, keepalive: float = 0.2) -> XTweets:
    x = XTweets(keepalive=keepalive)
    fake.state["tweets"] = x

    @fake.route("GET", STREAM)
    def stream(environ: dict, start_response) -> Iterable[bytes]:
        if not _authorised(environ):
            return _unauthorised(start_response)
        if x.refusing.is_set():
            raise DropConnection
        q: queue.Queue = queue.Queue()
        with x.lock:
            x.live.append(q)
            x.connects += 1
        x.connected.set()
        start_response("200 OK", [("Content-Type", "application/json; charset=utf-8")])
        return _stream_body(fake, x, q)

    @fake.route("GET", RULES)
    def get_rules(environ: dict, start_response) -> Iterable[bytes]:
        if not _authorised(environ):
            return _unauthorised(start_response)
        with x.lock:
            rules = list(x.rules.values())
        body: dict[str, Any] = {"meta": {"sent": _now(), "result_count": len(rules)}}
        if rules:
            body["data"] = rules
        return _json(start_response, body)

    @fake.route("POST", RULES)
    def change_rules(environ: dict, start_response) -> Iterable[bytes]:
        if not _authorised(environ):
            return _unauthorised(start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        request = orjson.loads(environ["wsgi.input"].read(length) or b"{}")
        if "add" in request:
            return _json(start_response, _add_rules(x, request["add"]))
        if "delete" in request:
            return _json(start_response, _delete_rules(x, request["delete"].get("ids") or []))
        return _json(start_response, _invalid("Must have 'add' or 'delete'"), "400 Bad Request")

    @fake.route("GET", SEARCH)
    def search(environ: dict, start_response) -> Iterable[bytes]:
        if not _authorised(environ):
            return _unauthorised(start_response)
        params = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if not params.get("query"):
            return _json(start_response, _invalid("The `query` query parameter can not be empty"), "400 Bad Request")
        return _json(start_response, _search(x, params))

    @fake.route("GET", LOOKUP)
    def lookup(environ: dict, start_response) -> Iterable[bytes]:
        if not _authorised(environ):
            return _unauthorised(start_response)
        params = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        ids = [i for i in params.get("ids", "").split(",") if i]
        if not 1 <= len(ids) <= 100:
            return _json(start_response, _invalid("ids must hold 1 to 100 tweet ids"), "400 Bad Request")
        return _json(start_response, _lookup(x, ids))

    return x


def _stream_body(fake: FakeX, x: XTweets, q: queue.Queue) -> Iterable[bytes]:
    try:
        # A first keep-alive sends the headers at once, so the client knows it is connected.
        yield b"\r\n"
        while not fake.stopped.is_set():
            try:
                item = q.get(timeout=x.keepalive)
            except queue.Empty:
                yield b"\r\n"
                continue
            if isinstance(item, _Drop):
                if item.partial:
                    yield item.partial
                raise DropConnection
            fake.count_body("/2/tweets/search/stream", item)  # X bills what it sends
            yield item + b"\r\n"
    finally:
        with x.lock:
            if q in x.live:
                x.live.remove(q)
            if not x.live:
                x.connected.clear()


# ---------------------------------------------------------------- rules


def _add_rules(x: XTweets, add: list[dict]) -> dict:
    created, errors = [], []
    with x.lock:
        by_value = {r["value"]: r for r in x.rules.values()}
        for rule in add:
            value = (rule.get("value") or "").strip()
            if value in by_value:
                errors.append({
                    "value": value, "id": by_value[value]["id"], "title": "DuplicateRule",
                    "type": "https://api.twitter.com/2/problems/duplicate-rules",
                })
                continue
            new = {"id": str(next(x._rule_ids)), "value": value}
            if rule.get("tag") is not None:
                new["tag"] = rule["tag"]
            x.rules[new["id"]] = by_value[value] = new
            created.append(new)
    body: dict[str, Any] = {"meta": {"sent": _now(), "summary": {
        "created": len(created), "not_created": len(errors), "valid": len(created), "invalid": 0}}}
    if created:
        body["data"] = created
    if errors:
        body["errors"] = errors
    return body


def _delete_rules(x: XTweets, ids: list[str]) -> dict:
    deleted, errors = 0, []
    with x.lock:
        for rule_id in ids:
            if x.rules.pop(str(rule_id), None) is None:
                errors.append({"errors": [{"parameters": {}, "message": "Rule does not exist"}],
                               "title": "Invalid Request", "value": str(rule_id)})
            else:
                deleted += 1
    body: dict[str, Any] = {"meta": {"sent": _now(), "summary": {"deleted": deleted, "not_deleted": len(errors)}}}
    if errors:
        body["errors"] = errors
    return body


# ---------------------------------------------------------------- search and lookup

HASHTAG = re.compile(r"#(\w+)")


def _search(x: XTweets, params: dict) -> dict:
    wanted = {t.lower() for t in HASHTAG.findall(params["query"])}
    since_id = int(params["since_id"]) if params.get("since_id") else None
    start_time = _parse_time(params["start_time"]) if params.get("start_time") else None
    end_time = _parse_time(params["end_time"]) if params.get("end_time") else None
    found = []
    for message in x.visible():
        tweet = message["data"]
        tags = {h.get("tag", "").lower() for h in (tweet.get("entities") or {}).get("hashtags") or []}
        if wanted and not wanted & tags:
            continue
        if since_id is not None and int(tweet["id"]) <= since_id:
            continue
        if start_time is not None and _parse_time(tweet["created_at"]) < start_time:
            continue
        if end_time is not None and _parse_time(tweet["created_at"]) >= end_time:
            continue
        found.append(message)
    found.sort(key=lambda m: int(m["data"]["id"]), reverse=True)  # newest first, as X answers
    size = max(10, min(100, int(params.get("max_results") or 10)))
    start = int(params.get("next_token") or 0)
    page = found[start : start + size]
    if not page:
        return {"meta": {"result_count": 0}}
    meta: dict[str, Any] = {
        "newest_id": page[0]["data"]["id"], "oldest_id": page[-1]["data"]["id"], "result_count": len(page),
    }
    if start + size < len(found):
        meta["next_token"] = str(start + size)
    return {"data": [m["data"] for m in page], "includes": _merged_includes(page), "meta": meta}


def _lookup(x: XTweets, ids: list[str]) -> dict:
    with x.lock:
        found = [x.published[i] for i in ids if i in x.published and i not in x.deleted]
    missing = [i for i in ids if i not in {m["data"]["id"] for m in found}]
    body: dict[str, Any] = {}
    if found:
        body["data"] = [m["data"] for m in found]
        body["includes"] = _merged_includes(found)
    if missing:
        body["errors"] = [
            {"value": i, "detail": f"Could not find tweet with ids: [{i}].", "title": "Not Found Error",
             "resource_type": "tweet", "parameter": "ids", "resource_id": i,
             "type": "https://api.twitter.com/2/problems/resource-not-found"}
            for i in missing
        ]
    return body


def _merged_includes(messages: list[dict]) -> dict:
    merged: dict[str, dict[str, dict]] = {}
    for message in messages:
        for kind, items in (message.get("includes") or {}).items():
            key = "media_key" if kind == "media" else "id"
            bucket = merged.setdefault(kind, {})
            for item in items:
                bucket.setdefault(str(item.get(key)), item)
    return {kind: list(items.values()) for kind, items in merged.items()}


# ---------------------------------------------------------------- HTTP details


def _authorised(environ: dict) -> bool:
    return environ.get("HTTP_AUTHORIZATION", "").startswith("Bearer ")


def _unauthorised(start_response) -> list[bytes]:
    return _json(start_response, {"title": "Unauthorized", "type": "about:blank", "status": 401,
                                  "detail": "Unauthorized"}, "401 Unauthorized")


def _invalid(message: str) -> dict:
    return {"errors": [{"parameters": {}, "message": message}], "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": "https://api.twitter.com/2/problems/invalid-request"}


def _json(start_response, body: dict, status: str = "200 OK") -> list[bytes]:
    data = orjson.dumps(body)
    start_response(status, [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(data)))])
    return [data]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _parse_time(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

