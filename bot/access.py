"""Who may ask, who may administer, and how fast anyone may ask.

The documents are internal Party documents, so the default is to refuse: an empty allowlist
refuses everyone unless HOI_PUBLIC=1. A group is judged by its chat id (anything the bot says
there is read by every member), a private chat and inline mode by the user id (an inline
result can be posted anywhere, so only a trusted person may fetch one).
"""
from __future__ import annotations

import json
import os
import threading
import time
from collections import deque
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
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

    def with_grants(self, grants: "Grants") -> "Access":
        """The settings' allowlist plus what admins granted, minus what they revoked."""
        users = (self.allowed_users | grants.users) - grants.revoked
        chats = (self.allowed_chats | grants.chats) - grants.revoked
        return replace(self, allowed_users=frozenset(users), allowed_chats=frozenset(chats))


@dataclass
class Grants:
    """Allowlist changes made from Telegram (/cap_quyen, /thu_hoi), kept in a 0600 JSON file
    next to the feedback store so they survive restarts.

    A user id is positive, a group chat id negative: one id list serves both. A revoked id
    overrides HOI_ALLOWED_USERS / HOI_ALLOWED_CHATS, so an admin can withdraw access from
    Telegram without editing the service's environment. Admins themselves stay admins (they
    are configured by HOI_ADMINS only).
    """

    path: Path
    users: frozenset[int] = frozenset()
    chats: frozenset[int] = frozenset()
    revoked: frozenset[int] = frozenset()

    @classmethod
    def load(cls, path: Path) -> "Grants":
        """An absent file is an empty list; an unreadable one is an error the operator must see
        (silently forgetting revocations would re-open access)."""
        path = Path(path)
        if not path.exists():
            return cls(path)
        data = json.loads(path.read_text(encoding="utf-8"))
        ids = lambda key: frozenset(int(v) for v in data.get(key, []))  # noqa: E731
        return cls(path, ids("users"), ids("chats"), ids("revoked"))

    def grant(self, target: int) -> "Grants":
        key = "chats" if target < 0 else "users"
        new = replace(self, revoked=self.revoked - {target}, **{key: getattr(self, key) | {target}})
        new.save()
        return new

    def revoke(self, target: int) -> "Grants":
        new = replace(self, users=self.users - {target}, chats=self.chats - {target},
                      revoked=self.revoked | {target})
        new.save()
        return new

    def save(self) -> None:
        """Write aside, then rename: a crash or a full disk never leaves half a file (the old
        list stays, and the caller reports the failure)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        data = {"users": sorted(self.users), "chats": sorted(self.chats), "revoked": sorted(self.revoked)}
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


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
