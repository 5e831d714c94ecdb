#!/bin/sh
# Benchmark: the newcomer's first minute (issue 16). Clones the repository afresh, times
# `make install`, then `make demo` until `/` answers 200, and prints both figures: the wait
# after the install and the wait including it. Then (unless WORLD=0) it waits for the second
# process of `make demo` to finish the demo world and says when it did.
#
#   bench/newcomer.sh                          # this repository's current branch
#   bench/newcomer.sh /path/to/repo REF        # another clone, branch or commit
#   REUSE_VENV=.venv bench/newcomer.sh         # skip the install: the clone uses that venv
#                                              # as is (only the figure after the install)
#
# Stops the demo it started (its own process group) and removes the clone (KEEP=1 keeps it).
# The machine's load changes these figures a lot: the load average is printed with them.
set -eu

repo=$(cd "${1:-$(git rev-parse --show-toplevel)}" && pwd)
branch=${2:-$(git -C "$repo" rev-parse --abbrev-ref HEAD)}
port=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
reuse=${REUSE_VENV:+$(cd "$REUSE_VENV" && pwd)}
work=$(mktemp -d)
demo_pid=""

now() { python3 -c 'import time; print(f"{time.monotonic():.2f}")'; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$2"; }
finish() {
    if [ -n "$demo_pid" ]; then kill -TERM "-$demo_pid" 2>/dev/null || true; wait "$demo_pid" 2>/dev/null || true; fi
    if [ "${KEEP:-0}" = 1 ]; then echo "clone kept in $work/mywe"; else rm -rf "$work"; fi
}
trap finish EXIT INT TERM

git clone --quiet "$repo" "$work/mywe"
cd "$work/mywe"
git checkout --quiet "$branch"
echo "newcomer: $(git log -1 --format='%h %s') on port $port; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

make_demo="make demo PORT=$port"
if [ -n "$reuse" ]; then
    ln -s "$reuse" .venv
    make_demo="$make_demo -o .venv/.installed-stamp"  # never reinstall into a shared venv
    install_s=""
else
    began=$(now)
    make install >install.log 2>&1 || { cat install.log; exit 1; }
    install_s=$(since "$began" "$(now)")
fi

began=$(now)
setsid $make_demo >demo.log 2>&1 &
demo_pid=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" || true)" = 200 ]; do
    kill -0 "$demo_pid" 2>/dev/null || { cat demo.log; echo "make demo stopped before serving"; exit 1; }
    sleep 0.25
done
first_s=$(since "$began" "$(now)")

if [ "${WORLD:-1}" = 1 ]; then
    # The later part's last line, or (a one-part build, as before issue 16) the build's own.
    until grep -qE "finished: its later part|^Demo world .* is ready in" demo.log; do
        kill -0 "$demo_pid" 2>/dev/null || break
        sleep 1
    done
    world_s=$(since "$began" "$(now)")
fi

echo "The demo world's build (make demo's output):"
grep -E '^ {2}[a-z]|^(badges|[0-9]+ published)|ready in|finished:' demo.log | sed 's/^/  /'
echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$install_s" ]; then
    echo "make install:                          $install_s s"
    echo "first 200 on /, install included:      $(python3 -c "print(f'{$install_s + $first_s:.1f}')") s"
fi
echo "first 200 on /, after the install:     $first_s s"
[ -z "${world_s:-}" ] || echo "demo world finished (make demo + ...):  $world_s s"
