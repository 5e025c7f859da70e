# The two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
.DEFAULT_GOAL := help

CARGO ?= cargo
UI := ui
APT_PACKAGES := libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev build-essential libssl-dev pkg-config curl file fonts-noto-color-emoji
TEST_PACKAGES := xvfb xdotool webkit2gtk-driver sqlite3 dbus-daemon desktop-file-utils dunst
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BINDINGS := $(UI)/src/lib/bindings

.PHONY: icons help run test bench package package-test floor system-deps test-deps ui-deps ui bindings-check fmt-check lint core-check ui-check ui-test build-debug e2e cargo-test

help:
	@echo "make run    install what is missing, build a release app and open it"
	@echo "make test   install what is missing and run every check"
	@echo "make bench  measure the journal's speed (README has the numbers)"
	@echo "make package  build the .deb (target/release/bundle/deb)"

## ---- the two commands --------------------------------------------------

run: system-deps ui
	$(CARGO) build --release -p retro-companion -p retro-cli
	./target/release/retro-companion

test: system-deps test-deps ui fmt-check lint core-check ui-check ui-test bindings-check cargo-test package-test
	@echo "All checks passed."

## ---- installing what is missing ---------------------------------------

# Installs the Debian/Ubuntu packages the app builds against, once.
system-deps:
	@command -v $(CARGO) >/dev/null || { echo "Rust is missing: install it from rustup (https://rustup.rs), then run make again."; exit 1; }
	@command -v npm >/dev/null || { echo "Node.js 20.19 or newer with npm is missing: install it, then run make again."; exit 1; }
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
		|| { echo "Node.js $$(node --version) is too old: the UI build needs 20.19 or newer."; exit 1; }
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if command -v apt-get >/dev/null; then \
			echo "Installing: $$missing"; \
			$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
		else \
			echo "Install these packages (or your system's equivalents), then run make again: $$missing"; exit 1; \
		fi; \
	fi

