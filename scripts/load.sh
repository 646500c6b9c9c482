#!/usr/bin/env bash
# Load test of a public page: Savivalda against nginx serving the same HTML
# as a static file, side by side in one run, with wrk on loopback.
#
# It builds the server, starts it on a fresh data folder with the demo
# municipality, measures the time to the first successful /healthz and the
# idle resident memory, saves the long demo page, serves that file with a
# private nginx, and runs wrk against both. Besides nginx, each round also
# loads a bare Go net/http server that answers every request with the same
# HTML from memory (Content-Type and Content-Length only, no middleware):
# the floor for any handler on Go's HTTP server on this machine, which tells
# how much of the gap to nginx is Savivalda's own. Every process it starts
# is stopped on exit (a wrk run in progress first finishes, within
# --duration), and all traffic goes to 127.0.0.1 only.
#
# Usage: scripts/load.sh [options]
#
#   --duration D     length of each measured wrk run (default 15s)
#   --connections N  wrk connections (default 32)
#   --threads N      wrk threads (default 2)
#   --warmup D       unmeasured wrk run before each measured one (default 2s)
#   --rounds N       run nginx, bare Go and Savivalda in turn N times
#                    (default 1)
#   --postgres       also run the whole measurement on PostgreSQL, on a fresh
#                    database created on postgres://postgres@127.0.0.1:5432
#                    and dropped afterwards (PGURL overrides the server URL)
#   --bin PATH       measure this savivalda binary instead of building one
#   --no-bare        skip the bare net/http server
#   --quiet-wait S   before each round, wait up to S seconds (default 0) for
#                    the machine to be idle (under 10% of one core over 2 s)
#   --max-rest P     run a round again (up to 5 times) when other work on the
#                    machine ("rest%") took more than P% of one core during
#                    any of its runs (default 0: never)
#   --keep           keep the temporary folder (logs, wrk output, the page)
#
# PAGE_PATH picks the page (default: the demo's long page "Savivaldybės
# administracijos struktūra ir kontaktai"); when it does not answer 200,
# the longest page linked from the site index is used. On a 2-core machine
# other work skews every figure: the "rest%" column shows how much there
# was during each run.
#
# Needs go; curl, wrk, nginx and GNU time are installed with apt-get when
# missing (as root).

set -euo pipefail

DURATION=15s
CONNECTIONS=32
THREADS=2
WARMUP=2s
ROUNDS=1
POSTGRES=false
KEEP=false
BIN=
QUIET_WAIT=0
BARE=true
MAX_REST=0
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
PAGE_PATH=${PAGE_PATH:-/struktura-ir-kontaktai/savivaldybes-administracijos-struktura-ir-kontaktai}

usage() { awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; }

while [ $# -gt 0 ]; do
	case $1 in
	--postgres) POSTGRES=true ;;
	--duration) DURATION=$2; shift ;;
	--connections) CONNECTIONS=$2; shift ;;
	--threads) THREADS=$2; shift ;;
	--warmup) WARMUP=$2; shift ;;
	--rounds) ROUNDS=$2; shift ;;
	--keep) KEEP=true ;;
	--bin) BIN=$2; shift ;;
	--quiet-wait) QUIET_WAIT=$2; shift ;;
	--no-bare) BARE=false ;;
	--max-rest) MAX_REST=$2; shift ;;
	-h | --help) usage; exit 0 ;;
	*) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
	esac
	shift
done

cd "$(dirname "$0")/.."

need_pkg() { # command, Debian packages to try in order
	local cmd=$1; shift
	command -v "$cmd" >/dev/null 2>&1 && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "$cmd is missing; install it (Debian: apt-get install $1)" >&2
		exit 1
	fi
	apt-get update -qq >/dev/null
	local p
	for p in "$@"; do
		if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$p" >/dev/null; then
			break
		fi
	done
	command -v "$cmd" >/dev/null 2>&1 || { echo "could not install $cmd" >&2; exit 1; }
}
need_pkg wrk wrk
need_pkg curl curl
if [ ! -x /usr/bin/time ]; then # GNU time, for wrk's CPU use
	need_pkg apt-get apt-get
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
	need_pkg nginx nginx-light nginx
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

