#!/bin/sh
# Fetch the Debian kernel that linux-image-amd64 points to and keep its vmlinuz
# (and config, to check what the kernel has built in) under tests/initramfs/cache/.
# Cached: a second run downloads nothing. Prints the path of vmlinuz.
#
#   tests/initramfs/kernel.sh           -> tests/initramfs/cache/vmlinuz
#   tests/initramfs/kernel.sh 6.12      -> tests/initramfs/cache/vmlinuz-6.12
#
# With a version, the newest linux-image-VERSION.*+debNN-amd64-unsigned that
# apt knows (Debian 12 has 6.12 in its security suite); its config is
# cache/config-VERSION.
#
# The test needs nothing else from the package: Debian's 6.1 config builds in
# BPF syscall, BPF events, kprobes, uprobes, ftrace/tracefs, syscall
# tracepoints and BTF (checked below from the config file shipped in the
# package), so no modules are loaded.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache=$here/cache
mkdir -p "$cache"

ver=${1:-}
link=vmlinuz conf=config
[ -n "$ver" ] && link=vmlinuz-$ver conf=config-$ver
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

if [ -f "$cache/$pkg.vmlinuz" ]; then
	ln -sf "$pkg.vmlinuz" "$cache/$link"
	ln -sf "$pkg.config" "$cache/$conf"
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
mv "$cache/$pkg.vmlinuz.tmp" "$cache/$pkg.vmlinuz"
# The .deb (70 MB) and its modules are not needed once vmlinuz is out.
rm -f "$deb"
ln -sf "$pkg.vmlinuz" "$cache/$link"
ln -sf "$pkg.config" "$cache/$conf"

# What the boot test relies on being built in (=y), not a module.
missing=""
for opt in BPF_SYSCALL BPF_EVENTS KPROBES KPROBE_EVENTS UPROBES UPROBE_EVENTS FTRACE_SYSCALLS \
	FTRACE TRACING DEBUG_INFO_BTF PERF_EVENTS DEVTMPFS SERIAL_8250_CONSOLE \
	BLK_DEV_INITRD RD_GZIP $( [ -n "$ver" ] && echo FPROBE DYNAMIC_FTRACE); do
	grep -qx "CONFIG_$opt=y" "$cache/$pkg.config" || missing="$missing $opt"
done
[ -z "$missing" ] || echo "kernel.sh: warning: $pkg lacks built-in:$missing" >&2
echo "$cache/$link"
