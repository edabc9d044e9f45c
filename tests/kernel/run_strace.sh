#!/bin/sh
# What rawbpf asks the kernel, seen from outside (strace) and from inside
# (--explain), for `rawbpf run` on exec_perf (legacy maps, perf buffer,
# printk), ringbuf (BTF maps, BPF ring buffer) and subprog (a map printed at
# exit):
#   1. the bpf(), perf_event_open(), PERF_EVENT_IOC_* ioctl() and shared
#      mmap() calls strace sees from the rawbpf process are, in order and with
#      the same arguments and results, the ones --explain prints on stderr;
#   2. with fds, results and addresses left out, they are the calls listed in
#      tests/kernel/golden/run_NAME.txt: the calls the job needs, no probing.
#      Lines starting "each-cpu:" stand for a block repeated once per online
#      CPU, in order, with "cpu=N" set to the CPU.
#   3. the held child (forked rawbpf, before it execs COMMAND) makes none.
# strace -ff writes one file per process, so the child's calls cannot split
# rawbpf's lines (no "<unfinished ...>").
. tests/lib.sh
need_kernel "strace: exec_perf" "strace: ringbuf" "strace: subprog"
if ! command -v strace >/dev/null; then
	skip "strace: exec_perf" "strace is not installed"
	skip "strace: ringbuf" "strace is not installed"
	skip "strace: subprog" "strace is not installed"
	exit 0
fi

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# norm.py MODE FILE: the calls of FILE (strace output or --explain stderr), one
# a line. MODE full: every argument and the result; MODE golden: what does not
# depend on fd numbers, addresses or tracepoint ids.
cat >"$T/norm.py" <<'EOF'
import re, sys
mode, path = sys.argv[1], sys.argv[2]
# --explain prints perf_event_attr.config as a number, strace by name.
SW = {"0": "PERF_COUNT_SW_CPU_CLOCK", "10": "PERF_COUNT_SW_BPF_OUTPUT"}
for line in open(path, errors="replace"):
    line = line.rstrip("\n")
    m = re.match(r"(bpf|perf_event_open|ioctl|mmap)\((.*)\) += (.*)$", line)
    if not m:
        continue
    call, args, ret = m.groups()
    ret = ret.split(" ")[0]
    if call == "bpf":
        cmd = args.split(",")[0]
        name = re.search(r'(?:map|prog)_name="([^"]*)"', args)
        out = ["bpf", cmd] + ([name.group(1)] if name else [])
    elif call == "perf_event_open":
        attr, tail = args[:args.rindex("}") + 1], args[args.rindex("}") + 2:]
        typ = re.search(r"[{ ]type=(\w+)", attr).group(1)
        out = ["perf_event_open", typ]
        if typ == "PERF_TYPE_SOFTWARE":
            cfg = re.search(r"[{ ]config=(\w+)", attr).group(1)
            out.append(SW.get(cfg, cfg))
        pid, cpu, group, flags = [a.strip() for a in tail.split(",")]
        out += ["pid=" + pid, "cpu=" + cpu, "group=" + group, flags]
    elif call == "ioctl":
        fd, req, arg = [a.strip() for a in args.split(",")]
        if not req.startswith("PERF_EVENT_IOC_"):
            continue
        out = ["ioctl", req] if mode == "golden" else ["ioctl", fd, req, arg]
    else:
        addr, length, prot, flags, fd, off = [a.strip() for a in args.split(",")]
        if "MAP_SHARED" not in flags:
            continue
        out = ["mmap", length, prot, flags, str(int(off, 0))]
        if mode != "golden":
            out.insert(4, "fd=" + fd)
    if mode != "golden":
        out += ["=", ret]
    print(" ".join(out))
EOF

# expand GOLDEN: the golden file with each "each-cpu:" block repeated per CPU.
cat >"$T/expand.py" <<'EOF'
import sys
cpus = []
for part in open("/sys/devices/system/cpu/online").read().strip().split(","):
    a, _, b = part.partition("-")
    cpus += range(int(a), int(b or a) + 1)
lines = [l.rstrip("\n") for l in open(sys.argv[1]) if l.strip() and not l.startswith("#")]
i = 0
while i < len(lines):
    if lines[i].startswith("each-cpu:"):
        j = i
        while j < len(lines) and lines[j].startswith("each-cpu:"):
            j += 1
        for c in cpus:
            for l in lines[i:j]:
                print(l[len("each-cpu:"):].strip().replace("cpu=N", "cpu=%d" % c))
        i = j
    else:
        print(lines[i])
        i += 1
EOF

# check NAME: strace one `rawbpf run --explain` of examples/NAME.bpf.o.
check_one() {
	name=$1
	rm -f "$T"/st.*
	strace -ff -e trace=bpf,perf_event_open,ioctl,mmap,execve -o "$T/st" \
		"$RAWBPF" run --explain "$O/examples/$name.bpf.o" -- /bin/true \
		>"$T/out" 2>"$T/explain"
	rc=$?
	main=$(grep -l '^execve("'"$RAWBPF"'"' "$T"/st.* | head -1)
	child=$(grep -l '^execve("/bin/true"' "$T"/st.* | head -1)
	python3 "$T/norm.py" full "$main" >"$T/strace.calls"
	python3 "$T/norm.py" full "$T/explain" >"$T/explain.calls"
	python3 "$T/norm.py" golden "$main" >"$T/strace.golden"
	python3 "$T/expand.py" "tests/kernel/golden/run_$name.txt" >"$T/want.golden"
	# The child's calls up to its execve of COMMAND.
	sed '/^execve("\/bin\/true"/q' "$child" >"$T/child.pre"
	python3 "$T/norm.py" full "$T/child.pre" >"$T/child.calls"

	why=""
	[ "$rc" = 0 ] || why="exit status $rc"
	[ -z "$why" ] && [ -z "$main" ] && why="no strace file for rawbpf"
	[ -z "$why" ] && [ ! -s "$T/strace.calls" ] && why="strace saw no calls"
	if [ -z "$why" ] && ! cmp -s "$T/strace.calls" "$T/explain.calls"; then
		why="--explain differs from strace"
		echo "# diff strace --explain:"
		diff "$T/strace.calls" "$T/explain.calls" | sed 's/^/#   /'
	fi
	result "strace: $name: --explain prints every call strace sees, in order" "$why"

	why=""
	if ! cmp -s "$T/want.golden" "$T/strace.golden"; then
		why="calls differ from tests/kernel/golden/run_$name.txt"
		echo "# diff golden strace:"
		diff "$T/want.golden" "$T/strace.golden" | sed 's/^/#   /'
	fi
	result "strace: $name: the calls are the golden list (no probing, fixed order)" "$why"

	why=""
	[ -z "$child" ] && why="no strace file for the command"
	[ -z "$why" ] && [ -s "$T/child.calls" ] && why="$(tr '\n' ';' <"$T/child.calls")"
	result "strace: $name: the held child makes no BPF or perf call before exec" "$why"
}

result() {
	if [ -z "$2" ]; then ok "$1"; else not_ok "$1" "$2"; fi
}

check_one exec_perf
check_one ringbuf
check_one subprog
