#!/bin/sh
# The compatibility corpus: kernel 6.1's BPF selftests (tools/testing/selftests/
# bpf/progs/*.c from Debian's linux-source-6.1), compiled here, then read by
# `rawbpf inspect` and, as root, loaded by both `rawbpf load` and libbpf
# (`bpftool prog loadall`) in the same run, so the two counts compare.
#
#   sh scripts/compat.sh [options]        (or: make compat)
#     --load            load every object (the default when run as root)
#     --no-load         compile and inspect only
#     --separate-core   split every count into CO-RE / non-CO-RE objects
#     --only REGEX      only objects whose name matches REGEX (grep -E)
#     --headers H       libbpf headers: "debian" (libbpf-dev, default) or
#                       "source" (the 6.1 tree's tools/lib/bpf)
#     -j N              parallel compile jobs (default 2)
#     --timeout S       seconds per object per command (default 60)
#
# Work folder compat/ (gitignored): src/ the extracted tree, obj/ the objects
# and compile logs, log/ one file per object and command, summary.txt.
# Loading touches nothing on the host: see step 5.
# Exit status: 0, or 1 if rawbpf crashed or hung on any object, 2 on usage
# or setup errors.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
W=$ROOT/compat
TARBALL=${COMPAT_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
TOP=linux-source-6.1
SRC=$W/src/$TOP
SELF=$SRC/tools/testing/selftests/bpf
OBJ=$W/obj
LOG=$W/log
RAWBPF=${RAWBPF:-$ROOT/rawbpf}
BPFFS=/sys/fs/bpf

# One object, compiled from the selftests folder (where vmlinux.h sits).
# Called through xargs as: sh compat.sh --compile-one progs/NAME.c
if [ "${1:-}" = --compile-one ]; then
	src=$2
	n=$(basename "$src" .c)
	cd "$SELF" || exit 2
	# shellcheck disable=SC2086
	if clang $COMPAT_CFLAGS -c "$src" -o "$OBJ/$n.o.tmp" 2>"$OBJ/$n.err"; then
		mv "$OBJ/$n.o.tmp" "$OBJ/$n.o"
	else
		rm -f "$OBJ/$n.o.tmp" "$OBJ/$n.o"
	fi
	exit 0
fi

LOAD=auto
SEPCORE=0
ONLY=
HEADERS=debian
JOBS=2
TMO=60
while [ $# -gt 0 ]; do
	case "$1" in
	--load) LOAD=1 ;;
	--no-load) LOAD=0 ;;
	--separate-core) SEPCORE=1 ;;
	--only) ONLY=${2:?--only needs a regex}; shift ;;
	--headers) HEADERS=${2:?--headers needs debian or source}; shift ;;
	-j) JOBS=${2:?-j needs a number}; shift ;;
	--timeout) TMO=${2:?--timeout needs seconds}; shift ;;
	-h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "compat.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
	esac
	shift
done
if [ "$LOAD" = auto ]; then
	if [ "$(id -u)" = 0 ]; then LOAD=1; else LOAD=0; fi
fi

die() { echo "compat.sh: $*" >&2; exit 2; }
now() { date +%s; }
T0=$(now)

for t in clang bpftool llvm-readelf od timeout xz; do
	command -v $t >/dev/null 2>&1 || die "$t not found (sh scripts/deps.sh --compat)"
done
[ -x "$RAWBPF" ] || die "$RAWBPF not built (make)"

# --- 1. Extract only what the selftests build needs (cached) ---------------
if [ ! -d "$SELF/progs" ]; then
	[ -r "$TARBALL" ] || die "$TARBALL missing (sh scripts/deps.sh --compat)"
	echo "compat: extracting selftests, tools/lib/bpf, tools/include from $TARBALL"
	mkdir -p "$W/src.tmp"
	tar -xJf "$TARBALL" -C "$W/src.tmp" \
		"$TOP/tools/testing/selftests/bpf" "$TOP/tools/lib/bpf" \
		"$TOP/tools/include" || die "extracting $TARBALL failed"
	rm -rf "$W/src"
	mv "$W/src.tmp" "$W/src"
