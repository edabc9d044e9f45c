#!/bin/sh
# Size: rawbpf-static (`make static`: musl, static, stripped) against a
# libbpf loader doing the same job (bench/mini_libbpf.c: open, load, attach
# every program, poll a ring buffer) linked statically against Debian's
# libbpf.a, libelf.a and libz.a: with musl-gcc when that links, else with
# gcc -static and glibc (the script says which). bench/mini_rawbpf.c, the
# same small program against rawbpf.h, is built both ways too, so that the
# libraries can be compared on the same libc. Every binary is stripped.
# Then where the bytes go: each binary relinked unstripped with -Wl,-Map
# and the map summed by origin (bench/sizemap.awk). Prints a Markdown section.
#
#   sh bench/size.sh
#
# Ratios are libbpf loader / other: above 1 means the other is smaller.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
S=$ROOT/build/bench/size
LIB=/usr/lib/$(gcc -print-multiarch)
cd "$ROOT" || exit 2
for f in libbpf.a libelf.a libz.a; do
	[ -e "$LIB/$f" ] || { echo "size.sh: $LIB/$f missing (libbpf-dev, libelf-dev, zlib1g-dev)" >&2; exit 2; }
done
command -v musl-gcc >/dev/null || { echo "size.sh: musl-gcc missing (musl-tools)" >&2; exit 2; }
make -s static >&2 || exit 2
make -s >&2 || exit 2
mkdir -p "$S/inc"
ln -sfn /usr/include/bpf "$S/inc/bpf"
MUSL_INC="-idirafter build-static/include -idirafter $S/inc"

# rawbpf-static again, unstripped with a map. `make static` links with LTO,
# and code generated at link time has no origin in a map; so these objects
# are compiled again with the same flags minus -flto (into $S/nolto), and
# linked like `make static` without -s, named one by one (not through the
# archive, because btf/core.o, insn/core.o and loader/core.o share a name
# inside it). Its stripped size is a little above rawbpf-static's.
SCF=$(make -s static-flags | sed -n 1p)
SLF=$(make -s static-flags | sed -n 2p)
SOBJ=$(make -s static-flags | sed -n 3p)
NOLTO=$(echo "$SCF" | sed 's/-flto[-=a-z]*//g')
make -s O="$S/nolto" CC=musl-gcc CFLAGS="$NOLTO -idirafter build-static/include" \
	LDFLAGS="$(echo "$SLF" | sed 's/-flto[-=a-z]*//g')" EXTRA_OBJ="$(for o in $SOBJ; do printf '%s ' "$S/nolto/$o"; done)" "$S/nolto/rawbpf" >&2 || exit 2
musl-gcc -static -no-pie -Wl,--gc-sections -Wl,-z,noseparate-code -Wl,-z,norelro \
	-Wl,-z,common-page-size=64 -Wl,--sort-section=alignment \
	-Wl,-Map="$S/rawbpf-static.map" -o "$S/rawbpf-static.full" \
	"$S/nolto/obj/loader/cli/main.o" $(find "$S/nolto/obj" -name '*.o' ! -path '*/loader/cli/main.o' | sort) || exit 1
strip -o "$S/rawbpf-static.relinked" "$S/rawbpf-static.full"

# link NAME CC FLAGS... : builds $S/NAME (unstripped, with NAME.map) and
# $S/NAME.stripped.
link() {
	n=$1
	shift
	"$@" -Wl,--gc-sections -Wl,-Map="$S/$n.map" -o "$S/$n" 2>"$S/$n.log" &&
		strip -o "$S/$n.stripped" "$S/$n"
}
if link mini_libbpf.musl musl-gcc -Os -static $MUSL_INC bench/mini_libbpf.c \
	"$LIB/libbpf.a" "$LIB/libelf.a" "$LIB/libz.a"; then
	LBLIBC=musl LBNAME=mini_libbpf.musl
	LBNOTE="musl-gcc links it."
