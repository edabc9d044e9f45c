#!/bin/sh
# The initramfs boot test: boot Debian's kernel (kernel.sh) under qemu with an
# initramfs holding only /init, the static rawbpf and the BPF objects
# (build.sh); /init runs tests/initramfs/steps and powers off; then every line
# of tests/initramfs/expect is checked against the serial console log.
#
#   sh tests/initramfs/test.sh      (from the top of the tree; make test runs it)
# 6.1 builds the clsact qdisc and the bpf classifier as modules: kernel.sh
# keeps them, the steps name them (/modules/NAME.ko) and /init loads them.
# Then a second boot, of Debian's 6.12 kernel (kernel.sh 6.12) with
# steps-6.12 and expect-6.12: what 6.1 lacks (kprobe.multi, the BPF LSM, tcx).
# Environment: STEPS, EXPECT (other files), KERNEL_VERSION (boot that Debian
# kernel version only, e.g. 6.12), QEMU_TIMEOUT (seconds, default 120),
# RAWBPF_QEMU_KVM=1 (use KVM when /dev/kvm works; the default is TCG, because
# KVM hangs after "Booting from ROM" on the VM this was written on).
. tests/lib.sh
failures=0
not_ok() { n=$((n + 1)); failures=$((failures + 1)); echo "not ok $n - $1: $2"; }
here=tests/initramfs
STEPS=${STEPS:-$here/steps}
EXPECT=${EXPECT:-$here/expect}
QEMU_TIMEOUT=${QEMU_TIMEOUT:-120}
export STEPS O
out=$O/initramfs
log=$out/console${KERNEL_VERSION:+-$KERNEL_VERSION}.log

why=""
for tool in qemu-system-x86_64 musl-gcc cpio gzip xz apt-get dpkg timeout; do
	command -v $tool >/dev/null 2>&1 || why="$why $tool"
done
if [ -n "$why" ]; then
	skip "initramfs boot" "missing:$why (scripts/deps.sh installs them)"
	exit 0
fi
mkdir -p "$out"

if ! vmlinuz=$(sh $here/kernel.sh ${KERNEL_VERSION:-} 2>"$out/kernel.log"); then
	skip "initramfs boot" "no Debian kernel image: $(tail -1 "$out/kernel.log")"
	exit 0
fi
ok "Debian kernel image: $(readlink "$vmlinuz" | sed 's/\.vmlinuz$//')"
# Its modules that kernel.sh kept; build.sh copies those the steps name.
MODULES_DIR=$(dirname "$vmlinuz")/$(readlink "$vmlinuz" | sed 's/\.vmlinuz$/.modules/')
export MODULES_DIR

# Milliseconds since the epoch; and "1.234" seconds from a difference of two.
now_ms() { echo $(($(date +%s%N) / 1000000)); }
secs() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }
t_start=$(now_ms)

if ! make -s static >"$out/make.log" 2>&1; then
	sed 's/^/# /' "$out/make.log" | tail -20
	not_ok "make static" "see $out/make.log"
	exit 1
fi
t_static=$(now_ms)

# What goes into the image must be one static executable: no PT_INTERP, no
# dynamic section (a static-pie would have one), nothing for a loader to find.
static=${RAWBPF_STATIC:-rawbpf-static}
if ! command -v readelf >/dev/null 2>&1; then
	skip "$static has no dynamic section" "no readelf"
elif LC_ALL=C readelf -d "$static" 2>&1 | grep -q 'There is no dynamic section' &&
	! LC_ALL=C readelf -lW "$static" | grep -q 'INTERP'; then
	ok "$static has no dynamic section and no interpreter (readelf -d, -l)"
else
	not_ok "$static has no dynamic section" "$(LC_ALL=C readelf -d "$static" 2>&1 | head -3 | tr '\n' ' ')"
fi
if ! command -v file >/dev/null 2>&1; then
	skip "file $static: statically linked" "no file(1)"
elif file "$static" | grep -q 'statically linked'; then
	ok "file $static: statically linked"
else
	not_ok "file $static: statically linked" "$(file "$static")"
fi

if ! cpio_file=$(sh $here/build.sh 2>"$out/build.log"); then
	sed 's/^/# /' "$out/build.log"
	not_ok "initramfs built" "see $out/build.log"
	exit 1
