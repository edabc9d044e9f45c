#!/bin/sh
# make install into a staging DESTDIR: the files named in the Makefile's
# install section and no other, a rawbpf.pc with the PREFIX and LIBDIR
# given, a C program built and linked against the staged header and library
# through pkg-config, and make uninstall leaving no file behind.
. tests/lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stage=$tmp/stage
# The build being tested: the sanitized one is made with SANITIZE=1.
san=""
[ "$O" = build-san ] && san=SANITIZE=1
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s O="$O" $san PREFIX=/usr LIBDIR=/usr/lib/multi DESTDIR="$stage" "$@"; }

if mk install >"$tmp/log" 2>&1; then ok "make_install_runs"
else not_ok "make_install_runs" "$(tail -3 "$tmp/log" | tr '\n' ' ')"; exit 0; fi

expected() {
	echo usr/bin/rawbpf
	[ -f rawbpf-static ] && echo usr/bin/rawbpf-static
	echo usr/include/rawbpf.h
	echo usr/lib/multi/librawbpf.a
	echo usr/lib/multi/pkgconfig/rawbpf.pc
	echo usr/share/bash-completion/completions/rawbpf
	echo usr/share/man/man1/rawbpf.1
	echo usr/share/man/man3/rawbpf.3
	for f in examples/*.bpf.c; do
		echo "usr/share/rawbpf/examples/$(basename "$f" .c).o"
	done
}
expected | sort >"$tmp/want"
(cd "$stage" && find . -type f -o -type l | sed 's|^\./||' | sort) >"$tmp/got"
if cmp -s "$tmp/want" "$tmp/got"; then ok "install_writes_the_listed_files"
else not_ok "install_writes_the_listed_files" "$(diff "$tmp/want" "$tmp/got" | grep '^[<>]' | tr '\n' ' ')"; fi

pc=$stage/usr/lib/multi/pkgconfig/rawbpf.pc
flags=$(echo $(PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 PKG_CONFIG_PATH=${pc%/*} pkg-config --cflags --libs rawbpf 2>&1))
version=$("$RAWBPF" --version | sed -n 's/^rawbpf \([0-9.]*\).*/\1/p')
if [ "$flags" = "-I/usr/include -L/usr/lib/multi -lrawbpf" ] &&
   [ "$(PKG_CONFIG_PATH=${pc%/*} pkg-config --modversion rawbpf)" = "$version" ]; then
	ok "pkgconfig_has_prefix_libdir_and_version"
else not_ok "pkgconfig_has_prefix_libdir_and_version" "pkg-config: $flags; $(cat "$pc" | tr '\n' ' ')"; fi

# The skeleton example as a user builds it, against the staged files only.
sanflags=""
[ -n "$san" ] && sanflags="-fsanitize=address,undefined"
cc=${CC:-cc}
[ -n "$san" ] && cc=clang
if PKG_CONFIG_PATH=${pc%/*} PKG_CONFIG_SYSROOT_DIR=$stage \
	$cc $sanflags -Wall -Werror -o "$tmp/skeleton" examples/skeleton.c \
	$(PKG_CONFIG_PATH=${pc%/*} PKG_CONFIG_SYSROOT_DIR=$stage pkg-config --cflags --libs rawbpf) 2>"$tmp/cc"; then
	ok "skeleton_builds_with_pkgconfig"
else not_ok "skeleton_builds_with_pkgconfig" "$(head -3 "$tmp/cc" | tr '\n' ' ')"; fi

if "$stage/usr/bin/rawbpf" --version | grep -q "^rawbpf $version " &&
   "$stage/usr/bin/rawbpf" inspect "$stage/usr/share/rawbpf/examples/globals.bpf.o" >/dev/null; then
	ok "installed_rawbpf_reads_installed_example"
else not_ok "installed_rawbpf_reads_installed_example" "version or inspect failed"; fi

if mk uninstall >"$tmp/log" 2>&1; then
	left=$(cd "$stage" && find . -type f -o -type l)
	if [ -z "$left" ] && [ ! -e "$stage/usr/share/rawbpf" ]; then ok "uninstall_removes_what_install_wrote"
	else not_ok "uninstall_removes_what_install_wrote" "left: $left $(ls -d "$stage/usr/share/rawbpf" 2>/dev/null)"; fi
else not_ok "uninstall_removes_what_install_wrote" "$(tail -3 "$tmp/log" | tr '\n' ' ')"; fi
