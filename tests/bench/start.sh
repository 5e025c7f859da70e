#!/usr/bin/env bash
# start.sh APP FLOOR JOURNAL [RUNS]: the time from starting the app on a copy
# of JOURNAL to its first list painted (a usable journal screen), beside the
# time the empty Tauri app FLOOR takes to show its window, alternating, each
# under its own Xvfb, RUNS times (5). Prints the medians and their ratio.
#
# The app says when its first list is on screen (RETRO_COMPANION_REPORT_START);
# the floor's window is found with xdotool, polled every 10 ms. Both are timed
# from the moment just before the program starts.
set -u
app=$1 floor=$2 journal=$3 runs=${4:-5}

now_ns() { date +%s%N; }

# Runs one program under a private Xvfb, in a fresh home, and prints the
# milliseconds until `ready` (a command, polled) succeeds; "-" if never.
timed() {
	local ready=$1
	shift
	local tmp disp xpid pid start ms=-
	tmp=$(mktemp -d)
	mkdir -p "$tmp/home"
	disp=$((100 + RANDOM % 400))
	Xvfb ":$disp" -screen 0 1280x800x24 >/dev/null 2>&1 &
	xpid=$!
	sleep 1
	cp "$journal" "$tmp/journal.sqlite3"
	start=$(now_ns)
	DISPLAY=":$disp" HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
		XDG_CACHE_HOME="$tmp/cache" RETRO_COMPANION_REPORT_START=1 \
		"$@" --journal "$tmp/journal.sqlite3" >"$tmp/log" 2>&1 &
	pid=$!
	for _ in $(seq 1 3000); do
		if at=$(DISPLAY=":$disp" "$ready" "$tmp/log"); then
			ms=$(((at - start) / 1000000))
			break
		fi
		sleep 0.01
	done
	kill "$pid" 2>/dev/null
	sleep 0.5
	kill -9 "$pid" 2>/dev/null
	kill "$xpid" 2>/dev/null
	rm -rf "$tmp" 2>/dev/null
	echo "$ms"
}

# The app's own word for when its first list was painted, read with bash
# alone: a poll that starts programs would slow the start it times.
painted() {
	local lines line
	mapfile -t lines <"$1"
	for line in "${lines[@]}"; do
		[[ $line == "retro-companion: first screen painted at "* ]] && echo "${line##* }" && return 0
	done
	return 1
}
# The floor shows a window titled Spike (found as floor-ratio finds it).
floor_window() { xdotool search --onlyvisible --name Spike >/dev/null 2>&1 && now_ns; }

declare -a a f
for _ in $(seq 1 "$runs"); do
	a+=("$(timed painted "$app")")
	f+=("$(timed floor_window "$floor")")
done
med() { printf '%s\n' "$@" | grep -v '^-$' | sort -n | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }
A=$(med "${a[@]}") F=$(med "${f[@]}")
echo "first list painted ms: ${a[*]} | floor window ms: ${f[*]}"
awk -v a="$A" -v f="$F" 'BEGIN{printf "usable journal screen %d ms vs the floor'\''s window %d ms (%.2fx)\n", a, f, a/f}'
