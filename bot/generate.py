"""Optional generated answers (issue 8): a language model rephrases the cited passages, and
code decides whether what it wrote may be shown.

The extractive answer stays the source of truth. Generation is switched on only by HOI_LLM,
goes to any OpenAI-compatible server (Ollama, vLLM, llama.cpp server, LM Studio, a hosted
API) through langchain-openai, and every sentence it returns is checked against the passages
it cites (bot/grounding.py). Whenever the model is off, down, slow, wrong or ungrounded the
result says `used=False` with a short Vietnamese note, and the caller shows the verbatim answer
it already has. Nothing here raises to the caller and nothing here touches the citations: the
generated text refers to the passages by the same numbers [1]…[n] the caller displays.

Prompts are plain files in prompts/ that a non-programmer can edit; they are read on every call,
so an edit takes effect without a restart, and their versions are recorded with every answer.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import AsyncIterator, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from hoi.settings import REPO_ROOT, Settings, get_settings
from hoi.text import fold, nfc

from .compose import Citation
from .grounding import SentenceCheck, check_answer, clean_output, split_sentences, strip_citations

log = logging.getLogger(__name__)

PROMPTS_DIR = REPO_ROOT / "prompts"
PROMPT_FILES = ("system", "answer", "refusal")
PLACEHOLDERS = ("question", "passages", "n", "refusal")
# HOI_LLM values that mean "an OpenAI-compatible chat completions endpoint at HOI_LLM_BASE_URL".
PROVIDERS = frozenset({"openai-compatible", "openai", "ollama", "vllm", "llamacpp", "llama.cpp", "lmstudio"})
OFF = frozenset({"", "0", "off", "none", "false", "no", "extractive"})
MAX_TOKENS = 1024  # 1–3 sentences need ~200; the rest is room for models that think aloud first

FALLBACK = "hiển thị câu trả lời trích nguyên văn."
NOTE_DOWN = "Mô hình tạo câu trả lời không phản hồi; " + FALLBACK
NOTE_TIMEOUT = "Mô hình tạo câu trả lời phản hồi quá chậm (quá {seconds} giây); " + FALLBACK
NOTE_HTTP = "Mô hình tạo câu trả lời báo lỗi (mã {code}); " + FALLBACK
NOTE_GARBAGE = "Mô hình tạo câu trả lời trả về dữ liệu không đọc được; " + FALLBACK
NOTE_EMPTY = "Mô hình tạo câu trả lời không trả về nội dung; " + FALLBACK
NOTE_ERROR = "Mô hình tạo câu trả lời gặp lỗi; " + FALLBACK
NOTE_REFUSED = "Mô hình không tìm thấy câu trả lời trong các đoạn trích; " + FALLBACK
NOTE_UNGROUNDED = ("Câu trả lời do mô hình tạo không bám sát các đoạn trích ({kept}/{total} câu có căn cứ); "
                   + FALLBACK)
NOTE_CONFIG = ("Chưa cấu hình đủ mô hình tạo câu trả lời (cần HOI_LLM_BASE_URL và HOI_LLM_MODEL); "
               + FALLBACK)
NOTE_PROVIDER = "Giá trị HOI_LLM={value} không được hỗ trợ (dùng openai-compatible); " + FALLBACK
NOTE_PACKAGE = "Chưa cài gói langchain-openai cho mô hình tạo câu trả lời; " + FALLBACK
NOTE_PROMPTS = "Không đọc được mẫu lời nhắc trong thư mục prompts/ ({error}); " + FALLBACK
NOTE_REMOVED = "Đã bỏ {k} câu không có căn cứ trong các đoạn trích."
# For the caller to show above or below a generated answer (not added to `text`).
LABEL_GENERATED = "Câu trả lời do mô hình ngôn ngữ diễn đạt lại từ các đoạn trích dưới đây; hãy đối chiếu nguyên văn."


# -- prompts ----------------------------------------------------------------------------------

class PromptError(ValueError):
    """A prompt file is missing or malformed; the message says which and what (in Vietnamese)."""


_VERSION_LINE = re.compile(r"^\s*(?:phiên bản|phien ban|version)\s*:\s*(\S.*?)\s*$", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")


@dataclass(frozen=True)
class Prompts:
    """The three templates, with the version line of each (recorded in every answer)."""

    system: str
    answer: str
    refusal: str
    versions: dict[str, str] = field(default_factory=dict)
    lang: str = "vi"

    @property
    def version(self) -> str:
        """"system.vi@1 answer.vi@1 refusal.vi@1": which wording produced an answer."""
        return " ".join(f"{name}.{self.lang}@{self.versions.get(name, '?')}" for name in PROMPT_FILES)

    def render(self, question: str, citations: Sequence[Citation]) -> tuple[str, str]:
        """(system message, user message) for one question and its numbered passages."""
        values = {
            "question": " ".join(nfc(question).split()),
            "passages": format_passages(citations),
            "n": str(len(citations)),
            "refusal": self.refusal,
        }
        # one pass, so a question that contains "{passages}" stays literal text
        fill = lambda template: _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)  # noqa: E731
        return fill(self.system), fill(self.answer)


def format_passages(citations: Sequence[Citation]) -> str:
    """Each passage as the model sees it: its number, where it stands, then its text.

    The number is the citation's own `n`, so "[2]" in the generated text is the "[2]" the
    caller prints under the answer.
    """
    blocks = []
    for c in citations:
        head = f"[{c.n}] {c.doc_title}, {c.label}"
        if c.heading:
            head += f" ({c.heading})"
        blocks.append(f"{head}\n{c.text}")
    return "\n\n".join(blocks)


def _read_template(path: Path, name: str, required: tuple[str, ...]) -> tuple[str, str]:
    if not path.is_file():
        raise PromptError(f"thiếu tệp {path.name}")
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PromptError(f"không đọc được {path.name}: {exc}") from exc
    lines = nfc(raw).splitlines()
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    m = _VERSION_LINE.match(lines[first]) if first is not None else None
    if not m:
        raise PromptError(f"dòng đầu của {path.name} phải là “Phiên bản: …”")
    body = _COMMENT.sub("", "\n".join(lines[first + 1:])).strip()
    if not body:
        raise PromptError(f"{path.name} không có nội dung")
    missing = [p for p in required if "{" + p + "}" not in body]
    if missing:
        raise PromptError(f"{path.name} thiếu chỗ điền " + ", ".join("{" + p + "}" for p in missing))
    return m.group(1), body


def load_prompts(directory: Path | str | None = None, lang: str = "vi") -> Prompts:
    """Read prompts/{system,answer,refusal}.<lang>.md; raise PromptError if one is unusable.

    The answer template must keep {question} and {passages}; the refusal is one sentence that
    the system template should quote through {refusal}, so both stay in step when edited.
    """
    d = Path(directory) if directory else PROMPTS_DIR
    required = {"system": (), "answer": ("question", "passages"), "refusal": ()}
    versions: dict[str, str] = {}
    bodies: dict[str, str] = {}
    for name in PROMPT_FILES:
        versions[name], bodies[name] = _read_template(d / f"{name}.{lang}.md", name, required[name])
    refusal = " ".join(bodies["refusal"].split())
    return Prompts(bodies["system"], bodies["answer"], refusal, versions, lang)


# -- result -----------------------------------------------------------------------------------

@dataclass
class Generated:
    """What generation produced, and whether the caller may show it.

    `used` is the only switch the caller needs: True → show `text` (then the quoted passages
    and citations exactly as for an extractive answer); False → show the extractive answer,
    plus `note` when it is not empty. `sentences` keeps every sentence the model wrote with the
    verdict on it, for logs and the eval runner.
    """

    text: str
    used: bool
    note: str
    sentences: list[SentenceCheck] = field(default_factory=list)
    prompt_version: str = ""
    latency_ms: float = 0.0
    status: str = "ok"  # ok | disabled | no_passages | config | prompts | timeout | down | http_error
    #                     | garbage | empty | error | refused | ungrounded
    raw: str = ""  # the model's reply as received (for logs; never shown)
    model: str = ""

    @property
    def removed(self) -> int:
        return sum(not s.supported for s in self.sentences)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "used": self.used,
            "note": self.note,
            "status": self.status,
            "sentences": [s.to_json() for s in self.sentences],
            "prompt_version": self.prompt_version,
            "model": self.model,
            "latency_ms": round(self.latency_ms, 2),
        }


def _off(status: str, note: str = "", **kw: Any) -> Generated:
    return Generated("", False, note, status=status, **kw)


# -- configuration ----------------------------------------------------------------------------

def enabled(settings: Settings | None = None) -> bool:
    """True when HOI_LLM asks for generation. The caller may skip calling us when False."""
    settings = settings or get_settings()
    return (settings.llm or "").strip().lower() not in OFF


def _config_problem(settings: Settings) -> tuple[str, str] | None:
    value = (settings.llm or "").strip().lower()
    if value not in PROVIDERS:
        return "config", NOTE_PROVIDER.format(value=settings.llm)
    if not settings.llm_base_url.strip() or not settings.llm_model.strip():
        return "config", NOTE_CONFIG
    return None


def check_config(settings: Settings | None = None) -> str:
    """At start-up: "" when generation is off or ready, else the note explaining what is missing.

    Also imports the client library, so the first question does not pay for that (~1 s).
    """
    settings = settings or get_settings()
    if not enabled(settings):
        return ""
    problem = _config_problem(settings)
    if problem:
        return problem[1]
    try:
        import langchain_openai  # noqa: F401
    except ImportError:
        return NOTE_PACKAGE
    try:
        load_prompts()
    except PromptError as exc:
        return NOTE_PROMPTS.format(error=exc)
    return ""


def base_url(url: str) -> str:
    """"http://host:11434" → "http://host:11434/v1": every supported server serves /v1."""
    parts = urlsplit(url.strip())
    if parts.path in ("", "/"):
        parts = parts._replace(path="/v1")
    return urlunsplit(parts).rstrip("/")


def _chat_model(settings: Settings, http_async_client: Any) -> Any:
    from langchain_openai import ChatOpenAI  # optional dependency: imported only when used

    return ChatOpenAI(
        model=settings.llm_model,
        base_url=base_url(settings.llm_base_url),
        # local servers ignore the key, but the client insists on one
        api_key=settings.llm_api_key or "not-needed",
        timeout=settings.llm_timeout,
        max_retries=0,  # a retry would double the wait before the verbatim answer is shown
        temperature=settings.llm_temperature,
        max_tokens=MAX_TOKENS,
        use_responses_api=False,  # Ollama, vLLM and llama.cpp speak chat completions only
        http_async_client=http_async_client,
    )


# -- failures ---------------------------------------------------------------------------------

def _failure(exc: BaseException, settings: Settings) -> tuple[str, str]:
    """Map what went wrong to a status and the note the user reads."""
    import httpx

    try:
        import openai
    except ImportError:  # pragma: no cover - langchain-openai depends on it
        openai = None  # type: ignore[assignment]
    if isinstance(exc, (TimeoutError, asyncio.TimeoutError, httpx.TimeoutException)) or (
        openai is not None and isinstance(exc, openai.APITimeoutError)
    ):
        # Vietnamese writes a decimal comma: "quá 0,5 giây"
        return "timeout", NOTE_TIMEOUT.format(seconds=f"{settings.llm_timeout:g}".replace(".", ","))
    if openai is not None and isinstance(exc, openai.APIStatusError):
        return "http_error", NOTE_HTTP.format(code=exc.status_code)
    if isinstance(exc, httpx.HTTPStatusError):
        return "http_error", NOTE_HTTP.format(code=exc.response.status_code)
    if (openai is not None and isinstance(exc, openai.APIConnectionError)) or isinstance(
        exc, (httpx.TransportError, ConnectionError, OSError)
    ):
        return "down", NOTE_DOWN
    if (openai is not None and isinstance(exc, openai.APIResponseValidationError)) or isinstance(
        exc, (json.JSONDecodeError, ValueError, KeyError, TypeError, AttributeError, IndexError)
    ):
        return "garbage", NOTE_GARBAGE
    return "error", NOTE_ERROR


def _content(message: Any) -> str:
    """Text of a chat message or chunk; content may be a string or a list of parts."""
    content = getattr(message, "content", message)
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict) and part.get("type") == "text":
                parts.append(str(part.get("text", "")))
        return "".join(parts)
    raise TypeError(f"unexpected message content: {type(content).__name__}")


# -- validation -------------------------------------------------------------------------------

def is_refusal(text: str, refusal: str) -> bool:
    """Did the model answer with the refusal sentence (give or take case, accents, a citation)?"""
    norm = lambda t: " ".join(re.findall(r"[0-9a-z]+", fold(strip_citations(clean_output(t)))))  # noqa: E731
    said, expected = norm(text), norm(refusal)
    return bool(expected) and said.startswith(expected)


def validate(raw: str, citations: Sequence[Citation], prompts: Prompts | None = None, *,
             prompt_version: str = "", model: str = "", latency_ms: float = 0.0) -> Generated:
    """Check a model reply against the passages and decide whether it may be shown.

    Public so that the eval runner and tests can judge any text the same way generation does.
    """
    version = prompt_version or (prompts.version if prompts else "")
    common = dict(prompt_version=version, latency_ms=latency_ms, raw=raw or "", model=model)
    if not clean_output(raw or "").strip():
        return _off("empty", NOTE_EMPTY, **common)
    if prompts is not None and is_refusal(raw, prompts.refusal):
        return _off("refused", NOTE_REFUSED, **common)
    verdict = check_answer(raw, citations)
    if not verdict.sentences:
        return _off("empty", NOTE_EMPTY, **common)
    if not verdict.enough:
        note = NOTE_UNGROUNDED.format(kept=len(verdict.kept), total=len(verdict.sentences))
        return Generated("", False, note, verdict.sentences, status="ungrounded", **common)
    removed = len(verdict.removed)
    note = NOTE_REMOVED.format(k=removed) if removed else ""
    return Generated(verdict.text, True, note, verdict.sentences, status="ok", **common)


# -- one-shot generation ----------------------------------------------------------------------

def _prepare(question: str, citations: Sequence[Citation], settings: Settings,
             prompts: Prompts | Path | str | None) -> Generated | tuple[Prompts, list[tuple[str, str]]]:
    """Everything that can be decided without the network: off, misconfigured, no passages."""
    if not enabled(settings):
        return _off("disabled")
    if not citations:
        return _off("no_passages")  # the engine abstained: nothing to rephrase
    problem = _config_problem(settings)
    if problem:
        return _off(*problem)
    try:
        p = prompts if isinstance(prompts, Prompts) else load_prompts(prompts)
    except PromptError as exc:
        log.warning("prompts unusable: %s", exc)
        return _off("prompts", NOTE_PROMPTS.format(error=exc))
    try:
        import langchain_openai  # noqa: F401
    except ImportError:
        return _off("config", NOTE_PACKAGE, prompt_version=p.version)
    system, user = p.render(question, citations)
    return p, [("system", system), ("human", user)]


def _http_client(settings: Settings) -> Any:
    """A client per call, owned by the running event loop: a shared one breaks across loops."""
    import httpx

    return httpx.AsyncClient(timeout=httpx.Timeout(settings.llm_timeout))


async def agenerate(question: str, citations: Sequence[Citation], settings: Settings | None = None,
                    *, prompts: Prompts | Path | str | None = None) -> Generated:
    """Generate and validate one answer; for async callers (the Telegram bot).

    Never raises except asyncio.CancelledError when the caller itself cancels.
    """
    t0 = time.perf_counter()
    try:
        return await _agenerate(question, citations, settings or get_settings(), prompts, t0)
    except Exception as exc:  # noqa: BLE001 - a bug here must not cost the user the answer
        log.exception("generation failed unexpectedly")
        return _off("error", NOTE_ERROR, latency_ms=(time.perf_counter() - t0) * 1000, raw=repr(exc))


async def _agenerate(question: str, citations: Sequence[Citation], settings: Settings,
                     prompts: Prompts | Path | str | None, t0: float) -> Generated:
    prepared = _prepare(question, citations, settings, prompts)
    if isinstance(prepared, Generated):
        prepared.latency_ms = (time.perf_counter() - t0) * 1000
        return prepared
    p, messages = prepared
    try:
        async with _http_client(settings) as http:
            model = _chat_model(settings, http)
            # a hard deadline: the client's own timeout is per read, not for the whole reply
            reply = await asyncio.wait_for(model.ainvoke(messages), timeout=settings.llm_timeout)
        raw = _content(reply)
    except Exception as exc:  # noqa: BLE001 - every failure becomes the extractive answer
        status, note = _failure(exc, settings)
        log.warning("generation failed (%s): %s: %s", status, type(exc).__name__, exc)
        return _off(status, note, prompt_version=p.version, model=settings.llm_model,
                    latency_ms=(time.perf_counter() - t0) * 1000)
    return validate(raw, citations, p, model=settings.llm_model, latency_ms=(time.perf_counter() - t0) * 1000)


def generate(question: str, citations: Sequence[Citation], settings: Settings | None = None,
             *, prompts: Prompts | Path | str | None = None) -> Generated:
    """Generate and validate one answer; for synchronous callers (CLI, eval). Never raises."""
    t0 = time.perf_counter()
    settings = settings or get_settings()
    if not enabled(settings) or not citations:
        # the common case (generation off) costs no event loop and no import
        return _off("disabled" if not enabled(settings) else "no_passages",
                    latency_ms=(time.perf_counter() - t0) * 1000)
    try:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(agenerate(question, citations, settings, prompts=prompts))
        # called from code that runs inside an event loop: a nested loop needs its own thread
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, agenerate(question, citations, settings, prompts=prompts)).result()
    except Exception as exc:  # noqa: BLE001 - defensive: agenerate already catches
        log.exception("generation failed unexpectedly")
        return _off("error", NOTE_ERROR, latency_ms=(time.perf_counter() - t0) * 1000, raw=repr(exc))


def _safe_validate(raw: str, citations: Sequence[Citation], prompts: Prompts, model: str, latency_ms: float) -> Generated:
    try:
        return validate(raw, citations, prompts, model=model, latency_ms=latency_ms)
    except Exception as exc:  # noqa: BLE001
        log.exception("validation failed unexpectedly")
        return _off("error", NOTE_ERROR, prompt_version=prompts.version, latency_ms=latency_ms, raw=raw or repr(exc))


# -- streaming --------------------------------------------------------------------------------

_END = object()


class GenerationStream:
    """Partial answers while the model writes, then the validated result.

    Iterate with `async for text in stream(...)`: each `text` is the answer so far, to edit
    into a message. Complete sentences appear only once they pass the grounding check; the
    sentence being written is appended as it arrives when `show_tail` is True (livelier, but a
    claim that will be dropped can show for a moment), and held back when False. After the
    loop, `result` is the validated `Generated`; if `result.used` is False, put the extractive
    answer back.
    """

    def __init__(self, question: str, citations: Sequence[Citation], settings: Settings | None,
                 prompts: Prompts | Path | str | None, show_tail: bool) -> None:
        self.question = question
        self.citations = list(citations)
        self.settings = settings or get_settings()
        self.prompts = prompts
        self.show_tail = show_tail
        self.result: Generated | None = None

    def __aiter__(self) -> AsyncIterator[str]:
        return self._run()

    def _partial(self, raw: str) -> str:
        """Checked complete sentences so far, plus the sentence being written if wanted."""
        try:
            sentences = split_sentences(raw)
            done, tail = sentences[:-1], (sentences[-1] if sentences else "")
            kept = check_answer("\n".join(done), self.citations).kept if done else []
        except Exception:  # noqa: BLE001 - a display glitch must not end the stream
            log.exception("partial check failed")
            return ""
        text = " ".join(s.text for s in kept)
        if self.show_tail and tail:
            text = (text + " " + tail).strip()
        return text

    async def _run(self) -> AsyncIterator[str]:
        t0 = time.perf_counter()
        settings = self.settings
        elapsed = lambda: (time.perf_counter() - t0) * 1000  # noqa: E731
        try:
            prepared = _prepare(self.question, self.citations, settings, self.prompts)
        except Exception as exc:  # noqa: BLE001
            log.exception("generation failed unexpectedly")
            prepared = _off("error", NOTE_ERROR, raw=repr(exc))
        if isinstance(prepared, Generated):
            prepared.latency_ms = elapsed()
            self.result = prepared
            return
        p, messages = prepared
        queue: asyncio.Queue[Any] = asyncio.Queue()

        async def produce(http: Any) -> None:
            # reads the model in its own task, so the deadline never cancels the caller's
            # own awaits (a Telegram edit) between two partial answers
            try:
                model = _chat_model(settings, http)
                async for chunk in model.astream(messages):
                    await queue.put(_content(chunk))
                await queue.put(_END)
            except Exception as exc:  # noqa: BLE001
                await queue.put(exc)

        loop = asyncio.get_running_loop()
        deadline = loop.time() + settings.llm_timeout
        raw, shown = "", ""
        async with _http_client(settings) as http:
            task = asyncio.create_task(produce(http))
            try:
                while True:
                    try:
                        item = await asyncio.wait_for(queue.get(), timeout=max(0.0, deadline - loop.time()))
                    except (TimeoutError, asyncio.TimeoutError) as exc:
                        item = exc
                    if item is _END:
                        break
                    if isinstance(item, BaseException):
                        status, note = _failure(item, settings)
                        log.warning("streamed generation failed (%s): %s", status, type(item).__name__)
                        self.result = _off(status, note, prompt_version=p.version, model=settings.llm_model,
                                           latency_ms=elapsed(), raw=raw)
                        return
                    raw += item
                    partial = self._partial(raw)
                    if partial and partial != shown:
                        shown = partial
                        yield partial
            finally:
                task.cancel()
                try:
                    await task
                except (asyncio.CancelledError, Exception):  # noqa: BLE001
                    pass
        self.result = _safe_validate(raw, self.citations, p, settings.llm_model, elapsed())
        if self.result.used and self.result.text != shown:
            yield self.result.text


def stream(question: str, citations: Sequence[Citation], settings: Settings | None = None, *,
           prompts: Prompts | Path | str | None = None, show_tail: bool = True) -> GenerationStream:
    """Streamed generation for editing one message as the model writes (private chats)."""
    return GenerationStream(question, citations, settings, prompts, show_tail)


# -- evaluation -------------------------------------------------------------------------------

def faithfulness(generated: Iterable[Generated]) -> float:
    """Share of the sentences models wrote that are supported by the passages they cite.

    Counted before filtering (the shown text is supported by construction), over answers that
    produced sentences; refusals, timeouts and errors contribute none. 0.0 when there are none.
    """
    total = supported = 0
    for g in generated:
        for s in g.sentences:
            total += 1
            supported += s.supported
    return supported / total if total else 0.0


def faithfulness_report(generated: Iterable[Generated]) -> dict[str, Any]:
    """Faithfulness with the counts behind it, for the eval report."""
    items = list(generated)
    reasons: dict[str, int] = {}
    statuses: dict[str, int] = {}
    for g in items:
        statuses[g.status] = statuses.get(g.status, 0) + 1
        for s in g.sentences:
            if not s.supported:
                reasons[s.reason] = reasons.get(s.reason, 0) + 1
    sentences = sum(len(g.sentences) for g in items)
    return {
        "faithfulness": round(faithfulness(items), 4),
        "answers": len(items),
        "used": sum(g.used for g in items),
        "sentences": sentences,
        "unsupported_by_reason": reasons,
        "status": statuses,
    }