else
	missing=$(grep -o "undefined reference to \`[^']*'" "$S/mini_libbpf.musl.log" |
		sed "s/.*\`//; s/'//" | sort -u | tr '\n' ' ')
	LBLIBC=glibc LBNAME=mini_libbpf.glibc
	LBNOTE="musl-gcc does not link it: Debian's libbpf.a and libz.a are built against glibc and refer to ${missing:-symbols musl lacks}(glibc's _FORTIFY_SOURCE and LFS entry points). So the libbpf loader is built with gcc -static against glibc."
	link mini_libbpf.glibc gcc -O2 -static bench/mini_libbpf.c -lbpf -lelf -lz || { cat "$S/mini_libbpf.glibc.log" >&2; exit 1; }
fi
link mini_rawbpf.musl musl-gcc -Os -ffunction-sections -fdata-sections -static -I. $MUSL_INC \
	bench/mini_rawbpf.c build-static/librawbpf.a || { cat "$S/mini_rawbpf.musl.log" >&2; exit 1; }
link mini_rawbpf.glibc gcc -O2 -static -I. bench/mini_rawbpf.c build/librawbpf.a ||
	{ cat "$S/mini_rawbpf.glibc.log" >&2; exit 1; }

# The libbpf light skeleton of the same execsnoop object (no libbpf at run
# time either), built with rawbpf-static's settings.
bpftool gen skeleton -L build/examples/execsnoop.bpf.o name execsnoop >"$S/execsnoop.lskel.h" ||
	{ echo "size.sh: bpftool gen skeleton -L failed" >&2; exit 1; }
musl-gcc $SCF $SLF -I"$S" $MUSL_INC -idirafter /usr/include/bpf -o "$S/lskel_execsnoop" \
	bench/lskel_execsnoop.c 2>"$S/lskel.log" || { cat "$S/lskel.log" >&2; exit 1; }

# make static's settings one at a time, each row adding one to the row above.
ladder() { # NAME CFLAGS LDFLAGS
	d=$S/ladder/$(echo "$1" | tr -c 'a-z0-9\n' _)
	make -s O="$d" CC=musl-gcc CFLAGS="$2 -idirafter build-static/include" LDFLAGS="$3" \
		EXTRA_OBJ="$(for o in $SOBJ; do printf '%s ' "$d/$o"; done)" "$d/rawbpf" >&2 ||
		{ echo "size.sh: ladder $1 failed" >&2; exit 1; }
	stat -c %s "$d/rawbpf"
}
L0C="-Os -ffunction-sections -fdata-sections" L0L="-static -s -Wl,--gc-sections"
L1C="$L0C -fno-asynchronous-unwind-tables -fno-unwind-tables"
L2L="$L0L -Wl,-z,noseparate-code" L3L="$L0L -Wl,-z,noseparate-code -Wl,-z,norelro"
LAD0=$(ladder base "$L0C" "$L0L") || exit 1
LADS=$(ladder ssp "$L0C -fno-stack-protector" "$L0L") || exit 1
LAD1=$(ladder unwind "$L1C" "$L0L") || exit 1
LAD2=$(ladder sep "$L1C" "$L2L") || exit 1
LAD3=$(ladder relro "$L1C" "$L3L") || exit 1
LAD4=$(ladder lto "$L1C -flto=auto" "$L3L -Os -flto=auto") || exit 1
L5C="$(echo "$L1C" | sed 's/-Os/-Oz/') -flto=auto" L5L="$L3L -Oz -flto=auto"
LAD5=$(ladder oz "$L5C" "$L5L") || exit 1
LAD6=$(ladder jt "$L5C -fno-jump-tables" "$L5L") || exit 1
LAD7=$(ladder page "$L5C -fno-jump-tables" "$L5L -Wl,-z,common-page-size=64") || exit 1
LAD8=$(ladder nopie "$L5C -fno-jump-tables -fno-pie" "$L5L -Wl,-z,common-page-size=64 -no-pie") || exit 1
L9C="$L5C -fno-jump-tables -fno-pie -malign-data=abi"
L9L="$L5L -Wl,-z,common-page-size=64 -no-pie -malign-data=abi -Wl,--sort-section=alignment"
LAD9=$(ladder align "$L9C" "$L9L") || exit 1
LESS=$(make -s static-flags | sed -n 4p)
LAD10=$(ladder lessopt "$L9C -flto-partition=one $LESS" "$L9L -flto-partition=one $LESS") || exit 1
strip -R .comment -o "$S/ladder/lessopt/rawbpf.nocomment" "$S/ladder/lessopt/rawbpf" || exit 1
LAD11=$(stat -c %s "$S/ladder/lessopt/rawbpf.nocomment")

