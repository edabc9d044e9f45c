#!/bin/sh
# Real tools' BPF objects: Debian's libbpf-tools package (scripts/deps.sh)
# installs ~60 programs under /usr/sbin, each a libbpf skeleton carrying its
# BPF object inside. tests/tools/extract_bpf writes each one out; `rawbpf
# inspect` must build its plan (no kernel, no root). One line per program:
# "# TOOL | object found | inspect ok", then one TAP line per program.
# Programs installed as symlinks to another (btrfsdist -> fsdist) count once.
. tests/lib.sh

extract=$O/tests/tools/extract_bpf
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! dpkg-query -W -f='${Status}' libbpf-tools 2>/dev/null | grep -q "install ok installed"; then
	skip "libbpf_tools_objects" "package libbpf-tools is not installed (scripts/deps.sh)"
	exit 0
fi
if [ ! -x "$extract" ]; then
	not_ok "libbpf_tools_objects" "$extract is not built (make units)"
	exit 0
fi

tools=$(dpkg -L libbpf-tools | grep '^/usr/sbin/' | while read -r p; do
	[ -f "$p" ] && [ ! -L "$p" ] && echo "$p"; done | sort)
found=0 planned=0 total=0
echo "# TOOL | object found | inspect ok"
for p in $tools; do
	t=$(basename "$p")
	total=$((total + 1))
	mkdir -p "$tmp/$t"
	objs=$("$extract" "$p" "$tmp/$t" 2>"$tmp/err" | cut -d' ' -f1)
	if [ -z "$objs" ]; then
		echo "# $t | no | -"
		not_ok "$t: embedded BPF object found" "$(head -1 "$tmp/err")"
		continue
	fi
	found=$((found + 1))
	why=""
	for o in $objs; do
		"$RAWBPF" inspect "$o" >/dev/null 2>"$tmp/err" || why="$(basename "$o"): $(head -1 "$tmp/err")"
	done
	if [ -z "$why" ]; then
		planned=$((planned + 1))
		echo "# $t | yes | yes"
		ok "$t: object found and inspected"
	else
		echo "# $t | yes | no: $why"
		not_ok "$t: rawbpf inspect" "$why"
	fi
done
echo "# $total programs, $found with an embedded object, $planned inspected cleanly"
