#!/usr/bin/env bash
# The package as a person gets it: installed with apt, found in the
# launcher with its icons, started from there until its window shows, then
# removed, leaving the journal and its backups where they were.
#
# Run by `make package-test` (part of `make test`) under xvfb-run, as root
# or with sudo. It works in a home of its own, so no real journal is touched.
set -euo pipefail

SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
deb=$(ls -1t target/release/bundle/deb/*.deb | head -1)
home=$(mktemp -d)
app_pid=
cleanup() {
	[ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
	rm -rf "$home"
}
trap cleanup EXIT
fail() {
	echo "package test: $*" >&2
	exit 1
}

size=$(stat -c %s "$deb")
echo "package: $deb ($((size / 1024)) KiB)"
[ "$size" -le $((8 * 1024 * 1024)) ] || fail "the package is larger than 8 MiB"

# It says what it needs at run time.
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libwebkit2gtk-4.1-0 libgtk-3-0; do
	grep -q "$lib" <<<"$depends" || fail "Depends does not name $lib: $depends"
done
dpkg-deb -f "$deb" Recommends | grep -q fonts-noto-color-emoji || fail "the emoji font is not recommended"

DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$(realpath "$deb")" >/dev/null

# The launcher entry, its icons, and the type of a partner's files.
entry=$(dpkg -L retro-companion | grep '^/usr/share/applications/.*\.desktop$')
desktop-file-validate "$entry" || fail "$entry is not a valid desktop entry"
exec_line=$(grep '^Exec=' "$entry")
[ "$exec_line" = "Exec=retro-companion-window %f" ] || fail "unexpected $exec_line"
icon=$(sed -n 's/^Icon=//p' "$entry")
for size in 16x16 24x24 32x32 48x48 64x64 128x128 256x256 512x512; do
	[ -f "/usr/share/icons/hicolor/$size/apps/$icon.png" ] || fail "no $size icon"
done
grep -q 'sealed.txt' /usr/share/mime/globs2 || fail "a partner's sealed file is not a known type"
command -v retro-companion >/dev/null || fail "the command line is not on the PATH"

# A journal in this test's own home.
export HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config"
retro-companion init --name Maya --role product >/dev/null 2>&1
journal=$(retro-companion path)
backups=$(dirname "$journal")/backups

# Started as the launcher starts it, until its window shows.
retro-companion-window &
app_pid=$!
xdotool search --sync --onlyvisible --name '^Retro Companion$' >/dev/null &
search=$!
for _ in $(seq 1 300); do
	kill -0 "$search" 2>/dev/null || break
	kill -0 "$app_pid" 2>/dev/null || fail "the installed app exited before its window showed"
	sleep 0.1
done
kill -0 "$search" 2>/dev/null && { kill "$search"; fail "no window within 30 s"; }
echo "package: the installed app's window showed"
# A few seconds after it starts, the app takes today's backup.
for _ in $(seq 1 300); do
	compgen -G "$backups/daily-*.sqlite3" >/dev/null && break
	sleep 0.1
done
compgen -G "$backups/daily-*.sqlite3" >/dev/null || fail "the app took no backup in $backups"
kill "$app_pid"
wait "$app_pid" 2>/dev/null || true
app_pid=

DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -qq retro-companion >/dev/null
! command -v retro-companion-window >/dev/null || fail "the app is still installed"
[ -f "$journal" ] || fail "removing the package removed the journal"
[ -n "$(ls -A "$backups")" ] || fail "removing the package removed the backups"
[ "$(sqlite3 "$journal" 'PRAGMA integrity_check')" = ok ] || fail "the journal is damaged"
echo "package: installed, started and removed; the journal and its backups are still there"