tmp=$(mktemp -d /tmp/savivalda-load.XXXXXX)
chmod 755 "$tmp" # nginx's workers may run as another user
server_pid=
nginx_pid=
bare_pid=
pg_db=

stop_server() {
	if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
		kill -TERM "$server_pid" 2>/dev/null || true
		for _ in $(seq 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.05; done
		kill -KILL "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	server_pid=
}

cleanup() {
	set +e
	stop_server
	stop_bare
	if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
		kill -QUIT "$nginx_pid" 2>/dev/null
		for _ in $(seq 100); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.05; done
		kill -KILL "$nginx_pid" 2>/dev/null
		wait "$nginx_pid" 2>/dev/null
	fi
	if [ -n "$pg_db" ]; then
		psql "$PGURL/postgres" -qXc "DROP DATABASE IF EXISTS $pg_db" >/dev/null 2>&1
	fi
	if $KEEP; then
		echo "kept $tmp"
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# free_port prints a TCP port on 127.0.0.1 that nothing listens on.
free_port() {
	local p
	for _ in $(seq 200); do
		p=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	echo "no free port found" >&2
	exit 1
}

now_ns() { date +%s%N; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
mb() { awk -v kb="$1" 'BEGIN {printf "%.1f MiB", kb / 1024}'; }

# to_ms converts a wrk duration (850.00us, 1.23ms, 2.00s) to milliseconds.
to_ms() {
	awk -v v="$1" 'BEGIN {
		if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
		else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
		else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.3f", v * 60000 }
		else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
		else { printf "%s", v }
	}'
}

echo "== Machine"
echo "date:    $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "cpus:    $(nproc) x $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
echo "memory:  $(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
echo "kernel:  $(uname -r)"
echo "go:      $(go version | awk '{print $3}')"
echo "nginx:   $("$NGINX" -v 2>&1 | sed 's/^nginx version: //')"
echo "wrk:     $(wrk -v 2>&1 | awk 'NR == 1 {print $2}')"
echo "load:    wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, after a $WARMUP warm-up, $ROUNDS round(s)"
echo

echo "== Build"
if [ -n "$BIN" ]; then
	cp "$BIN" "$tmp/savivalda"
	echo "measuring $BIN"
else
	go build -o "$tmp/savivalda" ./cmd/savivalda
	echo "built $tmp/savivalda ($(du -h "$tmp/savivalda" | cut -f1)) from $(git rev-parse --short HEAD 2>/dev/null || echo 'this tree')$(git diff --quiet HEAD -- 2>/dev/null || echo ' with local changes')"
fi
echo

port=$(free_port)
base=http://127.0.0.1:$port

# start_server DATA_DIR [DB]: starts the server, waits for /healthz and
# sets server_pid and startup_ms.
start_server() {
	local data=$1 db=${2:-} t0 t1 i
	t0=$(now_ns)
	SAVIVALDA_ADDR=127.0.0.1:$port SAVIVALDA_DATA=$data SAVIVALDA_DB=$db SAVIVALDA_DEMO=true \
		SAVIVALDA_LOG_LEVEL=warn "$tmp/savivalda" serve >>"$tmp/server.log" 2>&1 &
	server_pid=$!
	for i in $(seq 3000); do
		if curl -sf -o /dev/null --max-time 1 "$base/healthz"; then
			t1=$(now_ns)
			startup_ms=$(( (t1 - t0) / 1000000 ))
			return
		fi
		kill -0 "$server_pid" 2>/dev/null || { echo "server exited:" >&2; cat "$tmp/server.log" >&2; exit 1; }
		sleep 0.01
	done
	echo "server did not answer /healthz within 30 s" >&2
	cat "$tmp/server.log" >&2
	exit 1
}

# longest_page prints the path of the longest public page linked from the
# site index.
longest_page() {
	local best='' bestlen=0 p n
	for p in $(curl -sf "$base/informacijos-rodykle" | grep -o 'href="/[^"#?]*"' | sed 's/^href="//; s/"$//' | sort -u); do
		case $p in /static/* | /kalba/* | /admin*) continue ;; esac
		n=$(curl -sf "$base$p" | wc -c) || continue
		if [ "$n" -gt "$bestlen" ]; then best=$p; bestlen=$n; fi
	done
	echo "$best"
}

# cpu_ticks prints the machine's busy and total clock ticks (all CPUs).
cpu_ticks() { awk '/^cpu / {busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6}' /proc/stat; }

# proc_ticks PID...: user+system clock ticks used so far by these processes.
proc_ticks() {
	local p sum=0 t
	for p in "$@"; do
		t=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}') || t=0
		sum=$((sum + ${t:-0}))
	done
	echo "$sum"
}

# wait_quiet waits up to QUIET_WAIT seconds until the machine is idle: busy
# under 10% of one core over 2 s.
wait_quiet() {
	local end=$((SECONDS + QUIET_WAIT)) b0 t0 b1 t1 busy
	while [ "$SECONDS" -lt "$end" ]; do
		read -r b0 t0 < <(cpu_ticks)
		sleep 2
		read -r b1 t1 < <(cpu_ticks)
		busy=$(( 100 * (b1 - b0) * $(nproc) / (t1 - t0 > 0 ? t1 - t0 : 1) ))
		[ "$busy" -lt 10 ] && return
	done
	[ "$QUIET_WAIT" -gt 0 ] && echo "warning: the machine did not get quiet within $QUIET_WAIT s" >&2
	return 0
}

# run_wrk NAME URL PID...: warm up, measure, and print one result line
# "NAME req/s p50_ms p99_ms server_cpu wrk_cpu other_cpu" (CPU in % of one
# core over the measured run; "other" is everything else on the machine,
# kernel work not charged to a process included); wrk's report goes to a
# file.
run_wrk() {
	local name=$1 url=$2 out
	shift 2
	out="$tmp/wrk-$name-$(date +%s%N).txt"
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null
	local b0 t0 b1 t1 s0 s1
	read -r b0 t0 < <(cpu_ticks)
	s0=$(proc_ticks "$@")
	/usr/bin/time -f '%U %S' -o "$out.time" \
		wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" >"$out"
	read -r b1 t1 < <(cpu_ticks)
	s1=$(proc_ticks "$@")
	if grep -q -e 'Non-2xx' -e 'Socket errors' "$out"; then
		echo "warning: $name: $(grep -e 'Non-2xx' -e 'Socket errors' "$out" | tr -s ' ')" >&2
	fi
	local rps p50 p99 cpus
	rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
	p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
	p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
	cpus=$(awk -v b="$((b1 - b0))" -v t="$((t1 - t0))" -v s="$((s1 - s0))" -v n="$(nproc)" -v hz="$(getconf CLK_TCK)" \
		'NR == 1 {w = ($1 + $2) * hz; wall = t / n; printf "%.0f %.0f %.0f", 100 * s / wall, 100 * w / wall, 100 * (b - s - w) / wall}' "$out.time")
	echo "$name $rps $p50 $p99 $cpus"
}

start_nginx() {
	local nport
	nport=$(free_port)
	while [ "$nport" = "$port" ]; do nport=$(free_port); done
	mkdir -p "$tmp/nginx/www" "$tmp/nginx/temp"
	cp "$tmp/page.html" "$tmp/nginx/www/page.html"
	chmod -R a+rX "$tmp/nginx"
	local user=
	[ "$(id -u)" = 0 ] && user="user root;"
	cat >"$tmp/nginx/nginx.conf" <<EOF
$user
worker_processes auto;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 1000000;
	client_body_temp_path $tmp/nginx/temp/body;
	proxy_temp_path $tmp/nginx/temp/proxy;
	fastcgi_temp_path $tmp/nginx/temp/fastcgi;
	uwsgi_temp_path $tmp/nginx/temp/uwsgi;
	scgi_temp_path $tmp/nginx/temp/scgi;
	types { }
	default_type "text/html; charset=utf-8";
	server {
		listen 127.0.0.1:$nport;
		root $tmp/nginx/www;
		location / { try_files /page.html =404; }
	}
}
EOF
	"$NGINX" -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" &
	nginx_pid=$!
	nginx_url=http://127.0.0.1:$nport$PAGE_PATH
	for _ in $(seq 300); do
		curl -sf -o /dev/null --max-time 1 "$nginx_url" && return
		kill -0 "$nginx_pid" 2>/dev/null || { echo "nginx exited:" >&2; cat "$tmp/nginx/error.log" >&2; exit 1; }
		sleep 0.01
	done
	echo "nginx did not start" >&2
	exit 1
}

stop_nginx() {
	if [ -n "$nginx_pid" ]; then
		kill -QUIT "$nginx_pid" 2>/dev/null || true
		wait "$nginx_pid" 2>/dev/null || true
		nginx_pid=
	fi
}

# start_bare serves page.html from memory with Go's net/http, configured as
# "savivalda serve" configures it.
start_bare() {
	local bport
	bport=$(free_port)
	mkdir -p "$tmp/bare"
	cat >"$tmp/bare/main.go" <<'GO'
package main

import (
	"net/http"
	"os"
	"strconv"
	"time"
)

func main() {
	page, err := os.ReadFile(os.Args[2])
	if err != nil {
		panic(err)
	}
	length := strconv.Itoa(len(page))
	srv := &http.Server{
		Addr: os.Args[1],
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Type", "text/html; charset=utf-8")
			h.Set("Content-Length", length)
			_, _ = w.Write(page)
		}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	panic(srv.ListenAndServe())
}
GO
	(cd "$tmp/bare" && go build -o bare main.go)
	"$tmp/bare/bare" "127.0.0.1:$bport" "$tmp/page.html" 2>"$tmp/bare/log" &
	bare_pid=$!
	bare_url=http://127.0.0.1:$bport$PAGE_PATH
	for _ in $(seq 300); do
		curl -sf -o /dev/null --max-time 1 "$bare_url" && return
		kill -0 "$bare_pid" 2>/dev/null || { echo "bare server exited:" >&2; cat "$tmp/bare/log" >&2; exit 1; }
		sleep 0.01
	done
	echo "bare server did not start" >&2
	exit 1
}

stop_bare() {
	if [ -n "$bare_pid" ]; then
		kill -TERM "$bare_pid" 2>/dev/null || true
		wait "$bare_pid" 2>/dev/null || true
		bare_pid=
	fi
}

# measure LABEL [DB]: one whole measurement on a fresh database.
measure() {
	local label=$1 db=${2:-} data="$tmp/data-$1"
	echo "== Savivalda on $label"
	start_server "$data" "$db"
	local fresh_ms=$startup_ms
	sleep 1
	local idle_kb
	idle_kb=$(rss_kb "$server_pid")
	echo "start-up, fresh data folder with demo seeding: $fresh_ms ms to the first successful /healthz"
	echo "idle RSS after start (VmRSS, 1 s after /healthz, before any page): $(mb "$idle_kb")"

	local status
	status=$(curl -s -o "$tmp/page.html" -w '%{http_code}' "$base$PAGE_PATH")
	if [ "$status" != 200 ]; then
		echo "$PAGE_PATH answered $status; looking for the longest page in the site index"
		PAGE_PATH=$(longest_page)
		[ -n "$PAGE_PATH" ] || { echo "no page found" >&2; exit 1; }
		curl -sf -o "$tmp/page.html" "$base$PAGE_PATH"
	fi
	echo "page: $PAGE_PATH ($(wc -c <"$tmp/page.html") bytes of HTML, $(curl -s -o /dev/null -w '%{content_type}' "$base$PAGE_PATH"))"

	start_nginx
	echo "nginx: $nginx_url (worker_processes auto = $(nproc), access_log off)"
	if $BARE; then
		start_bare
		echo "bare net/http: $bare_url"
	fi
	echo

	local r results=() nginx_pids per_round=2
	$BARE && per_round=3
	nginx_pids="$nginx_pid $(ps -o pid= --ppid "$nginx_pid" | tr '\n' ' ')"
	echo "machine load before the runs: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
	local round attempt busiest
	for r in $(seq "$ROUNDS"); do
		for attempt in $(seq 5); do
			wait_quiet
			round=()
			# shellcheck disable=SC2086 # a list of pids
			round+=("$(run_wrk nginx "$nginx_url" $nginx_pids)")
			if $BARE; then
				round+=("$(run_wrk bare-go "$bare_url" "$bare_pid")")
			fi
			round+=("$(run_wrk savivalda "$base$PAGE_PATH" "$server_pid")")
			busiest=$(printf '%s\n' "${round[@]}" | awk '$7 > m {m = $7} END {print m + 0}')
			if [ "$MAX_REST" -le 0 ] || [ "$busiest" -le "$MAX_REST" ] || [ "$attempt" = 5 ]; then
				break
			fi
			echo "round $r: other work took ${busiest}% of a core during a run; running the round again" >&2
		done
		results+=("${round[@]}")
	done
	local after_kb hwm
	after_kb=$(rss_kb "$server_pid")
	hwm=$(hwm_kb "$server_pid")
	stop_nginx
	stop_bare

	echo "CPU in % of one core during the measured run: the server's (nginx: master and workers), wrk's, and the rest"
	printf '%-6s %-10s %10s %8s %8s %8s %6s %6s\n' round server 'req/s' 'p50 ms' 'p99 ms' 'server%' 'wrk%' 'rest%'
	local i=0 j line nrps brps srps sp99 ratio
	for r in $(seq "$ROUNDS"); do
		for j in $(seq 0 $((per_round - 1))); do
			line=${results[i + j]}
			# shellcheck disable=SC2086 # split the result line into columns
			printf '%-6s %-10s %10s %8s %8s %8s %6s %6s\n' "$r" $line
		done
		read -r _ nrps _ <<<"${results[i]}"
		read -r _ srps _ sp99 _ <<<"${results[i + per_round - 1]}"
		ratio=$(awk -v s="$srps" -v n="$nrps" 'BEGIN {printf "%.2f", s / n}')
		echo "       ratio savivalda/nginx: ${ratio}x (target >= 0.6x); savivalda p99 ${sp99} ms (target < 10 ms)"
		if $BARE; then
			read -r _ brps _ <<<"${results[i + 1]}"
			echo "       ratio bare-go/nginx: $(awk -v s="$brps" -v n="$nrps" 'BEGIN {printf "%.2f", s / n}')x;" \
				"savivalda/bare-go: $(awk -v s="$srps" -v n="$brps" 'BEGIN {printf "%.2f", s / n}')x"
		fi
		i=$((i + per_round))
	done
	echo "RSS after load: $(mb "$after_kb") (peak VmHWM $(mb "$hwm"))"

	stop_server
	start_server "$data" "$db"
	sleep 1
	echo "restart on the seeded data: $startup_ms ms to /healthz, idle RSS $(mb "$(rss_kb "$server_pid")")"
	stop_server
	echo
}

measure sqlite

if $POSTGRES; then
	command -v psql >/dev/null 2>&1 || { echo "psql is missing" >&2; exit 1; }
	pg_db=savivalda_load_$$_$RANDOM
	psql "$PGURL/postgres" -qXc "CREATE DATABASE $pg_db" >/dev/null
	measure postgres "$PGURL/$pg_db"
fi
