#!/bin/sh
# Build the boot test's initramfs: a newc cpio holding only
#   /init            tests/initramfs/init.c, static (musl-gcc -static -Os)
#   /rawbpf          the static rawbpf (`make static` -> ./rawbpf-static)
#   /obj/*.bpf.o     the objects the steps name, from $O/examples/ or $O/tests/bpf/, without
#                    DWARF (llvm-strip -g: .BTF and .BTF.ext stay; rawbpf
#                    reads no DWARF, line info comes from .BTF.ext)
#   /steps           what /init runs (tests/initramfs/steps, or $STEPS)
#   /modules/*.ko    the kernel modules the steps name (/modules/NAME.ko), from
#                    $MODULES_DIR (tests/initramfs/kernel.sh keeps them, with
#                    their dependencies, decompressed); each one's
#                    dependencies must be named before it, as /init's insmod
#                    loads them in the order given
#   /dev /proc /sys /tmp   empty mount points
# Prints the path of the cpio, and its size on stderr.
#
#   O=build RAWBPF_STATIC=./rawbpf-static STEPS=tests/initramfs/steps GZIP_CPIO=1 \
#       MODULES_DIR=tests/initramfs/cache/modules sh tests/initramfs/build.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
O=${O:-build}
RAWBPF_STATIC=${RAWBPF_STATIC:-rawbpf-static}
STEPS=${STEPS:-$here/steps}
GZIP_CPIO=${GZIP_CPIO:-1}
MODULES_DIR=${MODULES_DIR:-}
out=$O/initramfs
root=$out/root

[ -x "$RAWBPF_STATIC" ] || { echo "build.sh: no $RAWBPF_STATIC: run make static" >&2; exit 1; }
[ -f "$STEPS" ] || { echo "build.sh: no steps file $STEPS" >&2; exit 1; }
mkdir -p "$out"

if [ ! -x "$out/init" ] || [ "$here/init.c" -nt "$out/init" ]; then
	musl-gcc -static -Os -s -std=gnu11 -Wall -Wextra -Werror -o "$out/init" "$here/init.c"
fi

rm -rf "$root"
mkdir -p "$root/obj" "$root/dev" "$root/proc" "$root/sys" "$root/tmp"
cp "$out/init" "$root/init"
cp "$RAWBPF_STATIC" "$root/rawbpf"
cp "$STEPS" "$root/steps"
command -v llvm-strip >/dev/null || { echo "build.sh: no llvm-strip (llvm)" >&2; exit 1; }
# Only the objects the steps name (/obj/NAME.bpf.o), from the examples or
# the test objects: the image carries what the boot runs.
for name in $(grep -o '/obj/[A-Za-z0-9_.-]*\.bpf\.o' "$STEPS" | sed 's#^/obj/##' | sort -u); do
	f=$O/examples/$name
	[ -f "$f" ] || f=$O/tests/bpf/$name
	[ -f "$f" ] || { echo "build.sh: $STEPS names /obj/$name, which $O does not have" >&2; exit 1; }
	llvm-strip -g -o "$root/obj/$name" "$f"
done
# The modules, in the order the steps name them; a dependency named later
# (or not at all) would make insmod fail with "Unknown symbol".
named=""
for name in $(grep -o '/modules/[A-Za-z0-9_-]*\.ko' "$STEPS" | sed 's#^/modules/##; s#\.ko$##' | awk '!seen[$0]++'); do
	f=$MODULES_DIR/$name.ko
	[ -n "$MODULES_DIR" ] && [ -f "$f" ] ||
		{ echo "build.sh: $STEPS names /modules/$name.ko, which MODULES_DIR=${MODULES_DIR:-(unset)} does not have" >&2; exit 1; }
	for dep in $(sed -n "s/^$name: *//p" "$MODULES_DIR/deps"); do
		case " $named " in
		*" $dep "*) ;;
		*) echo "build.sh: $STEPS: /modules/$name.ko needs /modules/$dep.ko named before it" >&2; exit 1 ;;
		esac
	done
	mkdir -p "$root/modules"
	cp "$f" "$root/modules/$name.ko"
	named="$named $name"
done
chmod 0755 "$root/init" "$root/rawbpf"

# Sorted names, root ownership and a fixed time: the same inputs give the same bytes.
find "$root" -exec touch -h -d @0 {} +
if [ "$GZIP_CPIO" = 1 ]; then
	cpio_file=$out/initramfs.cpio.gz
	(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
		cpio --quiet -o -H newc -R 0:0 --reproducible) | gzip -9 -n > "$cpio_file.tmp"
else
	cpio_file=$out/initramfs.cpio
	(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
		cpio --quiet -o -H newc -R 0:0 --reproducible) > "$cpio_file.tmp"
fi
mv "$cpio_file.tmp" "$cpio_file"
echo "build.sh: $cpio_file: $(stat -c %s "$cpio_file") bytes ($(ls "$root/obj" | wc -l) objects, $(ls "$root/modules" 2>/dev/null | wc -l) modules)" >&2
echo "$cpio_file"
