#!/bin/sh
# Rebuild tests/data/tiny.o (from tests/fuzz/tiny.bpf.c, debug info stripped
# but .BTF kept) and the malformed inputs made from it. The outputs are
# committed; run this only after changing tiny.bpf.c or mkmalformed.c, and
# after `make` (it links build/librawbpf.a).
set -e
clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -Wall -Werror \
	-idirafter /usr/include/x86_64-linux-gnu -c -o build/tiny.full.o tests/fuzz/tiny.bpf.c
llvm-objcopy --strip-debug build/tiny.full.o tests/data/tiny.o
cc -std=gnu11 -Wall -Wextra -Werror -I. -D_GNU_SOURCE -o build/mkmalformed \
	tests/fuzz/mkmalformed.c build/librawbpf.a
build/mkmalformed tests/data/tiny.o tests/data/malformed
