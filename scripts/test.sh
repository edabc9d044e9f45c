#!/bin/sh
# The README's test command: install what is missing, build, run every test.
set -e
cd "$(dirname "$0")/.."
sh scripts/deps.sh
make -j"$(nproc)" all
exec make test
