"""Sending to Slack: the `Messenger` the outbox worker uses, plus the ephemeral and
response_url sends the adapter needs right after handling a message.

One `AsyncWebClient` pointed at `SLACK_API_URL` does every call. slack_sdk retries
only connection errors by default, so a rate-limit retry handler is appended: a 429
with a short Retry-After is waited out and retried in place; a long one (or a 429
that persists) surfaces as `DeliveryError(retry_after=...)`, so the caller can put
the message in the outbox instead of holding a task for minutes. Slack's errors are
sorted into retryable (429, 5xx, timeouts) and permanent (channel gone, bot removed,
token revoked, bad request) so the outbox neither gives up early nor retries forever.
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.messenger import DeliveryError
from bot.slack.blocks import message_kwargs
from bot.slack.config import SlackConfig
from handlers.messages import Reply

log = logging.getLogger(__name__)

API_TIMEOUT_SECONDS = 15
MAX_INLINE_RETRY_AFTER = 10.0
"""A 429 asking to wait longer than this is not waited out inline (the outbox waits)."""

PERMANENT_ERRORS = frozenset({
    "channel_not_found", "not_in_channel", "is_archived", "account_inactive",
    "invalid_auth", "not_authed", "token_revoked", "token_expired", "no_permission",
    "missing_scope", "not_allowed_token_type", "user_not_found", "user_not_in_channel",
    "cannot_dm_bot", "messages_tab_disabled", "restricted_action",
    "restricted_action_read_only_channel", "restricted_action_thread_only_channel",
    "restricted_action_non_threadable_channel", "ekm_access_denied", "team_access_not_granted",
    "msg_too_long", "invalid_blocks", "invalid_blocks_format", "no_text", "invalid_arguments",
    "message_not_found", "cant_update_message", "edit_window_closed", "invalid_ts_latest",
    "team_not_found", "user_is_bot", "is_inactive", "org_login_required", "app_missing_action_url",
})
RETRYABLE_ERRORS = frozenset({
    "ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout",
})


def _retry_after(headers: Any) -> float | None:
    for key, value in (headers or {}).items():
        if str(key).lower() == "retry-after":
            raw = value[0] if isinstance(value, list | tuple) else value
            try:
                return max(0.0, float(raw))
            except (TypeError, ValueError):
                return None
    return None


class BoundedRateLimitRetryHandler(AsyncRateLimitErrorRetryHandler):
    """slack_sdk's 429 handler (sleeps Retry-After, retries), but only for short waits."""

    def __init__(self, max_retry_count: int = 2, max_wait: float = MAX_INLINE_RETRY_AFTER):
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait = max_wait

    async def _can_retry_async(self, *, state, request, response=None, error=None) -> bool:
        if response is None or response.status_code != 429:
            return False
        wait = _retry_after(response.headers)
        return wait is None or wait <= self.max_wait


def build_client(config: SlackConfig) -> AsyncWebClient:
    """The Web API client: SLACK_API_URL, bot token, connection + rate-limit retries."""
    base_url = config.api_url if config.api_url.endswith("/") else config.api_url + "/"
    client = AsyncWebClient(token=config.bot_token or None, base_url=base_url,
                            timeout=API_TIMEOUT_SECONDS)
    if not any(isinstance(h, AsyncConnectionErrorRetryHandler) for h in client.retry_handlers):
        client.retry_handlers.append(AsyncConnectionErrorRetryHandler())
    client.retry_handlers.append(BoundedRateLimitRetryHandler())
    return client


def delivery_error(exc: BaseException) -> DeliveryError:
    """Classify a failed call: retry later (with Retry-After) or give up."""
    if isinstance(exc, SlackApiError):
        response = exc.response
        status = getattr(response, "status_code", None)
        data = getattr(response, "data", None)
        error = data.get("error", "") if isinstance(data, dict) else ""
        message = f"slack: {error or 'error'} (HTTP {status})"
        if status == 429 or error == "ratelimited":
            return DeliveryError(message, status=429,
                                 retry_after=_retry_after(getattr(response, "headers", None)))
        if (status or 0) >= 500 or error in RETRYABLE_ERRORS:
            return DeliveryError(message, status=status)
        if error in PERMANENT_ERRORS or status in (400, 401, 403, 404, 410):
            return DeliveryError(message, status=status, permanent=True)
        return DeliveryError(message, status=status)
    if isinstance(exc, TimeoutError | aiohttp.ClientError | OSError):
        return DeliveryError(f"slack: {type(exc).__name__}: {exc}")
    return DeliveryError(f"slack: unexpected {type(exc).__name__}: {exc}")


def split_ref(target: str, message_ref: str) -> tuple[str, str]:
    """Message refs are "channel:ts" (chat.update needs the channel id, which a post to
    a user id or a channel name only reveals in the response); a bare ts means `target`."""
    channel, sep, ts = message_ref.rpartition(":")
    return (channel, ts) if sep and channel else (target, message_ref)


class SlackMessenger:
    """The Slack implementation of `bot.messenger.Messenger` (and a bit more)."""

    platform = "slack"

    def __init__(self, client: AsyncWebClient):
        self.client = client

    async def _call(self, method: str, **kwargs: Any) -> Any:
        try:
            return await self.client.api_call(method, json=kwargs)
        except (SlackApiError, TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise delivery_error(exc) from exc

    async def post(self, target: str, reply: Reply, thread: str | None = None) -> str | None:
        kwargs = message_kwargs(reply)
        if thread:
            kwargs["thread_ts"] = thread
        response = await self._call("chat.postMessage", channel=target, **kwargs)
        return f"{response.get('channel') or target}:{response.get('ts', '')}"

    async def update(self, target: str, message_ref: str, reply: Reply) -> None:
        channel, ts = split_ref(target, message_ref)
        await self._call("chat.update", channel=channel, ts=ts, **message_kwargs(reply))

    async def direct(self, user: str, reply: Reply) -> str | None:
        """A DM from the app: posting to a user id lands in the app's Messages tab."""
        return await self.post(user, reply)

    async def ephemeral(self, channel: str, user: str, reply: Reply,
                        thread: str | None = None) -> None:
        """Only `user` sees it, in the channel (and thread) they are looking at."""
        kwargs = message_kwargs(reply)
        if thread:
            kwargs["thread_ts"] = thread
        await self._call("chat.postEphemeral", channel=channel, user=user, **kwargs)

    async def respond(self, response_url: str, reply: Reply) -> None:
        """An ephemeral answer via a slash command's response_url (works in channels the
        bot is not a member of)."""
        webhook = AsyncWebhookClient(response_url, timeout=API_TIMEOUT_SECONDS,
                                     session=self.client.session,
                                     retry_handlers=list(self.client.retry_handlers))
        try:
            kwargs = message_kwargs(reply)
            result = await webhook.send(text=kwargs["text"], blocks=kwargs["blocks"],
                                        response_type="ephemeral", replace_original=False)
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise delivery_error(exc) from exc
        if result.status_code != 200:
            raise DeliveryError(f"slack response_url: HTTP {result.status_code}",
                                status=result.status_code,
                                permanent=400 <= result.status_code < 500
                                and result.status_code != 429)
