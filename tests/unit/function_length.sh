#!/bin/sh
# No function in rawbpf's own C code is longer than 80 lines (a reader should
# see each as a short list of steps), measured with Universal Ctags' end
# lines. The only exceptions allowed are flat switches that map values to
# names, listed in `allowed` as "FILE FUNCTION" (none today).
. tests/lib.sh

limit=80
allowed=""
files=$(ls common/*.c elf/*.c btf/*.c insn/*.c bpf/*.c loader/*.c loader/*/*.c)

if ! command -v ctags >/dev/null || ! ctags --version 2>/dev/null | grep -q "Universal Ctags"; then
	skip "no function over $limit lines" "needs Universal Ctags (Debian: universal-ctags)"
	echo "1..$n"
	exit 0
fi
long=$(ctags --fields=+ne --kinds-C=f -o - $files | awk -F'\t' -v limit=$limit '
	{ line = ""; end = ""
	  for (i = 4; i <= NF; i++) {
		if ($i ~ /^line:/) line = substr($i, 6)
		if ($i ~ /^end:/) end = substr($i, 5)
	  }
	  if (end - line + 1 > limit) print $2 " " $1 " " (end - line + 1) }')
over=""
while read -r file fn lines; do
	[ -n "$file" ] || continue
	echo "$allowed" | grep -qx "$file $fn" && continue
	over="$over $file:$fn($lines)"
done <<EOF2
$long
EOF2
if [ -z "$over" ]; then ok "no function over $limit lines"
else not_ok "no function over $limit lines" "$over"; fi
echo "1..$n"
