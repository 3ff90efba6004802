#!/usr/bin/env bash
# Create .venv at the repository root and install the project into it (idempotent).
#   scripts/setup.sh          the app and the command line
#   scripts/setup.sh --test   also the test tools: pytest, Playwright, the local LLM (llama-cpp-python,
#                             compiled from source: a few minutes the first time) and Debian's Chromium
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# torch first and pinned: an unpinned torch pulls a multi-GB CUDA build.
.venv/bin/pip install --quiet "torch==2.13.0"

if [ "${1:-}" = "--test" ]; then
  # llama.cpp's default build targets the build machine's newest instructions (AMX, AVX-512), which
  # crash with "illegal instruction" on some CPUs; build a portable AVX2 library instead, once.
  if ! .venv/bin/python -c "import llama_cpp" 2>/dev/null; then
    CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF" \
      .venv/bin/pip install --quiet --no-cache-dir "llama-cpp-python[server]==0.3.36"
  fi
  .venv/bin/pip install --quiet -e ".[test,llm]"
  if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = "0" ]; then
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
        || echo "warning: could not install chromium; browser tests will be skipped" >&2
    else
      echo "warning: /usr/bin/chromium is missing (sudo apt-get install chromium); browser tests will be skipped" >&2
    fi
  fi
else
  .venv/bin/pip install --quiet -e .
fi