fi

# --- 2. vmlinux.h from the running kernel, where the progs look for it -----
if [ ! -s "$SELF/vmlinux.h" ]; then
	[ -r /sys/kernel/btf/vmlinux ] || die "/sys/kernel/btf/vmlinux missing: no kernel BTF"
	bpftool btf dump file /sys/kernel/btf/vmlinux format c >"$SELF/vmlinux.h.tmp" &&
		mv "$SELF/vmlinux.h.tmp" "$SELF/vmlinux.h" || die "bpftool btf dump failed"
fi

# --- 3. Compile every progs/*.c (cached per object) ------------------------
# Both header sets compile the same 488 of 497 here; libbpf-dev's is the
# default because bpftool and bench/ load with that same libbpf (1.1). The 6.1
# tree has no generated bpf_helper_defs.h, so "source" borrows libbpf-dev's.
case "$HEADERS" in
debian) HDR_INC=/usr/include/bpf ;;
source)
	HDR_INC=$W/inc
	mkdir -p "$HDR_INC/bpf"
	for h in "$SRC"/tools/lib/bpf/*.h; do ln -sf "$h" "$HDR_INC/bpf/"; done
	ln -sf /usr/include/bpf/bpf_helper_defs.h "$HDR_INC/bpf/"
	;;
*) die "--headers must be debian or source" ;;
esac
COMPAT_CFLAGS="-g -O2 -target bpf -D__TARGET_ARCH_x86 -mcpu=v3 -I. -Iprogs \
-I$HDR_INC -I$SRC/tools/include/uapi -idirafter /usr/include/x86_64-linux-gnu \
-Wno-compare-distinct-pointer-types"
export COMPAT_CFLAGS
mkdir -p "$OBJ" "$LOG"
# Objects built with other flags (or headers) are not reused.
if [ "$(cat "$OBJ/.flags" 2>/dev/null)" != "$COMPAT_CFLAGS" ]; then
	rm -f "$OBJ"/*.o "$OBJ"/*.err
	printf '%s\n' "$COMPAT_CFLAGS" >"$OBJ/.flags"
fi

names() {
	for f in "$SELF"/progs/*.c; do basename "$f" .c; done |
		if [ -n "$ONLY" ]; then grep -E -- "$ONLY"; else cat; fi
}
# A name is up to date when its object, or its failed compile's log, is
# newer than its source: failures are not retried until the source changes.
stale=$(names | while read -r n; do
	s=$SELF/progs/$n.c
	if [ -f "$OBJ/$n.o" ] && [ "$OBJ/$n.o" -nt "$s" ]; then continue; fi
	if [ ! -f "$OBJ/$n.o" ] && [ -f "$OBJ/$n.err" ] && [ "$OBJ/$n.err" -nt "$s" ]; then continue; fi
	echo "progs/$n.c"
done)
nstale=$(printf '%s' "$stale" | grep -c . || true)
TC0=$(now)
if [ "$nstale" -gt 0 ]; then
	echo "compat: compiling $nstale sources with -j$JOBS"
	printf '%s\n' "$stale" | xargs -P "$JOBS" -n 1 sh "$0" --compile-one
fi
TC=$(($(now) - TC0))

total=0 compiled=0
: >"$W/compile-failed.txt"
for n in $(names); do
	total=$((total + 1))
	if [ -f "$OBJ/$n.o" ]; then
		compiled=$((compiled + 1))
		echo "$n"
	else
		echo "$n: $(grep -m1 'error:' "$OBJ/$n.err" | sed 's/^[^ ]*: error: //')" >>"$W/compile-failed.txt"
	fi
done >"$W/objects.txt"

# --- 3b. Link the multi-file objects, as the selftests' Makefile does -------
# Its "NAME.skel.h-deps := a.bpf.o b.bpf.o" lines name the parts of each
# object made by the BPF static linker (bpftool gen object); the result is
# NAME.linked here, next to the parts (which stay objects of their own).
: >"$W/linked.txt"
sed -n 's/^\([a-z0-9_]*\)\.skel\.h-deps := \(.*\)$/\1 \2/p' "$SELF/Makefile" |
while read -r name parts; do
	objs=""
	for part in $parts; do
		objs="$objs $OBJ/${part%.bpf.o}.o"
	done
	# shellcheck disable=SC2086
	ls $objs >/dev/null 2>&1 || continue
	[ -n "$ONLY" ] && ! echo "$name.linked" | grep -qE -- "$ONLY" && continue
	# shellcheck disable=SC2086
	if bpftool gen object "$OBJ/$name.linked.o" $objs 2>"$OBJ/$name.linked.err"; then
		echo "$name.linked" >>"$W/objects.txt"
		echo "$name.linked" >>"$W/linked.txt"
	else
		echo "$name.linked: $(tail -1 "$OBJ/$name.linked.err")" >>"$W/compile-failed.txt"
	fi
done
total=$((total + $(wc -l <"$W/linked.txt")))
compiled=$((compiled + $(wc -l <"$W/linked.txt")))

# --- CO-RE classification ---------------------------------------------------
# An object needs CO-RE when its .BTF.ext carries CO-RE relocation records.
# .BTF.ext header (Documentation/bpf/btf.rst, "BTF Ext Section"): magic u16,
# version u8, flags u8, hdr_len u32, then u32 offset/length pairs for
# func_info, line_info and, when hdr_len >= 32, core_relo. Each subsection
# starts with a u32 record size, so a length above 4 means records follow.
has_core() {
	off=$(llvm-readelf -S --wide "$1" 2>/dev/null |
		awk '{ for (i = 1; i <= NF; i++) if ($i == ".BTF.ext") { print $(i + 3); exit } }')
	[ -n "$off" ] || return 1
	off=$((0x$off))
	set -- $(od -An -v -t u4 -j $((off + 4)) -N 28 "$1")
	[ $# -ge 7 ] && [ "$1" -ge 32 ] && [ "$7" -gt 4 ]
}
: >"$W/core.txt"
for n in $(cat "$W/objects.txt"); do
	has_core "$OBJ/$n.o" && echo "$n" >>"$W/core.txt"
done
is_core() { grep -qx -- "$1" "$W/core.txt"; }

# --- Running one command on one object --------------------------------------
# run_obj KIND NAME CMD... : runs CMD with a timeout, logs stdout to
# log/NAME.KIND.out and stderr to log/NAME.KIND, sets RC and REASON.
# REASON for rawbpf: its last "rawbpf: FILE: STAGE: MESSAGE" line, plus the
# last line of the verifier log when one follows (exit 3). For libbpf, whose
# last lines are bpftool's generic "failed to load object file", the first
# libbpf line that says what failed.
run_obj() {
	kind=$1 n=$2
	shift 2
	timeout -k 5 "$TMO" "$@" >"$LOG/$n.$kind.out" 2>"$LOG/$n.$kind"
	RC=$?
	e=$LOG/$n.$kind
	last=$(grep -v '^[[:space:]]*$' "$e" | tail -n 1)
	if [ "$kind" = libbpf ]; then
		REASON=$(grep -m1 -E "^libbpf: .*(fail|[Ee]rror|unsupported|unrecognized|not found|can't|-[0-9]+)" "$e")
		[ -n "$REASON" ] || REASON=$last
	else
		REASON=$(grep '^rawbpf:' "$e" | tail -n 1)
		if [ -z "$REASON" ]; then REASON=$last
		elif [ "$RC" -eq 3 ] && [ "$last" != "$REASON" ]; then REASON="$REASON | $last"; fi
	fi
	# bpftool exits 255 on any failure, so only rawbpf's codes above 124 mean
	# timeout (124, or 137 after -k), exec failure (126, 127) or a signal.
	if [ "$kind" != libbpf ]; then
		case $RC in
		124|137) REASON="timeout after ${TMO}s" ;;
		126|127) REASON="exit $RC: could not run $1" ;;
		*) [ "$RC" -ge 128 ] && REASON="killed by signal $((RC - 128))${REASON:+ ($REASON)}" ;;
		esac
	fi
	[ -n "$REASON" ] || REASON="exit $RC, nothing on stderr"
	REASON=$(printf '%s\n' "$REASON" | sed "s|$OBJ/||g")
	return 0
}

# A placeholder or a too-lenient reader accepts anything: tell the reader.
PLACEHOLDER=0
if "$RAWBPF" inspect /dev/null >/dev/null 2>&1; then
	PLACEHOLDER=1
	echo "compat: warning: '$RAWBPF inspect /dev/null' exits 0: placeholder binary? counts below mean nothing" >&2
fi

# --- 4. rawbpf inspect -------------------------------------------------------
TI0=$(now)
: >"$W/inspect.ok" ; : >"$W/inspect.refused" ; : >"$W/inspect.crashed"
for n in $(cat "$W/objects.txt"); do
	run_obj inspect "$n" "$RAWBPF" inspect "$OBJ/$n.o"
	if [ "$RC" -eq 0 ]; then
		echo "$n" >>"$W/inspect.ok"
	elif [ "$RC" -ge 124 ]; then
		echo "$n: $REASON" >>"$W/inspect.crashed"
	else
		[ "$RC" -eq 1 ] || REASON="exit $RC: $REASON"
		echo "$n: $REASON" >>"$W/inspect.refused"
	fi
done
TI=$(($(now) - TI0))

# --- 4b. What `rawbpf run` attaches, by the attach kind inspect gives each
# program: objects whose every program attaches (no "load only"/"unknown"),
# those among them that need a kind added by issue 14 (xdp and tc with
# --dev, cgroup, iter, lsm, struct_ops, multi-probes), and programs per kind.
: >"$W/attach.all" ; : >"$W/attach.new" ; : >"$W/attach.kinds"
for n in $(cat "$W/inspect.ok"); do
	kinds=$("$RAWBPF" inspect --json "$OBJ/$n.o" 2>/dev/null | grep -o '"attach":"[^"]*"' | sed 's/"attach":"//; s/"$//')
	[ -n "$kinds" ] || continue
	printf '%s\n' "$kinds" >>"$W/attach.kinds"
	printf '%s\n' "$kinds" | grep -qx 'load only\|unknown' && continue
	echo "$n" >>"$W/attach.all"
	printf '%s\n' "$kinds" | grep -qx 'xdp\|tc\|cgroup\|iter\|lsm\|struct_ops\|kprobe.multi\|kprobe.session\|uprobe.multi' &&
		echo "$n" >>"$W/attach.new"
done

# --- 5. Load: rawbpf and libbpf, object by object ---------------------------
TL=0
: >"$W/load.raw.ok" ; : >"$W/load.raw.failed" ; : >"$W/load.raw.crashed"
: >"$W/load.libbpf.ok" ; : >"$W/load.libbpf.failed"
# Each load runs in its own mount namespace on a fresh bpffs instance mounted
# at /sys/fs/bpf: objects that pin maps by name (test_pinning, test_sk_assign)
# would otherwise leave pins in the host's /sys/fs/bpf, and the host's bpffs
# need not be mounted at all. The pins vanish with the namespace.
PRIV='mount -t bpf bpf /sys/fs/bpf || exit 125; exec "$@"'
LIBBPF='mount -t bpf bpf /sys/fs/bpf || exit 125
bpftool prog loadall "$1" "$2"; rc=$?; rm -rf "$2"; exit $rc'
if [ "$LOAD" = 1 ]; then
	[ "$(id -u)" = 0 ] || die "--load needs root"
	command -v unshare >/dev/null || die "unshare not found (util-linux)"
	TL0=$(now)
	for n in $(cat "$W/objects.txt"); do
		o=$OBJ/$n.o
		run_obj load "$n" unshare -m sh -c "$PRIV" sh "$RAWBPF" load "$o"
		if [ "$RC" -eq 0 ]; then
			echo "$n" >>"$W/load.raw.ok"
		elif [ "$RC" -ge 124 ]; then
			echo "$n: $REASON" >>"$W/load.raw.crashed"
		else
			echo "$n: $REASON" >>"$W/load.raw.failed"
		fi
		run_obj libbpf "$n" unshare -m sh -c "$LIBBPF" sh "$o" "$BPFFS/compat_$n"
		if [ "$RC" -eq 0 ]; then
			echo "$n" >>"$W/load.libbpf.ok"
		else
			echo "$n: $REASON" >>"$W/load.libbpf.failed"
		fi
	done
	TL=$(($(now) - TL0))
fi

# --- 5b. The attachable objects (4b) that also load: attachable by kind is
# what the section names say; loaded is what the verifier says, from the
# `rawbpf load` of step 5 (which every compiled object gets).
: >"$W/attach.all.loaded" ; : >"$W/attach.new.loaded" ; : >"$W/attach.all.failed"
if [ "$LOAD" = 1 ]; then
	grep -Fxf "$W/load.raw.ok" "$W/attach.all" >"$W/attach.all.loaded"
	grep -Fxf "$W/load.raw.ok" "$W/attach.new" >"$W/attach.new.loaded"
	grep -Fxvf "$W/load.raw.ok" "$W/attach.all" | while read -r n; do
		grep -m1 "^$n: " "$W/load.raw.failed" "$W/load.raw.crashed" | sed 's/^[^:]*://'
	done >"$W/attach.all.failed"
fi

# --- 6. Summary --------------------------------------------------------------
# count FILE [core|plain]: lines of FILE, or only those of CO-RE / plain objects.
count() {
	if [ $# -eq 1 ]; then grep -c . "$1"; return; fi
	c=0
	for x in $(sed 's/:.*//' "$1"); do
		if is_core "$x"; then [ "$2" = core ] && c=$((c + 1))
		else [ "$2" = plain ] && c=$((c + 1)); fi
	done
	echo $c
}
row() { # LABEL FILE
	if [ "$SEPCORE" = 1 ]; then
		printf '%-28s %6s %8s %8s\n' "$1" "$(count "$2")" "$(count "$2" core)" "$(count "$2" plain)"
	else
		printf '%-28s %6s\n' "$1" "$(count "$2")"
	fi
}
list() { # TITLE FILE
	[ -s "$2" ] || return 0
	echo
	echo "$1:"
	sed 's/^/  /' "$2"
}
# The comparison, object by object: loaded by both, by libbpf only (rawbpf's
# work list, with rawbpf's reason) and by rawbpf only (with libbpf's reason).
: >"$W/load.both" ; : >"$W/load.gap" ; : >"$W/load.rawonly"
if [ "$LOAD" = 1 ]; then
	grep -Fxf "$W/load.libbpf.ok" "$W/load.raw.ok" >"$W/load.both"
	grep -Fxf "$W/load.libbpf.ok" "$W/objects.txt" | grep -Fxvf "$W/load.raw.ok" |
		while read -r n; do
			grep -m1 "^$n: " "$W/load.raw.failed" "$W/load.raw.crashed" | sed 's/^[^:]*://'
		done >"$W/load.gap"
	grep -Fxf "$W/load.raw.ok" "$W/objects.txt" | grep -Fxvf "$W/load.libbpf.ok" |
		while read -r n; do
			grep -m1 "^$n: " "$W/load.libbpf.failed"
		done >"$W/load.rawonly"
