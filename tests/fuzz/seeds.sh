#!/bin/sh
# Seed corpora for the fuzz targets, from every object the project builds:
#   tests/fuzz/seeds.sh OBJDIR OUTDIR
# OUTDIR/fuzz_elf and OUTDIR/fuzz_plan get the whole objects (and the
# malformed regression inputs); OUTDIR/fuzz_btf each object's .BTF and
# OUTDIR/fuzz_btf_ext its .BTF + .BTF.ext pair, cut by build-fuzz/fuzz/extract.
set -e
objdir=$1 out=$2
extract=build-fuzz/fuzz/extract
rm -rf "$out"
mkdir -p "$out/fuzz_elf" "$out/fuzz_plan" "$out/fuzz_btf" "$out/fuzz_btf_ext"
for o in "$objdir"/examples/*.bpf.o "$objdir"/tests/bpf/*.bpf.o tests/data/*.o tests/data/malformed/*; do
	[ -f "$o" ] || continue
	name=$(basename "$o")
	cp "$o" "$out/fuzz_elf/$name"
	cp "$o" "$out/fuzz_plan/$name"
	case "$o" in tests/data/malformed/*) continue ;; esac
	"$extract" "$o" "$out/fuzz_btf/$name" "$out/fuzz_btf_ext/$name"
done
