"""A LangChain chat model over a local GGUF file, run in-process by llama-cpp-python.

The composer talks to every model through LangChain's chat-model interface (``stream``, ``invoke``);
this class gives a local file that interface with llama.cpp's own chat template, streaming tokens as
they are generated. Loading the file can fail (missing, not a GGUF, too large): ``ValueError``.
"""

from __future__ import annotations

from typing import Any, Iterator

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

# LangChain's message types to the roles of llama.cpp's chat templates.
_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


class LlamaCppChat(BaseChatModel):
    """Chat completions from a GGUF model held in this process."""

    model_path: str
    n_ctx: int = 4096
    n_batch: int = 512  # llama.cpp's default of 8 makes reading a long prompt many times slower
    n_threads: int | None = None  # None: all cores
    max_tokens: int = 400
    temperature: float = 0.0
    repeat_penalty: float = 1.1
    _client: Any = PrivateAttr(default=None)

    def model_post_init(self, __context: Any) -> None:
        from llama_cpp import Llama

        self._client = Llama(
            model_path=self.model_path, n_ctx=self.n_ctx, n_batch=self.n_batch, n_threads=self.n_threads, verbose=False
        )

    @property
    def client(self) -> Any:
        """The llama_cpp.Llama instance (``close()`` frees it)."""
        return self._client

    @property
    def _llm_type(self) -> str:
        return "llama-cpp"

    def _completion(self, messages: list[BaseMessage], stop: list[str] | None, stream: bool) -> Any:
        return self._client.create_chat_completion(
            messages=[{"role": _ROLES.get(m.type, "user"), "content": m.content} for m in messages],
            max_tokens=self.max_tokens,
            temperature=self.temperature,
            repeat_penalty=self.repeat_penalty,
            stop=stop,
            stream=stream,
        )

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        result = self._completion(messages, stop, stream=False)
        text = result["choices"][0]["message"].get("content") or ""
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        for part in self._completion(messages, stop, stream=True):
            choices = part.get("choices") or []
            token = ((choices[0].get("delta") or {}).get("content") if choices else None) or ""
            if not token:
                continue
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=token))
            if run_manager:
                run_manager.on_llm_new_token(token, chunk=chunk)
            yield chunk
