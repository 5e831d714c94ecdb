"""How we talk to X's v2 API: the fields every request asks for, and the app-only client.

The stream, backfill and the nightly re-check all import from here, so none of them imports
another to reach the client (stream.py and backfill.py used to import each other)."""

from __future__ import annotations

import requests
import tweepy
from django.conf import settings

from .ledger import meter

# What the archive needs with each tweet: its author, the tweets it replies to, quotes or
# retweets and their authors, hashtags and mentions (entities), conversation and reply ids.
EXPANSIONS = [
    "author_id", "referenced_tweets.id", "referenced_tweets.id.author_id",
    "entities.mentions.username", "in_reply_to_user_id",
]
TWEET_FIELDS = [
    "author_id", "conversation_id", "created_at", "entities", "in_reply_to_user_id", "lang",
    "note_tweet", "referenced_tweets",
]
USER_FIELDS = ["description", "name", "profile_image_url", "protected", "public_metrics", "username"]
FIELDS = {"expansions": EXPANSIONS, "tweet_fields": TWEET_FIELDS, "user_fields": USER_FIELDS}


def x_client(bearer_token: str | None = None, purpose: str | None = None) -> tweepy.Client:
    """App-only client for search and lookup; raw responses, so pages are buffered as sent.
    With a purpose, every answer is recorded in the read ledger under it (tweets/ledger.py)."""
    client = tweepy.Client(
        bearer_token or settings.X_BEARER_TOKEN, return_type=requests.Response, wait_on_rate_limit=True
    )
    if purpose:
        meter(client.session, purpose)
    return client
