#!/bin/sh
# Fetch the Debian kernel that linux-image-amd64 points to and keep its vmlinuz
# (and config, to check what the kernel has built in) under tests/initramfs/cache/,
# with the few modules the boot test loads (below). Cached: a second run
# downloads nothing. Prints the path of vmlinuz.
#
#   tests/initramfs/kernel.sh           -> tests/initramfs/cache/vmlinuz
#   tests/initramfs/kernel.sh 6.12      -> tests/initramfs/cache/vmlinuz-6.12
#
# With a version, the newest linux-image-VERSION.*+debNN-amd64-unsigned that
# apt knows (Debian 12 has 6.12 in its security suite); its config is
# cache/config-VERSION, its modules cache/modules-VERSION/.
#
# Debian's 6.1 config builds in BPF syscall, BPF events, kprobes, uprobes,
# ftrace/tracefs, syscall tracepoints and BTF (checked below from the config
# file shipped in the package). What it builds as modules and the boot test
# needs: the clsact qdisc (sch_ingress) and the bpf classifier (cls_bpf), for
# tc programs attached over rtnetlink before 6.6 (no tcx links there). Those,
# and the modules they depend on (.modinfo "depends="), are kept in
# cache/PACKAGE.modules/: NAME.ko, decompressed when the package ships
# .ko.xz or .ko.zst, and "deps" with a line "NAME: DEP..." for each. A
# module the kernel has built in is left out. tests/initramfs/build.sh copies
# the ones a steps file names.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache=$here/cache
mkdir -p "$cache"

ver=${1:-}
link=vmlinuz conf=config mlink=modules
[ -n "$ver" ] && link=vmlinuz-$ver conf=config-$ver mlink=modules-$ver
# The versioned image package the meta package depends on, e.g. linux-image-6.1.0-56-amd64;
# or the newest of VERSION.
resolve() {
	if [ -n "$ver" ]; then
		v=$(echo "$ver" | sed 's/\./\\./g')
		apt-cache search --names-only "^linux-image-$v\.[0-9]*.deb[0-9]*-amd64-unsigned\$" 2>/dev/null |
			awk '{ print $1 }' | sort -V | tail -1
		return
	fi
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -1
}
KEEP_MODULES="sch_ingress cls_bpf"
pkg=$(resolve)
if [ -z "$pkg" ] && [ -e "$cache/$link" ]; then
	echo "$cache/$link"	# apt knows nothing (no lists): use what is cached
	exit 0
fi
if [ -z "$pkg" ]; then
	echo "kernel.sh: apt-cache does not know linux-image-amd64; running apt-get update" >&2
	apt-get update >&2
	pkg=$(resolve)
	[ -n "$pkg" ] || { echo "kernel.sh: no package linux-image-${ver:-amd64} in apt" >&2; exit 1; }
fi

# A cache from before the modules were kept downloads the package again.
if [ -f "$cache/$pkg.vmlinuz" ] && [ -f "$cache/$pkg.modules/deps" ]; then
	ln -sf "$pkg.vmlinuz" "$cache/$link"
	ln -sf "$pkg.config" "$cache/$conf"
	ln -sfn "$pkg.modules" "$cache/$mlink"
	echo "$cache/$link"
	exit 0
fi

deb=$(ls "$cache/${pkg}_"*.deb 2>/dev/null | head -1 || true)
if [ -z "$deb" ]; then
	echo "kernel.sh: downloading $pkg" >&2
	if ! (cd "$cache" && apt-get download "$pkg" >&2); then
		echo "kernel.sh: apt-get download failed; running apt-get update" >&2
		apt-get update >&2
		(cd "$cache" && apt-get download "$pkg" >&2)
	fi
	deb=$(ls "$cache/${pkg}_"*.deb | head -1)
fi

x=$cache/x.$$
rm -rf "$x"
trap 'rm -rf "$x"' EXIT
dpkg -x "$deb" "$x"
cp "$x"/boot/vmlinuz-* "$cache/$pkg.vmlinuz.tmp"
cp "$x"/boot/config-* "$cache/$pkg.config"

# The modules: NAME (underscores; a file may spell them with '-') and,
# first, what it depends on.
mods=$cache/$pkg.modules
rm -rf "$mods.tmp"
mkdir -p "$mods.tmp"
: >"$mods.tmp/deps"
keep_module() {
	grep -q "^$1:" "$mods.tmp/deps" && return 0
	f=$(find "$x"/lib/modules -name "$1.ko*" -o -name "$(echo "$1" | tr _ -).ko*" | head -1)
	if [ -z "$f" ]; then
		grep -q "/$1\.ko\$" "$x"/lib/modules/*/modules.builtin 2>/dev/null && return 0
		echo "kernel.sh: $pkg has no module $1, nor builds it in" >&2
		return 1
	fi
	case "$f" in
	*.ko) cp "$f" "$mods.tmp/$1.ko" ;;
	*.ko.xz) xz -dc "$f" >"$mods.tmp/$1.ko" ;;
	*.ko.zst) zstd -qdc "$f" >"$mods.tmp/$1.ko" ;;
	*.ko.gz) gzip -dc "$f" >"$mods.tmp/$1.ko" ;;
	*) echo "kernel.sh: $f: unknown module compression" >&2; return 1 ;;
	esac
	deps=$(tr '\0' '\n' <"$mods.tmp/$1.ko" | sed -n 's/^depends=//p' | head -1 | tr ',' ' ')
	echo "$1: $deps" >>"$mods.tmp/deps"
	for d in $deps; do
		keep_module "$d" || return 1
	done
}
for m in $KEEP_MODULES; do
	keep_module "$m"
done
rm -rf "$mods"
mv "$mods.tmp" "$mods"
mv "$cache/$pkg.vmlinuz.tmp" "$cache/$pkg.vmlinuz"
# The .deb (70 MB) and its modules are not needed once vmlinuz is out.
rm -f "$deb"
ln -sf "$pkg.vmlinuz" "$cache/$link"
ln -sf "$pkg.config" "$cache/$conf"
ln -sfn "$pkg.modules" "$cache/$mlink"

# What the boot test relies on being built in (=y), not a module.
missing=""
for opt in BPF_SYSCALL BPF_EVENTS KPROBES KPROBE_EVENTS UPROBES UPROBE_EVENTS FTRACE_SYSCALLS \
	FTRACE TRACING DEBUG_INFO_BTF PERF_EVENTS DEVTMPFS SERIAL_8250_CONSOLE \
	BLK_DEV_INITRD RD_GZIP $( [ -n "$ver" ] && echo FPROBE DYNAMIC_FTRACE); do
	grep -qx "CONFIG_$opt=y" "$cache/$pkg.config" || missing="$missing $opt"
done
[ -z "$missing" ] || echo "kernel.sh: warning: $pkg lacks built-in:$missing" >&2
echo "$cache/$link"
