#!/bin/sh
# Seed corpora for the fuzz targets, from every object the project builds:
#   tests/fuzz/seeds.sh OBJDIR OUTDIR
# OUTDIR/fuzz_elf and OUTDIR/fuzz_plan get the whole objects (and the
# malformed regression inputs); OUTDIR/fuzz_btf each object's .BTF and
# OUTDIR/fuzz_btf_ext its .BTF + .BTF.ext pair, cut by build-fuzz/fuzz/extract.
# OUTDIR/fuzz_inflate gets gzip files: a few objects at levels 1, 6 and 9
# and a made-up kernel config, with /proc/config.gz when there is one.
set -e
objdir=$1 out=$2
extract=build-fuzz/fuzz/extract
rm -rf "$out"
mkdir -p "$out/fuzz_elf" "$out/fuzz_plan" "$out/fuzz_btf" "$out/fuzz_btf_ext" "$out/fuzz_inflate"
for o in "$objdir"/examples/*.bpf.o "$objdir"/tests/bpf/*.bpf.o tests/data/*.o tests/data/malformed/*; do
	[ -f "$o" ] || continue
	name=$(basename "$o")
	cp "$o" "$out/fuzz_elf/$name"
	cp "$o" "$out/fuzz_plan/$name"
	case "$o" in tests/data/malformed/*) continue ;; esac
	"$extract" "$o" "$out/fuzz_btf/$name" "$out/fuzz_btf_ext/$name"
done
for o in tests/data/tiny.o "$objdir"/examples/globals.bpf.o "$objdir"/examples/rawtp.bpf.o; do
	[ -f "$o" ] || continue
	for l in 1 6 9; do
		gzip -"$l" -c "$o" >"$out/fuzz_inflate/$(basename "$o").$l.gz"
	done
done
printf 'CONFIG_BPF=y\nCONFIG_BPF_SYSCALL=y\n# CONFIG_KPROBES is not set\nCONFIG_HZ=250\n' |
	gzip -9 -c >"$out/fuzz_inflate/config.gz"
[ -r /proc/config.gz ] && cp /proc/config.gz "$out/fuzz_inflate/proc-config.gz"
true