fi
t_cpio=$(now_ms)
mods=$(ls "$out/root/modules" 2>/dev/null | tr '\n' ' ')
ok "initramfs built: $cpio_file, $(stat -c %s "$cpio_file") bytes${mods:+ (with the modules $mods- $(cat "$out/root/modules/"* | wc -c) bytes before gzip)}"
# Issue 15: the whole image, gzip'd, in 256 KiB; for the 6.1 boot that
# includes Debian's sch_ingress.ko and cls_bpf.ko (about 14 KB gzip'd).
cpio_bytes=$(stat -c %s "$cpio_file")
case "$cpio_file" in
*.gz)
	if [ "$cpio_bytes" -le 262144 ]; then
		ok "initramfs.cpio.gz: $cpio_bytes bytes <= 262144"
	else
		not_ok "initramfs.cpio.gz at most 262144 bytes" "$cpio_bytes bytes"
	fi ;;
esac

accel=tcg
if [ "${RAWBPF_QEMU_KVM:-0}" = 1 ] && [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	accel=kvm
fi
t0=$(now_ms)
{
	timeout -k 5 "$QEMU_TIMEOUT" qemu-system-x86_64 -accel $accel -m 512 -nographic \
		-no-reboot -kernel "$vmlinuz" -initrd "$cpio_file" \
		-append "console=ttyS0 quiet panic=-1" </dev/null 2>&1
	echo $? >"$out/qemu.rc"
} | tr -d '\r' | sed 's/\x1bc//g; s/\x1b\[[0-9;?]*[A-Za-z]//g' >"$log"
rc=$(cat "$out/qemu.rc")
t1=$(now_ms)
secs=$(secs $((t1 - t0)))
uptime=$(sed -n 's/^INIT: start uptime=\([0-9.]*s\).*/\1/p' "$log" | head -1)
done_up=$(sed -n 's/^INIT: done .*uptime=\([0-9.]*s\).*/\1/p' "$log" | head -1)
echo "# qemu ($accel): ${secs}s wall; guest uptime at /init ${uptime:-?}, after the last step ${done_up:-?}; cpio $(stat -c %s "$cpio_file") bytes; log $log"
echo "# times: make static $(secs $((t_static - t_start)))s, cpio $(secs $((t_cpio - t_static)))s, qemu ${secs}s"

if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	not_ok "qemu powered off by itself" "killed after ${QEMU_TIMEOUT}s"
elif [ "$rc" != 0 ]; then
	not_ok "qemu powered off by itself" "qemu exited with status $rc"
else
	ok "qemu powered off by itself in ${secs}s"
fi
if grep -q '^INIT: start ' "$log"; then
	ok "kernel booted and ran /init"
else
	not_ok "kernel booted and ran /init" "no 'INIT: start' line"
fi

# Every step in the steps file started and ended.
names=$(grep -v '^[[:space:]]*#' "$STEPS" | awk 'NF >= 2 && $1 != "sleep" && $1 != "timeout" && $1 != "until" {
	sub(/^&/, "", $1); print $1 }')
for name in $names; do
	if grep -qE "^INIT: step $name (exit|signal)=" "$log"; then
		ok "step $name ran ($(sed -n "s/^INIT: step $name \(.*\)/\1/p" "$log" | tail -1))"
	else
		not_ok "step $name ran" "no 'INIT: step $name exit=' line"
	fi
done

# The lines of one step: its output without "NAME| ", and its end markers.
step_lines() {
	if [ "$1" = "*" ]; then
		cat "$log"
	else
		sed -n -e "s/^$1| //p" -e "s/^INIT: step $1 \(exit=\|signal=\|timeout\)/\1/p" \
			-e "s/^INIT: \(until\) $1 /\1 /p" "$log"
	fi
}

# Expectation variables: {pid} is the step's own pid (from "INIT: step NAME
# start pid=N"), {NAME} a value captured by an earlier "=NAME" line.
vars=""
expand() { # STEP PATTERN
	p=$2
	if [ "$1" != "*" ]; then
		pid=$(sed -n "s/^INIT: step $1 start pid=\([0-9]*\)$/\1/p" "$log" | tail -1)
		p=$(printf '%s' "$p" | sed "s/{pid}/${pid:-NO-PID}/g")
	fi
	for v in $vars; do
		eval "val=\$v_$v"
		p=$(printf '%s' "$p" | sed "s/{$v}/$val/g")
	done
	printf '%s' "$p"
}
SEP=$(printf '\001')

# "@ids": every "ids pid=A ppid=B" line the tool printed has an event line
# "... pid=A ppid=B ..." from the tracer: the ppid read in BPF (CO-RE
# task->real_parent->tgid) is the one getppid() returned.
check_ids() {
	lines=$(step_lines "$1")
	pairs=$(printf '%s\n' "$lines" | sed -n 's/^ids \(pid=[0-9]* ppid=[0-9]*\)$/\1/p')
	if [ -z "$pairs" ]; then
		not_ok "$1: @ids" "no 'ids pid= ppid=' lines"
		return
	fi
	bad=""
	for pr in $(printf '%s\n' "$pairs" | tr ' ' '+'); do
		pr=$(printf '%s' "$pr" | tr '+' ' ')
		printf '%s\n' "$lines" | grep -qE "^events .*[[:space:]]$pr( |$)" || bad="$bad [$pr]"
	done
	if [ -z "$bad" ]; then ok "$1: @ids: every ids line has its event ($(printf '%s\n' "$pairs" | wc -l) lines)"
	else not_ok "$1: @ids" "no event line for$bad"; fi
}

while read -r name pat; do
	case "$name" in ''|'#'*) continue ;; esac
	min=1 neg=0 exact="" capture=""
	case "$pat" in
	'@ids') check_ids "$name"; continue ;;
	'!'*) neg=1; pat=${pat#!} ;;
	'>='*) min=${pat%% *}; min=${min#>=}; pat=${pat#* } ;;
	'=='*) exact=${pat%% *}; exact=${exact#==}; pat=${pat#* } ;;
	'='[A-Za-z]*) capture=${pat%% *}; capture=${capture#=}; pat=${pat#* } ;;
	esac
	pat=$(expand "$name" "$pat")
	count=$(step_lines "$name" | grep -cE -- "$pat")
	if [ -n "$capture" ]; then
		val=$(step_lines "$name" | grep -E -- "$pat" | tail -1 | sed -E "s$SEP.*$pat.*$SEP\\1$SEP")
		if [ "$count" -gt 0 ] && [ -n "$val" ]; then
			eval "v_$capture=\$val"
			vars="$vars $capture"
			ok "$name: /$pat/ gives {$capture} = $val"
		else
			not_ok "$name: /$pat/ gives {$capture}" "no line matches"
		fi
	elif [ $neg = 1 ]; then
		if [ "$count" -eq 0 ]; then ok "$name: no line matches /$pat/"
		else not_ok "$name: no line matches /$pat/" "$count lines do"; fi
	elif [ -n "$exact" ]; then
		if [ "$count" -eq "$exact" ]; then ok "$name: /$pat/ ($count lines)"
		else not_ok "$name: /$pat/" "$count lines match, expected exactly $exact"; fi
	elif [ "$count" -ge "$min" ]; then
		ok "$name: /$pat/ ($count lines)"
	else
		not_ok "$name: /$pat/" "$count lines match, expected at least $min"
	fi
done <"$EXPECT"

if [ "$failures" -gt 0 ]; then
	echo "# last lines of $log:"
	tail -n 40 "$log" | sed 's/^/#   /'
fi

# The 6.12 boot, its TAP lines numbered on from ours.
if [ -z "${KERNEL_VERSION:-}" ] && [ -z "${RAWBPF_NO_612:-}" ]; then
	echo "# second boot: Debian 6.12 (steps-6.12)"
	KERNEL_VERSION=6.12 STEPS=$here/steps-6.12 EXPECT=$here/expect-6.12 sh "$0" >"$out/boot-6.12.tap"
	awk -v base="$n" '
	/^ok [0-9]+/ || /^not ok [0-9]+/ {
		i = ($1 == "not") ? 3 : 2
		$i = $i + base
	}
	{ print }' "$out/boot-6.12.tap"
	failures=$((failures + $(grep -c '^not ok' "$out/boot-6.12.tap")))
fi
# The exit status says what the TAP lines say (not that of the last
# assignment, which is grep -c's: 1 when it counts no failure).
[ "$failures" -eq 0 ]
