#!/bin/sh
# The README's test command: install what is missing, build, run every test.
set -e
cd "$(dirname "$0")/.."
sh scripts/deps.sh
make -j"$(nproc)" all
# The same unit and kernel tests also run built with ASan and UBSan.
make -j"$(nproc)" SANITIZE=1 all units
BUILDS="build build-san" exec make test
