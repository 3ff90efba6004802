#!/usr/bin/env bash
# Set up with the test tools, then run the whole test suite (real model, real index, real browser, real LLM).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
exec .venv/bin/python -m pytest "$@"