sz() { stat -c %s "$1"; }
LB=$(sz "$S/$LBNAME.stripped")
ratio() { awk -v a="$LB" -v b="$1" 'BEGIN { printf "%.2f", a / b }'; }
row() { printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$(ratio "$3")"; }

echo "Command: \`sh bench/size.sh\`. $LBNOTE Every binary stripped (\`strip\`), linked with \`-static -Wl,--gc-sections\`; gcc $(gcc -dumpversion), musl $(dpkg-query -W -f='${Version}' musl 2>/dev/null), Debian libbpf $(dpkg-query -W -f='${Version}' libbpf-dev 2>/dev/null), libelf $(dpkg-query -W -f='${Version}' libelf-dev 2>/dev/null), zlib $(dpkg-query -W -f='${Version}' zlib1g-dev 2>/dev/null)."
echo
echo "| binary | libc | bytes | ratio libbpf loader / this |"
echo "|---|---|---:|---:|"
row "\`rawbpf-static\` (\`make static\`: the whole CLI, load/run/inspect/disasm, builtin object)" musl "$(sz rawbpf-static)"
row "bench/mini_rawbpf.c against build-static/librawbpf.a" musl "$(sz "$S/mini_rawbpf.musl.stripped")"
row "bench/mini_rawbpf.c against build/librawbpf.a" glibc "$(sz "$S/mini_rawbpf.glibc.stripped")"
row "**bench/mini_libbpf.c against libbpf.a, libelf.a, libz.a** (the peer)" "$LBLIBC" "$LB"
echo
echo "Other small loaders. ply (a BPF tracer needing only libc) is not packaged in Debian 12, so it is cited, not measured: Debian forky's ply 2.4.0-1 for amd64 is a 69.9 kB package, 227.0 kB installed, dynamically linked against glibc (packages.debian.org/forky/ply), and Alpine's ply 2.2.0 for x86_64 is 548 KiB installed (pkgs.alpinelinux.org, v3.16); both sizes are of whole packages (binary, libply, documentation), not of one binary. The libbpf light skeleton is measured: \`bpftool gen skeleton -L\` (bpftool $(bpftool version 2>/dev/null | sed -n 's/^bpftool v//p' | head -n 1)) of the same execsnoop object, with bench/lskel_execsnoop.c (load, attach by hand, wait; no events read, no CLI), built with rawbpf-static's settings."
echo
echo "| binary | libc | bytes |"
echo "|---|---|---:|"
echo "| \`rawbpf-static\` (every command, any object; execsnoop built in) | musl, static | $(sz rawbpf-static) |"
echo "| libbpf light skeleton of execsnoop (that one object only) | musl, static | $(sz "$S/lskel_execsnoop") |"
echo "| ply 2.4.0 (Debian forky amd64 package, installed; cited, not measured) | glibc, dynamic | about 227 k |"
echo
echo "The static build's settings (Makefile \`STATIC_CFLAGS\`, \`STATIC_LDFLAGS\`), measured one at a time: each row adds its setting to the row above, with musl-gcc; every row links the static build's own replacements of musl pieces (\`STATIC_OBJ\`: common/printf.c, malloc.c, string.c, getopt.c, syscalls.c). Until the last row the file size moves in 4 KiB steps, the read-write segment starting at a 4 KiB file offset."
echo
echo "| settings | rawbpf-static bytes | change |"
echo "|---|---:|---:|"
echo "| \`-Os -ffunction-sections -fdata-sections\`, \`-static -s -Wl,--gc-sections\` (the settings before issue 15, on this code) | $LAD0 | |"
echo "| the same with \`-fno-stack-protector\` (not kept: musl-gcc does not turn the protector on, so no change) | $LADS | $((LADS - LAD0)) |"
echo "| + \`-fno-asynchronous-unwind-tables -fno-unwind-tables\` (no .eh_frame) | $LAD1 | $((LAD1 - LAD0)) |"
echo "| + \`-Wl,-z,noseparate-code\` (no 4 KiB-aligned code segment) | $LAD2 | $((LAD2 - LAD1)) |"
echo "| + \`-Wl,-z,norelro\` (musl's static start-up never applies RELRO) | $LAD3 | $((LAD3 - LAD2)) |"
echo "| + \`-flto=auto\` | $LAD4 | $((LAD4 - LAD3)) |"
echo "| + \`-Oz\` instead of \`-Os\` | $LAD5 | $((LAD5 - LAD4)) |"
echo "| + \`-fno-jump-tables\` | $LAD6 | $((LAD6 - LAD5)) |"
echo "| + \`-Wl,-z,common-page-size=64\` (the read-write segment not padded to a 4 KiB file offset) | $LAD7 | $((LAD7 - LAD6)) |"
echo "| + \`-fno-pie\`, \`-no-pie\` (Debian's gcc makes position-independent code by default) | $LAD8 | $((LAD8 - LAD7)) |"
echo "| + \`-malign-data=abi\`, \`-Wl,--sort-section=alignment\` | $LAD9 | $((LAD9 - LAD8)) |"
echo "| + \`-flto-partition=one\` and \`$LESS\` (Makefile \`STATIC_LESS_OPT\`: optimizations that buy speed with bytes, off) | $LAD10 | $((LAD10 - LAD9)) |"
echo "| + \`strip -R .comment\` (the compilers' version strings; = \`make static\`) | $LAD11 | $((LAD11 - LAD10)) |"
echo
if [ "$(sz "$S/rawbpf-static.relinked")" != "$(sz rawbpf-static)" ]; then
	echo "(The map below is of rawbpf-static built without LTO, $(sz "$S/rawbpf-static.relinked") bytes stripped, not $(sz rawbpf-static): LTO's code has no origin.)"
	echo
fi

# breakdown TITLE NAME: the map of $S/NAME summed by origin.
breakdown() {
	echo "$1 (bytes of allocated sections by origin, from \`$2.map\`; the rest of the file is ELF headers and alignment):"
	echo
	echo "| origin | bytes | share |"
	echo "|---|---:|---:|"
	awk -f bench/sizemap.awk "$S/$2.map" | sort -rn |
		awk -F '\t' '{ b[NR] = $1; n[NR] = $2; t += $1 }
			END { for (i = 1; i <= NR; i++) printf "| %s | %d | %.1f%% |\n", n[i], b[i], 100 * b[i] / t
			      printf "| total | %d | |\n", t }'
	echo
}
breakdown "Where rawbpf-static's $(sz rawbpf-static) bytes go" rawbpf-static
echo "Largest single contributors of rawbpf-static:"
echo
echo "| input file | bytes |"
echo "|---|---:|"
awk -v files=1 -f bench/sizemap.awk "$S/rawbpf-static.map" | sort -rn | head -n 15 |
	sed "s|$ROOT/||; s|^\([0-9]*\)\t\(.*\)|\| \2 \| \1 \||"
echo
breakdown "The libbpf loader ($LBLIBC)" "$LBNAME"
breakdown "mini_rawbpf on glibc, for the same-libc comparison" mini_rawbpf.glibc
libs() { awk -f bench/sizemap.awk "$S/$1.map" | awk -F '\t' -v re="$2" '$2 ~ re { t += $1 } END { print t + 0 }'; }
LBL=$(libs "$LBNAME" '^(libbpf|libelf|zlib)')
RBL=$(libs mini_rawbpf.glibc '^librawbpf')
echo "Libraries alone, on the same libc (glibc): libbpf + libelf + zlib = $LBL bytes, librawbpf = $RBL bytes: ratio $(awk -v a="$LBL" -v b="$RBL" 'BEGIN { printf "%.2f", a / b }'). rawbpf reads /proc/config.gz for .kconfig externs with its own inflater (common/inflate.c); libbpf uses zlib for the same, and libelf for compressed sections."
