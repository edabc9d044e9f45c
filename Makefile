# rawbpf — see README.md. `make` builds ./rawbpf, `make test` runs every test.
#
# Sources are found by folder, so a new stage is a new file and no edit here:
#   common/ elf/ btf/ insn/ bpf/   the lower folders (librawbpf.a)
#   loader/plan load run, loader/rawbpf.c   the loader phases and the C API (librawbpf.a)
#   loader/cli/                    the rawbpf command only (loader/cli/main.c holds main())
#   examples/*.bpf.c tests/bpf/*.bpf.c   BPF C, compiled with clang -target bpf
#   tests/unit/test_*.c            cmocka unit tests, one binary each

CC       ?= cc
CLANG    ?= clang
PREFIX   ?= /usr/local
DESTDIR  ?=
VERSION  := 0.1.0
O        ?= build

CFLAGS   ?= -O2 -g
CFLAGS   += -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter
CPPFLAGS += -I. -DRAWBPF_VERSION='"$(VERSION)"' -D_GNU_SOURCE
LDLIBS   ?=
# zlib is an oracle for the tests (tests/unit/test_inflate.c, the fuzz
# targets); the loader inflates /proc/config.gz itself (common/inflate.c).
TEST_LDLIBS := -lz

MAIN     := rawbpf
ifeq ($(SANITIZE),1)
CC       := clang
CFLAGS   += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS  += -fsanitize=address,undefined
O        := build-san
MAIN     := $(O)/rawbpf
endif

# Fuzz targets (tests/fuzz/): libFuzzer, clang, ASan+UBSan, into build-fuzz/.
# The library gets coverage instrumentation only (fuzzer-no-link).
ifeq ($(FUZZ),1)
CC       := clang
CFLAGS   += -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS  += -fsanitize=address,undefined
override O := build-fuzz
endif
FUZZ_SECONDS ?= 60
FUZZ_NAMES := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))

BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_x86 -Wall -Werror \
              -idirafter /usr/include/x86_64-linux-gnu -I. -Iexamples -I$(O)