fi
# core_tag FILE: its lines, "[CO-RE] " before those of CO-RE objects.
core_tag() {
	while IFS= read -r l; do
		if [ "$SEPCORE" = 1 ] && is_core "${l%%:*}"; then echo "[CO-RE] $l"; else echo "$l"; fi
	done <"$1"
}
{
	echo "rawbpf compatibility: kernel 6.1 BPF selftests (progs/*.c), $(uname -r), headers: $HEADERS"
	if [ "$LOAD" = 1 ]; then
		echo "rawbpf loads $(count "$W/load.raw.ok") of $(count "$W/objects.txt") compiled objects," \
			"libbpf $(count "$W/load.libbpf.ok"): both $(count "$W/load.both")," \
			"libbpf only $(count "$W/load.gap"), rawbpf only $(count "$W/load.rawonly")."
		echo "rawbpf run attaches every program of $(count "$W/attach.all") objects by kind;" \
			"$(count "$W/attach.all.loaded") of them load."
	fi
	[ "$PLACEHOLDER" = 1 ] && echo "WARNING: rawbpf inspect accepts /dev/null: placeholder binary, rawbpf counts mean nothing"
	echo
	if [ "$SEPCORE" = 1 ]; then
		printf '%-28s %6s %8s %8s\n' "" all CO-RE non-CO-RE
	fi
	printf '%-28s %6s\n' "sources" "$total"
	row "compiled" "$W/objects.txt"
	row "inspect: read OK" "$W/inspect.ok"
	row "inspect: refused" "$W/inspect.refused"
	row "inspect: CRASHED" "$W/inspect.crashed"
	row "run: every program attaches" "$W/attach.all"
	[ "$LOAD" = 1 ] && row "  ...and rawbpf loads it" "$W/attach.all.loaded"
	row "  ...with issue-14 kinds" "$W/attach.new"
	[ "$LOAD" = 1 ] && row "  ...issue-14 kinds, loaded" "$W/attach.new.loaded"
	echo "programs by attach kind:"
	sort "$W/attach.kinds" | uniq -c | sort -rn | sed 's/^/ /'
	if [ "$LOAD" = 1 ]; then
		row "load: rawbpf loaded" "$W/load.raw.ok"
		row "load: libbpf loaded" "$W/load.libbpf.ok"
		row "load: rawbpf failed" "$W/load.raw.failed"
		row "load: rawbpf CRASHED" "$W/load.raw.crashed"
		row "load: libbpf failed" "$W/load.libbpf.failed"
		row "load: both loaded" "$W/load.both"
		row "load: libbpf only" "$W/load.gap"
		row "load: rawbpf only" "$W/load.rawonly"
	fi
	echo
	echo "time: compile ${TC}s ($nstale compiled now), inspect ${TI}s, load ${TL}s, total $(($(now) - T0))s"
	list "Compile failures (vmlinux.h is from $(uname -r), the sources from 6.1)" "$W/compile-failed.txt"
	list "rawbpf inspect refused" "$W/inspect.refused"
	list "rawbpf inspect CRASHED" "$W/inspect.crashed"
	if [ "$LOAD" = 1 ]; then
		# Objects libbpf loads and rawbpf does not: the work list.
		core_tag "$W/load.gap" >"$W/load.gap.tagged"
		list "libbpf loads, rawbpf does not ($(count "$W/load.gap"); rawbpf's reason)" "$W/load.gap.tagged"
		list "rawbpf load CRASHED" "$W/load.raw.crashed"
		list "attachable by kind, not loaded ($(count "$W/attach.all.failed"); rawbpf's reason)" "$W/attach.all.failed"
		list "rawbpf loads, libbpf does not ($(count "$W/load.rawonly"); libbpf's reason)" "$W/load.rawonly"
	fi
} >"$W/summary.txt"
cat "$W/summary.txt"

crashes=$(($(count "$W/inspect.crashed") + $(count "$W/load.raw.crashed")))
[ "$crashes" -eq 0 ] || exit 1
exit 0
