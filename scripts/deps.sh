#!/bin/sh
# Installs every Debian package rawbpf needs, in one place. Quick when all are
# present: it checks with dpkg first and calls apt-get only for what is missing.
#   clang, llvm             compile BPF C, llvm-objdump (disassembler oracle)
#   linux-libc-dev          uapi headers (linux/bpf.h, linux/perf_event.h)
#   musl-tools              the static build (musl-gcc)
#   libelf-dev              tests only: the ELF reader's oracle
#   libcmocka-dev           unit test framework
#   libbpf-dev, bpftool     bench and cross-checks only
#   libclang-rt-14-dev      libFuzzer and sanitizer runtimes
#   zlib1g-dev              tests only: the inflater's oracle (test_inflate, fuzz)
#   qemu-system-x86, cpio   the initramfs boot test
#   xz-utils                the boot test: 6.12's .ko.xz modules, decompressed
#   strace, python3         the syscall-sequence tests, JSON checks
#   universal-ctags         tests only: the function-length check
#   iproute2                tests only: ip and tc build and inspect the veth pair of test_links
#   systemtap-sdt-dev       tests only: <sys/sdt.h> for the USDT test program
#   libbpf-tools            tests only: real tools' embedded BPF objects
#   bsdutils                tests only: script, the pty an interactive bash reads on
#   man-db, groff-base      tests only: man --warnings on the manual pages
#   pkgconf                 tests only: rawbpf.pc as installed
#   debhelper, dpkg-dev     tests only: the Debian packages (tests/package.sh)
#   linux-source-6.1        the compatibility corpus (make compat only)
set -eu
want="clang llvm make gcc linux-libc-dev musl-tools libelf-dev libcmocka-dev \
libbpf-dev bpftool libclang-rt-14-dev zlib1g-dev qemu-system-x86 cpio strace \
file binutils kmod python3 util-linux universal-ctags iproute2 \
systemtap-sdt-dev libbpf-tools bsdutils man-db groff-base pkgconf debhelper dpkg-dev xz-utils"
case "${1:-}" in
--compat) want="$want linux-source-6.1" ;;
esac
missing=""
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: missing packages:$missing (run as root to install them)" >&2
	exit 1
fi
echo "deps.sh: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends $missing >&2