# The library is everything but loader/cli/; the command is loader/cli/ + the library.
# common/printf.c, malloc.c, string.c, getopt.c and syscalls.c are the static build's
# (STATIC_OBJ), not the library's.
LIB_SRC  := $(filter-out common/printf.c common/malloc.c common/string.c common/getopt.c \
                         common/syscalls.c, \
            $(wildcard common/*.c elf/*.c btf/*.c insn/*.c bpf/*.c loader/*.c loader/plan/*.c \
                       loader/load/*.c loader/run/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(O)/obj/%.o)
CLI_SRC  := $(wildcard loader/cli/*.c)
CLI_OBJ  := $(CLI_SRC:%.c=$(O)/obj/%.o)
# The CLI's printers, for test programs that print a plan as rawbpf does.
CLI_PRINT_OBJ := $(addprefix $(O)/obj/loader/cli/,print_plan.o print_disasm.o json.o)
HDRS     := $(wildcard common/*.h elf/*.h btf/*.h insn/*.h bpf/*.h loader/*.h loader/*/*.h)

EX_BPF   := $(wildcard examples/*.bpf.c)
# linked_*.bpf.c are the parts of one linked object, linked.bpf.o (below).
TEST_BPF := $(filter-out tests/bpf/linked_%,$(wildcard tests/bpf/*.bpf.c))
BPF_OBJ  := $(EX_BPF:examples/%.bpf.c=$(O)/examples/%.bpf.o) \
            $(TEST_BPF:tests/bpf/%.bpf.c=$(O)/tests/bpf/%.bpf.o) \
            $(O)/tests/bpf/linked.bpf.o
EX_USER  := $(filter-out %.bpf.c,$(wildcard examples/*.c))
EX_BIN   := $(EX_USER:examples/%.c=$(O)/examples/%)

# C tests: tests/unit/ need no kernel and no root; tests/kernel/ need both.
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(O)/tests/unit/%) \
            $(patsubst %.c,$(O)/%,$(wildcard tests/kernel/test_*.c))

all: $(MAIN) $(BPF_OBJ) $(EX_BIN)

units: $(UNIT_BIN) $(O)/tests/tools/extract_bpf $(O)/tests/tools/usdt_target $(O)/tests/tools/usdt_hotspot

rawbpf: $(O)/rawbpf
	cp $< $@

# EXTRA_OBJ: objects linked before the library and libc (`make static`'s vfprintf).
$(O)/rawbpf: $(CLI_OBJ) $(EXTRA_OBJ) $(O)/librawbpf.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/librawbpf.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(O)/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# The built-in example of `rawbpf run` is the execsnoop object, embedded
# without its DWARF (.BTF and .BTF.ext stay), without the relocations of
# .BTF and .BTF.ext (they serve a static linker; the loader reads neither)
# and without .llvm_addrsig (also for linkers): 3.4 KiB instead of 8.5.
# It and the help text (loader/cli/usage.txt) are embedded gzip'd (-n: no
# name or time, so the build is reproducible); common/inflate.c, which
# reads /proc/config.gz, unpacks them: 1.3 KiB and 2.2 KiB instead of 3.4
# and 5.0.
$(O)/examples/execsnoop.builtin.o: $(O)/examples/execsnoop.bpf.o
	llvm-strip -g --remove-section=.rel.BTF --remove-section=.rel.BTF.ext \
		--remove-section=.llvm_addrsig -o $@ $<
$(O)/gz/%.gz: $(O)/examples/%
	@mkdir -p $(dir $@)
	gzip -9nc $< >$@
$(O)/gz/usage.txt.gz: loader/cli/usage.txt
	@mkdir -p $(dir $@)
	gzip -9nc $< >$@
$(O)/obj/loader/cli/builtin.o: $(O)/gz/execsnoop.builtin.o.gz $(O)/gz/usage.txt.gz
$(O)/obj/loader/cli/builtin.o: CPPFLAGS += -DBUILTIN_GZ='"$(O)/gz/"'
# Its symbols are defined in top-level asm, which an LTO object does not
# show the linker: it stays a plain object.
$(O)/obj/loader/cli/builtin.o: override CFLAGS += -fno-lto

# vmlinux.h for CO-RE programs, from the running kernel's BTF.
$(O)/vmlinux.h:
	@mkdir -p $(dir $@)
	bpftool btf dump file /sys/kernel/btf/vmlinux format c > $@.tmp && mv $@.tmp $@

$(O)/examples/%.bpf.o: examples/%.bpf.c $(wildcard examples/*.h) | $(O)/vmlinux.h
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -c -o $@ $<

$(O)/tests/bpf/%.bpf.o: tests/bpf/%.bpf.c $(wildcard examples/*.h) | $(O)/vmlinux.h
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -c -o $@ $<

# The disassembler test's v3 instruction forms (alu32, jmp32, atomics).
$(O)/tests/bpf/insn_v3.bpf.o: BPF_CFLAGS += -mcpu=v3
# examples/tcp_cc.bpf.c in a .struct_ops section: rebuilt when the example changes.
$(O)/tests/bpf/tcp_cc_update.bpf.o: examples/tcp_cc.bpf.c

# Host programs the tests run (tests/tools/*.c).
$(O)/tests/tools/%: tests/tools/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $<

# The USDT test target: probes without a semaphore and, from a second file
# (sys/sdt.h decides per file), one with.
$(O)/tests/tools/usdt_target: tests/tools/usdt_target.c tests/tools/usdt_target_sema.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^
$(O)/tests/unit/test_usdt: $(O)/tests/tools/usdt_target

# The embedded-object extractor reads with the project's ELF reader.
$(O)/tests/tools/extract_bpf: tests/tools/extract_bpf.c $(O)/librawbpf.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(O)/librawbpf.a $(LDLIBS)

# Unit tests of the CLI's building blocks link the CLI files they test.
$(O)/tests/unit/test_symbolize: $(O)/obj/loader/cli/symbolize.o
$(O)/tests/unit/test_hist: $(O)/obj/loader/cli/print_hist.o $(O)/obj/loader/cli/json.o
$(O)/tests/unit/test_print_globals: $(addprefix $(O)/obj/loader/cli/,print_globals.o print_maps.o print_stacks.o \
	symbolize.o print_hist.o print_events.o json.o)

# Unit tests that #include the source they test rebuild when it changes.
$(O)/tests/unit/test_explain_names: bpf/explain.c
$(O)/tests/unit/test_fast_events: loader/cli/print_events.c loader/cli/json.c
$(O)/tests/unit/test_getopt: common/getopt.c
$(O)/tests/unit/test_malloc: common/malloc.c
$(O)/tests/unit/test_printf: common/printf.c
$(O)/tests/unit/test_string: common/string.c
$(O)/tests/unit/test_syscalls: common/syscalls.c

# clang 14 cannot emit TYPE_MATCHES: the source asks TYPE_EXISTS (8) and
# every such record becomes BPF_CORE_TYPE_MATCHES (12).
$(O)/tests/bpf/core_matches.bpf.o: tests/bpf/core_matches.bpf.c $(O)/tests/tools/core_kind | $(O)/vmlinux.h
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -c -o $@.exists $<
	$(O)/tests/tools/core_kind $@.exists $@ 8 12 >/dev/null
$(O)/tests/bpf/core_deep.bpf.o: tests/bpf/core_deep.bpf.c $(O)/tests/tools/core_kind | $(O)/vmlinux.h
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -c -o $@.exists $<
	$(O)/tests/tools/core_kind $@.exists $@ 8 12 >/dev/null

# An object made by the BPF static linker from two compiled parts.
$(O)/tests/bpf/linked/%.o: tests/bpf/linked_%.bpf.c | $(O)/vmlinux.h
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -c -o $@ $<
$(O)/tests/bpf/linked.bpf.o: $(O)/tests/bpf/linked/a.o $(O)/tests/bpf/linked/b.o
	bpftool gen object $@ $^

# C examples include <rawbpf.h> as an installed program would.
$(O)/examples/%: examples/%.c $(O)/librawbpf.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Iloader $(CFLAGS) $(LDFLAGS) -o $@ $< $(O)/librawbpf.a $(LDLIBS)

# The uprobe target: -O1 (after -O2 in CFLAGS, so it wins) keeps the probed
# function simple; see examples/uprobe_target.c.
$(O)/examples/uprobe_target: CFLAGS += -O1

$(O)/tests/%: tests/%.c $(O)/librawbpf.a $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(filter $(O)/obj/%.o,$^) $(O)/librawbpf.a -lcmocka -lelf $(LDLIBS) $(TEST_LDLIBS)

# Everything CI runs. Ends with one line: N passed, N failed.
# BUILDS="build build-san" runs the unit and kernel tests of both builds
# (CI does, after `make SANITIZE=1 all units`). rawbpf-static is built
# first (where musl-gcc is): tests/run.sh runs the kernel tests' scripts
# against it once more. It is built by a sub-make without this make's
# variables (SANITIZE=1, O=...), as tests/size.sh does; if that fails, the
# old binary is removed, so the static pass does not test a stale one (it
# is then a skip, a failure under CI=true; tests/size.sh shows the error).
test: all units
	@if command -v musl-gcc >/dev/null 2>&1; then \
		env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL $(MAKE) -s static >/dev/null || rm -f rawbpf-static; fi
	O=$(O) sh tests/run.sh

# libFuzzer targets and the seed extractor in build-fuzz/fuzz/; `make fuzz`
# seeds them from the objects `make` built and runs each FUZZ_SECONDS seconds
# (tests/fuzz/README.md).
build-fuzz:
	$(MAKE) FUZZ=1 fuzz-bins

fuzz-bins: $(FUZZ_NAMES:%=$(O)/fuzz/%) $(O)/fuzz/extract

$(O)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(O)/librawbpf.a $(CLI_PRINT_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fsanitize=fuzzer -o $@ $< $(CLI_PRINT_OBJ) $(O)/librawbpf.a $(LDLIBS) $(TEST_LDLIBS)

# Plain build: it only reads the objects `make` wrote.
$(O)/fuzz/extract: tests/fuzz/extract.c elf/elf.c elf/elf.h common/err.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -std=gnu11 -O1 -g -Wall -Wextra -Werror -o $@ tests/fuzz/extract.c elf/elf.c common/err.c

fuzz: all build-fuzz
	O=$(O) sh tests/fuzz/run.sh $(FUZZ_SECONDS)

# One static, stripped, musl-linked binary, built for size (issue 15: at most
# 128 KiB; tests/size.sh holds the budget). Each setting was measured, added
# one after the other (bench/RESULTS.md, "Size: compiler and linker settings"):
#   -Os, -ffunction-sections -fdata-sections, --gc-sections   the baseline
#   -fno-asynchronous-unwind-tables -fno-unwind-tables  -16 KiB: no .eh_frame
#       (nothing here unwinds: C, no exceptions; a debugger loses CFI only)
#   -z noseparate-code   -8 KiB: text shares pages with read-only data
#       instead of 4 KiB-aligned segments of its own
#   -z norelro           -2 KiB: no page padding for RELRO, which musl's
#       static start-up never applies (the RW segment stays writable anyway)
#   -flto=auto           -3 KiB; -flto-partition=one -576 bytes more: the
#       link-time optimizer sees the whole program as one unit (and
#       runs as one job) instead of in parallel partitions
#   -z common-page-size=64  up to -4 KiB: the read-write segment starts in
#       the file right after the read-only one (still congruent to its
#       address modulo 4 KiB, as the loader needs) instead of at the next
#       4 KiB of the file; without it the size moves in 4 KiB steps
#   -Oz (gcc 12)         -1.5 KiB over -Os
#   -fno-jump-tables     -160 bytes: a switch as compares, not a table of
#       addresses in .rodata
#   -malign-data=abi, --sort-section=alignment  -288 bytes: arrays aligned
#       as the ABI asks (16), not to 32, and less padding between sections
#   -fno-pie, -no-pie    -4 KiB: Debian's gcc makes position-independent
#       code by default, which a static executable at a fixed address does
#       not need (absolute addresses are shorter than RIP-relative ones)
#   strip -R .comment    -144 bytes: the compilers' version strings
#   STATIC_LESS_OPT      -4.1 KiB: optimizations that buy speed with bytes,
#       turned off (each one after the other, on 211384 bytes):
#       -fno-expensive-optimizations -1024, -fno-optimize-sibling-calls -416,
#       -fno-caller-saves -384, -fno-tree-dominator-opts -928,
#       -fno-move-loop-invariants with -fno-tree-switch-conversion -480;
#       then on 204792: -fno-tree-loop-im -448, -fno-tree-forwprop -128;
#       then on 202360, together -320: -fno-isolate-erroneous-paths-dereference,
#       -fno-defer-pop, -fno-tree-coalesce-vars, -fno-tree-scev-cprop,
#       -fno-shrink-wrap (-64 to -160 each)
# Measured and not kept: clang 14 -Oz with lld (--target=x86_64-linux-musl,
# musl's headers and crt): +8 KiB over gcc, +7 KiB with --icf=all; gold
# with --icf=all: +1 KiB; -fno-ipa-cp, -fno-ipa-sra,
# -fno-inline-functions-called-once: +1 to +2 KiB each; -fno-gcse +640,
# -fno-ivopts +448, -fno-if-conversion +128, -fipa-pta and
# -fmerge-all-constants -32 each (noise), -fno-semantic-interposition,
# -fno-unroll-loops, -fno-tree-vectorize and -falign-*=1 no change (-Oz
# does that already); -fno-tree-vrp +768, -fno-tree-ter +896,
# -fno-peephole2 +6912, -fno-inline-small-functions +384, -mtune=k8 or
# intel +64 and +320, -fira-algorithm=priority +1 KiB, some 30 other
# -fno-* within 64 bytes either way (bench/RESULTS.md section 4);
# -mno-sse -mno-sse2 -640 but not kept: the x86-64 ABI passes a double in
# an SSE register, and btf/format.c prints BTF floats (%g); code without
# SSE is not safe for that.
STATIC_LESS_OPT := -fno-expensive-optimizations -fno-optimize-sibling-calls -fno-caller-saves \
                   -fno-tree-dominator-opts -fno-move-loop-invariants -fno-tree-switch-conversion \
                   -fno-tree-loop-im -fno-tree-forwprop -fno-isolate-erroneous-paths-dereference \
                   -fno-defer-pop -fno-tree-coalesce-vars -fno-tree-scev-cprop -fno-shrink-wrap
# -fno-stack-protector changes nothing: musl-gcc does not turn it on.
# STATIC_OBJ, linked before libc.a, replaces musl's pieces with smaller ones
# of rawbpf's own: common/printf.c, a vfprintf without musl's exact
# floating-point conversion and wide characters (-6 KiB), a vsnprintf
# into the buffer, not through a FILE (-0.45 KiB), and fputc through
# fwrite (-0.4 KiB); common/malloc.c,
# a size-class allocator instead of musl's mallocng (-8 KiB); common/string.c,
# a plain strstr instead of the two-way one and strto(u)l(l) without musl's
# scanf number reader, and a getdelim a character at a time (-3.5 KiB);
# strspn and strcspn without a bit set (-0.3 KiB), strcpy, strncpy and
# atoi (-0.5 KiB), strchr and getenv without strchrnul (-0.35 KiB);
# strcmp, strncmp, memcmp, strrchr and strdup (-1.2 KiB, most of it in
# their callers, which keep the registers these do not touch: LTO sees them);
# common/syscalls.c, stat, lstat, fstat, fstatat, fork, fcntl, sendmsg,
# open, pipe2, signalfd, epoll_*, mmap, mremap, socket, nanosleep, readlink
# and close straight from the system call (-0.8, -1.8, -0.3, -0.3, -1.2
# and -0.1 KiB);
# common/getopt.c, getopt_long without multibyte decoding and messages (-3 KiB).
STATIC_OBJ     := obj/common/printf.o obj/common/malloc.o obj/common/string.o \
                  obj/common/getopt.o obj/common/syscalls.o
STATIC_CFLAGS  := -Oz -ffunction-sections -fdata-sections \
                  -fno-asynchronous-unwind-tables -fno-unwind-tables -flto=auto -flto-partition=one \
                  -fno-jump-tables -fno-pie -malign-data=abi $(STATIC_LESS_OPT)
STATIC_LDFLAGS := -static -no-pie -s -Oz -flto=auto -flto-partition=one -malign-data=abi $(STATIC_LESS_OPT) -Wl,--sort-section=alignment -Wl,--gc-sections -Wl,-z,noseparate-code -Wl,-z,norelro -Wl,-z,common-page-size=64
# musl-gcc has no kernel headers of its own: give it linux-libc-dev's uapi
# folders only, not the rest of glibc's /usr/include.
# Objects built with other settings are built again (make knows only times).
static:
	@mkdir -p build-static/include
	@echo '$(STATIC_CFLAGS) | $(STATIC_LDFLAGS)' | cmp -s - build-static/flags || \
		{ rm -rf build-static/obj build-static/librawbpf.a build-static/rawbpf; \
		  echo '$(STATIC_CFLAGS) | $(STATIC_LDFLAGS)' >build-static/flags; }
	@ln -sfn /usr/include/linux build-static/include/linux
	@ln -sfn /usr/include/asm-generic build-static/include/asm-generic
	@ln -sfn /usr/include/$$(gcc -print-multiarch)/asm build-static/include/asm
	$(MAKE) O=build-static CC=musl-gcc CFLAGS="$(STATIC_CFLAGS) -idirafter build-static/include" \
		LDFLAGS="$(STATIC_LDFLAGS)" EXTRA_OBJ="$(addprefix build-static/,$(STATIC_OBJ))" build-static/rawbpf
	strip -R .comment -o rawbpf-static build-static/rawbpf
	@echo "rawbpf-static: $$(stat -c %s rawbpf-static) bytes"

# The static build's compiler flags, its linker flags, its own objects
# (under O), then STATIC_LESS_OPT alone, for bench/size.sh.
static-flags:
	@echo "$(STATIC_CFLAGS)"
	@echo "$(STATIC_LDFLAGS)"
	@echo "$(STATIC_OBJ)"
	@echo "$(STATIC_LESS_OPT)"

# Boot Debian's kernel under qemu with an initramfs holding only the static
# rawbpf and the BPF objects (tests/initramfs/; make test runs it too).
initramfs: all
	O=$(O) sh tests/initramfs/test.sh

# The kernel 6.1 selftests corpus: how many objects rawbpf reads and loads.
compat: all
	sh scripts/compat.sh

# `make install [PREFIX=/usr/local] [DESTDIR=]`: the command, rawbpf-static
# when `make static` built it, the library with its header and pkg-config
# file, the manual pages, the bash completion and the examples' BPF objects.
# `make uninstall` removes exactly those files, and the examples' folders
# when they are left empty. debian/rules sets PREFIX=/usr and a multiarch
# LIBDIR.
BINDIR      ?= $(PREFIX)/bin
LIBDIR      ?= $(PREFIX)/lib
INCLUDEDIR  ?= $(PREFIX)/include
MANDIR      ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
EXAMPLEDIR  ?= $(PREFIX)/share/rawbpf/examples
EX_INSTALL  := $(EX_BPF:examples/%.bpf.c=%.bpf.o)
INSTALLED   := $(BINDIR)/rawbpf $(BINDIR)/rawbpf-static $(LIBDIR)/librawbpf.a \
               $(LIBDIR)/pkgconfig/rawbpf.pc $(INCLUDEDIR)/rawbpf.h \
               $(MANDIR)/man1/rawbpf.1 $(MANDIR)/man3/rawbpf.3 $(BASHCOMPDIR)/rawbpf \
               $(EX_INSTALL:%=$(EXAMPLEDIR)/%)

# rawbpf.pc for these directories (the paths in it are without DESTDIR).
$(O)/rawbpf.pc: rawbpf.pc.in FORCE
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' $< >$@

install: $(O)/rawbpf $(O)/librawbpf.a $(O)/rawbpf.pc $(EX_INSTALL:%=$(O)/examples/%)
	install -D -m 0755 $(O)/rawbpf $(DESTDIR)$(BINDIR)/rawbpf
	if [ -f rawbpf-static ]; then install -D -m 0755 rawbpf-static $(DESTDIR)$(BINDIR)/rawbpf-static; fi
	install -D -m 0644 $(O)/librawbpf.a $(DESTDIR)$(LIBDIR)/librawbpf.a
	install -D -m 0644 $(O)/rawbpf.pc $(DESTDIR)$(LIBDIR)/pkgconfig/rawbpf.pc
	install -D -m 0644 loader/rawbpf.h $(DESTDIR)$(INCLUDEDIR)/rawbpf.h
	install -D -m 0644 man/rawbpf.1 $(DESTDIR)$(MANDIR)/man1/rawbpf.1
	install -D -m 0644 man/rawbpf.3 $(DESTDIR)$(MANDIR)/man3/rawbpf.3
	install -D -m 0644 scripts/completion/rawbpf.bash $(DESTDIR)$(BASHCOMPDIR)/rawbpf
	install -d $(DESTDIR)$(EXAMPLEDIR)
	install -m 0644 $(EX_INSTALL:%=$(O)/examples/%) $(DESTDIR)$(EXAMPLEDIR)/

uninstall:
	rm -f $(INSTALLED:%=$(DESTDIR)%)
	for d in $(DESTDIR)$(EXAMPLEDIR) $(dir $(DESTDIR)$(EXAMPLEDIR)); do \
		[ ! -d $$d ] || rmdir --ignore-fail-on-non-empty $$d; done

FORCE:

clean:
	rm -rf build build-san build-static build-fuzz rawbpf rawbpf-static

.PHONY: all units test static static-flags install uninstall clean compat initramfs build-fuzz fuzz-bins fuzz
.SECONDARY:
