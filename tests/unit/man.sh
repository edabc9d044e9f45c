#!/bin/sh
# The manual pages against the program: rawbpf(1) describes every option
# and command that `rawbpf --help` lists and the parser accepts (the
# long options of loader/cli/main.c, its longnames string), no more, and every exit status;
# rawbpf(3) every function of loader/rawbpf.h; man(1) formats both without
# a warning.
. tests/lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$RAWBPF" --help >"$tmp/help" 2>&1

# compare WHATs: prints which of the sets of WHAT (options, commands,
# statuss) has what the others lack, and fails when they differ.
compare() {
	python3 - "$1" "$tmp/help" man/rawbpf.1 loader/cli/main.c <<'PY'
import re, sys
what, help_file, man_file, main_c = sys.argv[1:]
help = open(help_file).read()
man = open(man_file).read().replace("\\-", "-").replace("\\&", "")

def sections(text):
    out, name = {}, None
    for line in text.splitlines():
        if line.startswith(".SH "):
            name = line[4:].strip().strip('"')
        elif name:
            out.setdefault(name, []).append(line)
    return out

def tp_heads(lines):
    # The line after each .TP: the term of a tagged paragraph.
    return [lines[i + 1] for i, l in enumerate(lines[:-1]) if l.startswith(".TP")]

sec = sections(man)
if what == "options":
    h = set()
    for line in help.splitlines():
        if re.match(r"^  +-", line):
            h |= set(re.findall(r"(?:^|;)\s+(?:-\w, )?(--[a-z][a-z-]*)", line))
    m = set(t for head in tp_heads(sec["OPTIONS"]) for t in re.findall(r"--[a-z][a-z-]*", head))
    # longnames[]: each name after its has_arg digit, "1set\0" "1pin\0" ...
    names = re.search(r"longnames\[\] =(.*?);", open(main_c).read(), re.S).group(1)
    p = set("--" + n for n in re.findall(r'"[012]([a-z][a-z-]*)', names))
    sets = {"--help": h, "rawbpf.1 OPTIONS": m, "main.c longopts": p}
elif what == "commands":
    block = help.split("Commands:")[1].split("\n\n")[0]
    h = set(re.findall(r"^  ([a-z]+)  ", block, re.M))
    m = set(re.findall(r"^\.B ([a-z]+)$", "\n".join(tp_heads(sec["COMMANDS"])), re.M))
    sets = {"--help": h, "rawbpf.1 COMMANDS": m}
elif what == "statuss":
    para = help.split("Exit status:")[1].split("\n\n")[0].split("Examples:")[0]
    h = set(re.findall(r"(?:^|[:,])\s*(\d) ", ":" + para))
    m = set(re.findall(r"^\.B (\d)$", "\n".join(tp_heads(sec["EXIT STATUS"])), re.M))
    sets = {"--help": h, "rawbpf.1 EXIT STATUS": m}
names = list(sets)
ref = sets[names[0]]
bad = []
for n in names[1:]:
    if sets[n] != ref:
        bad.append("%s only: %s; %s only: %s" % (names[0], sorted(ref - sets[n]), n, sorted(sets[n] - ref)))
if not ref:
    bad.append("nothing found in --help")
print("; ".join(bad))
sys.exit(1 if bad else 0)
PY
}

for what in option command status; do
	name="man1_lists_every_$what of --help"
	if why=$(compare "${what}s" 2>&1); then ok "$name"
	else not_ok "$name" "$why"; fi
done

# Every function and type of the public header, in rawbpf(3)'s NAME (the
# functions) and SYNOPSIS (all), so `man rb_poll` has a page to find.
missing=""
for f in $(sed -n 's/.*\b\(rb_[a-z_]*\)(.*/\1/p' loader/rawbpf.h | sort -u); do
	grep -q "^rawbpf.*\b$f\b\|^$f\b\|[ ,]$f,\|[ ,]$f \\\\-" man/rawbpf.3 || missing="$missing $f(NAME)"
	grep -q "$f(" man/rawbpf.3 || missing="$missing $f(SYNOPSIS)"
done
for t in rb_object rb_options rb_event_fn; do
	grep -q "$t" man/rawbpf.3 || missing="$missing $t"
done
if [ -z "$missing" ]; then ok "man3_describes_every_function of rawbpf.h"
else not_ok "man3_describes_every_function of rawbpf.h" "missing:$missing"; fi

# man --warnings: groff's own warnings (bad macros, lines it cannot fill...).
if ! command -v man >/dev/null 2>&1; then
	skip "man_formats_without_warnings" "no man (man-db)"
else
	for page in man/rawbpf.1 man/rawbpf.3; do
		w=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
		if [ -z "$w" ]; then ok "man_formats_without_warnings: $page"
		else not_ok "man_formats_without_warnings: $page" "$(echo "$w" | head -3 | tr '\n' ' ')"; fi
	done
fi

# The version in the header line is the one rawbpf reports.
v=$("$RAWBPF" --version | sed -n 's/^rawbpf \([0-9.]*\).*/\1/p')
for page in man/rawbpf.1 man/rawbpf.3; do
	if grep -q "^\.TH .*\"rawbpf $v\"" "$page"; then ok "man_version_matches: $page"
	else not_ok "man_version_matches: $page" "rawbpf --version says $v; $(grep '^\.TH' "$page")"; fi
done
