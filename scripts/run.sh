#!/bin/sh
# The README's first command: install what is missing, build, and run the main
# job (with no arguments, the built-in execsnoop: every exec, live, until Ctrl-C).
set -e
cd "$(dirname "$0")/.."
sh scripts/deps.sh
make -j"$(nproc)" >/dev/null
exec ./rawbpf run "$@"
