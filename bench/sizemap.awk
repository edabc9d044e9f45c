# sizemap.awk — what a static binary's bytes go to, from the linker's map
# (-Wl,-Map). Sums the input sections that end up in the file (allocated
# output sections; .bss, .tbss, debug and discarded sections left out) by
# where they came from: rawbpf's folders (build*/obj/FOLDER/), the embedded
# help text and execsnoop object (loader/cli/builtin.o), libbpf, libelf,
# zlib, musl or glibc, libgcc and crt files.
#
#   awk -f bench/sizemap.awk MAP            groups
#   awk -v files=1 -f bench/sizemap.awk MAP  one line per input file
# Output: "BYTES<TAB>NAME", largest first (pipe through sort -rn).
function group(f) {
	if (files)
		return f
	if (f ~ /\/obj\/loader\/cli\/builtin\.o$/)
		return "loader/cli/builtin.o (the help text and execsnoop, gzip'd)"
	if (match(f, /\/obj\/[a-z]+\//))
		return substr(f, RSTART + 5, RLENGTH - 5)
	if (f ~ /libbpf\.a/)
		return "libbpf (libbpf.a)"
	if (f ~ /libelf\.a/)
		return "libelf (libelf.a)"
	if (f ~ /librawbpf\.a/)
		return "librawbpf.a"
	if (f ~ /libz\.a/)
		return "zlib (libz.a)"
	if (f ~ /musl.*libc\.a/)
		return "musl libc (libc.a)"
	if (f ~ /libc\.a/)
		return "glibc (libc.a)"
	if (f ~ /libgcc|crt[a-zA-Z0-9]*\.o/)
		return "libgcc, crt*.o"
	if (f ~ /\.a\(/)
		return "other libraries"
	if (f ~ /\.o$/)
		return "the program itself"
	return f
}
function kept(out) {
	return out != "" && out !~ /^\.(bss|tbss|comment|debug|stab|note|gnu_debug)/ && out != "/DISCARD/"
}
# mawk has no strtonum().
function hex(s,    i, v) {
	v = 0
	for (i = 3; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", tolower(substr(s, i, 1))) - 1
	return v
}
function add(size, file) {
	if (kept(out) && file != "")
		sum[group(file)] += hex(size)
}
/^Linker script and memory map/ { inmap = 1; next }
!inmap { next }
/^[^ ]/ { out = $1; pending = 0; next }
# " .name ADDR SIZE FILE" on one line, or " .name" then "  ADDR SIZE FILE".
/^ [^ *]/ {
	if (NF >= 4 && $2 ~ /^0x/) { add($3, $4); pending = 0 }
	else if (NF == 1) pending = 1
	next
}
pending && /^ +0x/ { if (NF >= 3) add($2, $3); pending = 0; next }
{ pending = 0 }
END { for (g in sum) if (sum[g] > 0) printf "%d\t%s\n", sum[g], g }
