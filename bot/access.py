"""Who may ask, who may administer, and how fast anyone may ask.

The documents are internal Party documents, so the default is to refuse: an empty allowlist
refuses everyone unless HOI_PUBLIC=1. A group is judged by its chat id (anything the bot says
there is read by every member), a private chat and inline mode by the user id (an inline
result can be posted anywhere, so only a trusted person may fetch one).
"""
from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field
from enum import Enum
from typing import Callable

from hoi.settings import Settings

GROUP_TYPES = frozenset({"group", "supergroup"})

REFUSAL = (
    "Xin lỗi, bạn chưa được cấp quyền sử dụng trợ lý này. "
    "Nếu bạn là đảng viên cần tra cứu, vui lòng liên hệ quản trị viên của chi bộ, đảng bộ để được cấp quyền."
)
REFUSAL_SHORT = "Xin lỗi, bạn chưa được cấp quyền sử dụng trợ lý này."  # fits a callback answer (≤ 200)
ADMIN_ONLY = "Lệnh này chỉ dành cho quản trị viên."
SLOW_DOWN = "Bạn hỏi nhanh quá, vui lòng chậm lại một chút rồi hỏi tiếp nhé."


@dataclass(frozen=True)
class Access:
    """Allowlist decisions; pure so the rules are testable without Telegram."""

    allowed_users: frozenset[int] = frozenset()
    allowed_chats: frozenset[int] = frozenset()
    admins: frozenset[int] = frozenset()
    public: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> "Access":
        return cls(settings.allowed_users, settings.allowed_chats, settings.admins, settings.public)

    def user_allowed(self, user_id: int | None) -> bool:
        """A person acting on their own behalf: private chat, inline mode, an inline message's button."""
        if self.public:
            return True
        return user_id is not None and (user_id in self.allowed_users or user_id in self.admins)

    def allows(self, user_id: int | None, chat_id: int | None, chat_type: str | None) -> bool:
        """May this user, in this chat, receive document content?

        In a group every member reads the reply, so the chat itself must be allowed: an allowed
        user asking in an unknown group would leak the documents to strangers.
        """
        if self.public:
            return True
        if chat_type in GROUP_TYPES:
            return chat_id is not None and chat_id in self.allowed_chats
        if chat_type == "private" or chat_type is None:
            return self.user_allowed(user_id)
        return False  # channels and anything new: no

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admins


class Verdict(Enum):
    OK = "ok"
    WARN = "warn"  # over the limit: tell the user once
    SILENT = "silent"  # still over the limit, already told: say nothing


@dataclass
class RateLimiter:
    """Sliding-window limit per user (in memory: a restart forgiving a burst is harmless).

    A burst gets exactly one polite reply; further messages in the same burst are dropped
    silently so a flood cannot make the bot flood back. Refused requests do not count, so
    a user who pauses is served again as soon as the window has room.
    """

    per_minute: int
    window: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _hits: dict[int, deque[float]] = field(default_factory=dict)
    _warned: set[int] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def check(self, key: int) -> Verdict:
        if self.per_minute <= 0:
            return Verdict.OK  # 0 disables the limit
        now = self.clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] >= self.window:
                hits.popleft()
            if len(hits) < self.per_minute:
                hits.append(now)
                self._warned.discard(key)
                return Verdict.OK
            if key in self._warned:
                return Verdict.SILENT
            self._warned.add(key)
            return Verdict.WARN
