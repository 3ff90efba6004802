#!/usr/bin/env bash
# Set up, build the index from corpus/ if there is none, and start the app on http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/inspection-qa app "$@"
