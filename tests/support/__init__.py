"""Test-only support code (fakes and helpers) shared by unit, end-to-end and load tests."""
from __future__ import annotations

from .fake_bot_api import (
    STATUS_CLIENT_GONE,
    STATUS_DROPPED,
    ApiError,
    Call,
    FakeBotApi,
    detect_entities,
    parse_html,
)

__all__ = [
    "STATUS_CLIENT_GONE", "STATUS_DROPPED", "ApiError", "Call", "FakeBotApi", "detect_entities",
    "parse_html",
]