# What the e2e suite drives the window with: Xvfb, WebKitWebDriver, tauri-driver.
test-deps:
	@missing=$$(for p in $(TEST_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing: $$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@command -v tauri-driver >/dev/null || $(CARGO) install tauri-driver --version '^2' --locked

ui-deps: $(UI)/node_modules/.package-lock.json

$(UI)/node_modules/.package-lock.json: $(UI)/package.json $(UI)/package-lock.json
	cd $(UI) && npm ci --no-audit --no-fund

## ---- building ----------------------------------------------------------

ui: ui-deps
	cd $(UI) && npm run --silent build

build-debug: ui
	$(CARGO) build -p retro-companion -p retro-cli

# The .deb, built offline by the Tauri bundler: the window, the command
# line beside it, the launcher entry, the icons and the type of a partner's
# files. The bundler compresses with gzip; it is packed again with xz, as
# Debian's own packages are, which makes it about a third smaller. Prints
# its path.
DEB_DIR := target/release/bundle/deb
package: system-deps ui
	$(CARGO) build --release -p retro-cli
	rm -rf $(DEB_DIR)
	cd src-tauri && ../$(UI)/node_modules/.bin/tauri build --ci --bundles deb
	cd $(DEB_DIR) && dpkg-deb -R ./*.deb root && rm ./*.deb \
		&& dpkg-deb --root-owner-group -Zxz -b root . >/dev/null && rm -rf root
	@ls -1 $(CURDIR)/$(DEB_DIR)/*.deb

## ---- checks ------------------------------------------------------------

fmt-check:
	$(CARGO) fmt --all --check

lint: ui
	$(CARGO) clippy --workspace --all-targets -- -D warnings

# The core and the command line stand without the window: nothing of tauri,
# WebKit or GTK may enter their dependency trees.
core-check:
	@if $(CARGO) tree -p retro-core -p retro-cli -e normal --prefix none \
		| grep -E '^(tauri|tauri-[a-z-]+|wry|webkit2gtk[a-z0-9-]*|gtk[a-z0-9-]*|gdk[a-z0-9-]*) v'; then \
		echo "retro-core or retro-cli depends on the window's libraries (above)."; exit 1; \
	fi

ui-check: ui-deps
	cd $(UI) && npm run --silent check

ui-test: ui-deps
	cd $(UI) && npm run --silent test

# Regenerates the TypeScript bindings from the Rust types and fails if that
# changed anything: the committed bindings must match the code.
bindings-check: ui
	$(CARGO) test -q -p retro-core -p retro-companion export_bindings >/dev/null
	@if [ -n "$$(git status --porcelain -- $(BINDINGS))" ]; then \
		echo "The TypeScript bindings in $(BINDINGS) are stale: commit the regenerated files."; \
		git status --short -- $(BINDINGS); exit 1; \
	fi

# Every cargo test, the e2e suite included, under a virtual X display.
cargo-test: build-debug test-deps
	xvfb-run -a --server-args="-screen 0 1280x1024x24" \
		timeout 1200 $(CARGO) test --workspace -- --test-threads=1

# Installs the package on this machine, checks its launcher entry and
# icons, starts the installed app until its window shows, removes it, and
# checks that the journal and its backups are still there. The package is
# built without link-time optimisation here, which takes half the time; it
# is only larger that way, so its size is an upper bound of the real one's,
# and it is removed afterwards.
package-test: export CARGO_PROFILE_RELEASE_LTO = off
package-test: export CARGO_PROFILE_RELEASE_CODEGEN_UNITS = 16
package-test: export CARGO_PROFILE_RELEASE_OPT_LEVEL = 1
package-test: package test-deps
	xvfb-run -a --server-args="-screen 0 1280x1024x24" bash tests/package.sh
	@# Not a package to hand out: make package builds that one.
	rm -rf $(DEB_DIR)

# Regenerates every icon size from the one source image, icons/icon.svg.
icons: ui-deps
	cd $(UI) && npx tauri icon ../icons/icon.svg -o ../icons
	cd $(UI) && npx tauri icon ../icons/icon.svg -o ../icons -p 16,24,48,256
	rm -rf icons/android icons/ios

# Speed, measured: journal operations on ten years of weekly paired retros,
# on the same with eight partners and on a 100,000-retro stress journal; the
# whole-range Markdown export beside jrnl's (installed with pip when it can
# be); in the real window, the time from a keystroke to the text being on
# disk, from a click on "Over time" to its charts painted, and each command's
# p95 on the eight-partner journal, all in the release app people run.
bench: build-debug test-deps
	command -v jrnl >/dev/null || pip3 install --quiet jrnl || echo "jrnl could not be installed: no comparison"
	$(CARGO) build --release -p retro-companion -p retro-cli
	BENCH_KEEP=$(BENCH_JOURNALS) $(CARGO) bench -p retro-companion-tests --bench journal
	RETRO_COMPANION_BIN=$(CURDIR)/target/release/retro-companion-window \
		xvfb-run -a --server-args="-screen 0 1280x1024x24" \
		$(CARGO) test -p retro-companion-tests --test e2e bench_ -- --ignored --nocapture --test-threads=1
	$(MAKE) --no-print-directory floor

# The window beside an empty Tauri app on the same stack (built once, beside
# the project, when it is there): launch to a visible window, memory (PSS of
# every process) and binary size, alternating in one run, on a new journal
# and on the ten years of weekly retros the bench kept; and the start to the
# journal's first list painted, beside the floor's window.
FLOOR_APP ?= ../shared/floor-app
FLOOR_RATIO ?= ../shared/bench/floor-ratio
BENCH_JOURNALS := $(CURDIR)/target/bench-journals
floor: test-deps
	@if [ ! -d $(FLOOR_APP) ]; then echo "No floor app at $(FLOOR_APP): set FLOOR_APP to measure against it."; exit 0; fi; \
	set -e; \
	if [ ! -x $(FLOOR_APP)/target/release/spike ]; then \
		(cd $(FLOOR_APP)/ui && npm install --legacy-peer-deps --no-audit --no-fund && npx vite build); \
		(cd $(FLOOR_APP) && $(CARGO) build --release); \
	fi; \
	$(CARGO) build --release -p retro-companion; \
	echo "Floor, new journal:"; \
	$(FLOOR_RATIO) target/release/retro-companion-window $(FLOOR_APP)/target/release/spike 5; \
	if [ -f $(BENCH_JOURNALS)/ten-years.sqlite3 ]; then \
		echo "Floor, ten years of weekly retros:"; \
		JOURNAL_FROM=$(BENCH_JOURNALS)/ten-years.sqlite3 $(FLOOR_RATIO) \
			target/release/retro-companion-window $(FLOOR_APP)/target/release/spike 5; \
		echo "Start to a usable journal screen (its first list painted), ten years:"; \
		bash tests/bench/start.sh target/release/retro-companion-window \
			$(FLOOR_APP)/target/release/spike $(BENCH_JOURNALS)/ten-years.sqlite3 5; \
	fi
