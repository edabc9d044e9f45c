#!/bin/sh
# The Debian packages, end to end (root: dpkg -i). In a copy of the tree
# (the work tree stays clean), `dpkg-buildpackage -us -uc -b` with nocheck
# builds rawbpf, librawbpf-dev and rawbpf-static; each holds its files; once
# installed, the commands report their builds, man finds the pages, bash
# finds the completion, examples/skeleton.c builds against the installed
# library with `cc ... $(pkg-config --cflags --libs rawbpf)` and runs on an
# installed example object; dpkg --purge then leaves none of their files.
# About half a minute. tests/run.sh runs it once per suite, not per build.
#
#   sh tests/package.sh      (from the top of the tree, as root)
. tests/lib.sh
pkgs="rawbpf librawbpf-dev rawbpf-static"
names="package_builds package_contents package_installs installed_version \
installed_man_pages installed_completion skeleton_against_installed_library \
package_purge_removes_files"
need_kernel $names
for t in dpkg-buildpackage dh pkg-config cc; do
	if ! command -v "$t" >/dev/null 2>&1; then
		for n in $names; do skip "$n" "no $t (scripts/deps.sh installs debhelper, dpkg-dev, pkgconf)"; done
		exit 0
	fi
done
for p in $pkgs; do
	if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "installed"; then
		for n in $names; do skip "$n" "package $p is installed already: not touching it"; done
		exit 0
	fi
done

tmp=$(mktemp -d)
installed=""
cleanup() {
	[ -n "$installed" ] && dpkg --purge $pkgs >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
# dpkg takes a lock; another engineer's apt-get may hold it for a while.
dpkg_retry() {
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		dpkg "$@" >"$tmp/dpkg.log" 2>&1 && return 0
		grep -q "lock" "$tmp/dpkg.log" || return 1
		sleep 5
	done
	return 1
}

# ---- build, in a copy without the builds of the work tree ----
mkdir "$tmp/src"
tar -c --exclude=./.git --exclude=./build --exclude='./build-*' --exclude=./rawbpf \
	--exclude=./rawbpf-static --exclude=./compat --exclude=./tests/initramfs/cache -f - . |
	tar -x -C "$tmp/src"
if (cd "$tmp/src" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u O -u CFLAGS -u LDFLAGS \
	DEB_BUILD_OPTIONS="nocheck parallel=$(nproc)" dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1; then
	ok "package_builds"
else
	not_ok "package_builds" "$(tail -5 "$tmp/build.log" | tr '\n' ' ')"
	exit 0
fi
arch=$(dpkg --print-architecture)
multi=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
ver=$(cd "$tmp/src" && dpkg-parsechangelog -S Version)
deb() { echo "$tmp/${1}_${ver}_${arch}.deb"; }

# ---- what each package holds ----
why=""
has() { # PACKAGE PATH...
	p=$1; shift
	dpkg-deb -c "$(deb "$p")" | awk '{print $6}' | sed 's|^\./|/|' >"$tmp/c"
	for f in "$@"; do grep -qx "$f" "$tmp/c" || why="$why $p lacks $f;"; done
}
has rawbpf /usr/bin/rawbpf /usr/share/man/man1/rawbpf.1.gz \
	/usr/share/bash-completion/completions/rawbpf /usr/share/rawbpf/examples/pidfilter.bpf.o
has librawbpf-dev /usr/include/rawbpf.h "/usr/lib/$multi/librawbpf.a" \
	"/usr/lib/$multi/pkgconfig/rawbpf.pc" /usr/share/man/man3/rawbpf.3.gz
has rawbpf-static /usr/bin/rawbpf-static
# Each file in one package only: the command is not in -dev nor -static.
for p in librawbpf-dev rawbpf-static; do
	dpkg-deb -c "$(deb "$p")" | grep -q 'usr/bin/rawbpf$' && why="$why /usr/bin/rawbpf in $p;"
done
if [ -z "$why" ]; then ok "package_contents"; else not_ok "package_contents" "$why"; fi

# ---- install ----
if dpkg_retry -i $(for p in $pkgs; do deb "$p"; done); then
	installed=yes
	ok "package_installs"
else
	not_ok "package_installs" "$(tail -3 "$tmp/dpkg.log" | tr '\n' ' ')"
	exit 0
fi

v1=$(/usr/bin/rawbpf --version) v2=$(/usr/bin/rawbpf-static --version)
if [ "$v1" = "rawbpf $ver (dynamic, glibc)" ] && [ "$v2" = "rawbpf $ver (static, musl)" ]; then
	ok "installed_version"
else not_ok "installed_version" "rawbpf: '$v1'; rawbpf-static: '$v2'"; fi

p1=$(man -w 1 rawbpf 2>&1) p3=$(man -w 3 rawbpf 2>&1)
if [ "$p1" = /usr/share/man/man1/rawbpf.1.gz ] && [ "$p3" = /usr/share/man/man3/rawbpf.3.gz ] &&
   [ -z "$(MANWIDTH=80 man --warnings 1 rawbpf 2>&1 >/dev/null)" ]; then
	ok "installed_man_pages"
else not_ok "installed_man_pages" "man -w: '$p1' '$p3'"; fi

c=$(bash --norc --noprofile -c '. /usr/share/bash-completion/completions/rawbpf && complete -p rawbpf' 2>&1)
if [ "$c" = "complete -F _rawbpf rawbpf" ]; then ok "installed_completion"
else not_ok "installed_completion" "$c"; fi

# ---- the C API from the installed package, as a user builds it ----
if cc -o "$tmp/skeleton" examples/skeleton.c $(pkg-config --cflags --libs rawbpf) 2>"$tmp/cc.log"; then
	"$tmp/skeleton" /usr/share/rawbpf/examples/pidfilter.bpf.o >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" = 0 ] && grep -q '^3 events, write_count = 3$' "$tmp/err"; then
		ok "skeleton_against_installed_library"
	else not_ok "skeleton_against_installed_library" "exit $rc: $(tail -3 "$tmp/err" | tr '\n' ' ')"; fi
else
	not_ok "skeleton_against_installed_library" "cc: $(head -3 "$tmp/cc.log" | tr '\n' ' ')"
fi

# ---- remove ----
if dpkg_retry --purge $pkgs; then
	installed=""
	left=""
	for f in /usr/bin/rawbpf /usr/bin/rawbpf-static /usr/include/rawbpf.h "/usr/lib/$multi/librawbpf.a" \
		"/usr/lib/$multi/pkgconfig/rawbpf.pc" /usr/share/rawbpf /usr/share/man/man1/rawbpf.1.gz \
		/usr/share/bash-completion/completions/rawbpf; do
		[ -e "$f" ] && left="$left $f"
	done
	if [ -z "$left" ]; then ok "package_purge_removes_files"
	else not_ok "package_purge_removes_files" "left:$left"; fi
else
	not_ok "package_purge_removes_files" "$(tail -3 "$tmp/dpkg.log" | tr '\n' ' ')"
fi
