//! The window as a desktop app: one window per journal, with a second
//! launch handing its file to the running one, and the window's size and
//! place remembered.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{app_binary, App};
use retro_companion_tests::{maya_with_a_remote_retro, run_on, temp_journal};

/// A session bus of the test's own, as a desktop session has: the running
/// window answers on it to a second launch. Stopped when dropped.
struct SessionBus {
    daemon: Child,
    address: PathBuf,
}

impl SessionBus {
    fn start() -> SessionBus {
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon (make test installs it)");
        let mut line = String::new();
        BufReader::new(daemon.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the bus address");
        SessionBus {
            daemon,
            address: PathBuf::from(line.trim()),
        }
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

fn ok(out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Maya's sealed entry for Dev, as the file she sends him, in `dir`.
fn envelope_from_maya(dir: &Path) -> PathBuf {
    let maya = dir.join("maya.sqlite3");
    let retro = maya_with_a_remote_retro(&maya);
    let content = dir.join("maya.json");
    std::fs::write(
        &content,
        r#"{"ratings":[{"needId":1,"rating":2,"note":"Dates slip"}],"topNeedId":1,
            "unsaid":"I need dates that hold","position":"","concern":"","proxies":[],
            "cycleStage":null,"guesses":[],"offer":"","ask":"","privateNotes":""}"#,
    )
    .expect("content");
    let content = content.display().to_string();
    ok(run_on(
        &maya,
        &["write", &retro, "--content", &content, "--seal"],
    ));
    let envelope = dir.join("week-12.sealed.txt");
    let out = envelope.display().to_string();
    ok(run_on(&maya, &["envelope", "send", &retro, "--out", &out]));
    envelope
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_launch_hands_its_file_to_the_window_already_open() {
    let (dir, dev) = temp_journal();
    ok(run_on(
        &dev,
        &["init", "--name", "Dev", "--role", "engineering"],
    ));
    let envelope = envelope_from_maya(dir.path());
    let bus = SessionBus::start();
    let env = [("DBUS_SESSION_BUS_ADDRESS", bus.address.as_path())];
    let (mut app, _) = App::launch_with("desktop-second-launch", &dev, &env).await;
    app.find("main.journal").await;

    // Opening Maya's file from a terminal (or the file manager), by a
    // name relative to where it was opened: that launch ends at once, and
    // the file opens in the window already there.
    let started = Instant::now();
    let mut second = Command::new(app_binary())
        .arg("--journal")
        .arg(&dev)
        .arg(envelope.file_name().expect("name"))
        .current_dir(dir.path())
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .stderr(Stdio::piped())
        .spawn()
        .expect("second launch");
    let status = loop {
        if let Some(status) = second.try_wait().expect("wait") {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the second launch opened a window of its own instead of handing over"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(status.success(), "the second launch failed: {status}");

    let who = app.wait_for_text("partner-file", "Maya").await;
    assert!(who.contains("Week 12"), "{who}");
    // The dialog settles into its new size before it is pictured.
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.shot("file-from-a-second-launch").await;
    app.click("partner-file-accept").await;
    app.wait_for_text("partner-file", "Sealed entry received")
        .await;
    app.click("partner-file-go").await;
    app.wait_for_text("retro-heading", "Week 12").await;

    // The file is handed over once: a later launch with no file only
    // brings the window forward.
    let again = Command::new(app_binary())
        .arg("--journal")
        .arg(&dev)
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .status()
        .expect("third launch");
    assert!(again.success());
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(app.texts("partner-file").await.is_empty());
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_window_opens_where_it_was_left() {
    let (_dir, journal) = temp_journal();
    let (app, _) = App::launch("desktop-window-state", &journal).await;
    let (x, y, width, height) = app.client.get_window_rect().await.expect("rect");
    assert_eq!(
        (width, height),
        (1100, 760),
        "the first start's size ({x}, {y})"
    );
    app.client
        .set_window_rect(40, 30, 900, 600)
        .await
        .expect("move and resize");
    // Kept once the window has settled, before the app quits.
    let kept = crate::harness::config_dir(&journal).join("app.retro-companion/.window-state.json");
    let started = Instant::now();
    while !std::fs::read_to_string(&kept).is_ok_and(|s| s.contains("900")) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the new size was never saved"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let mut app = app.restart().await;
    let (x, y, width, height) = app.client.get_window_rect().await.expect("rect");
    assert_eq!((x, y, width, height), (40, 30, 900, 600));
    app.shot("remembered-size").await;
    app.quit().await;
}

/// Real key presses from the X server, as a keyboard gives them: they
/// reach the window's menu, which synthetic WebDriver keys never do.
fn xdotool(args: &[&str]) {
    let window = Command::new("xdotool")
        .args([
            "search",
            "--sync",
            "--onlyvisible",
            "--name",
            "^Retro Companion$",
        ])
        .output()
        .expect("xdotool (make test installs it)");
    let window = String::from_utf8_lossy(&window.stdout);
    let window = window.lines().next().expect("the app's window");
    let focused = Command::new("xdotool")
        .args(["windowfocus", "--sync", window])
        .status()
        .expect("focus");
    assert!(focused.success());
    let pressed = Command::new("xdotool").args(args).status().expect("keys");
    assert!(pressed.success());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_menu_and_the_keyboard_reach_every_place() {
    let (_dir, journal) = temp_journal();
    ok(run_on(
        &journal,
        &["init", "--name", "Maya", "--role", "product"],
    ));
    let (mut app, _) = App::launch("desktop-menu", &journal).await;
    app.find("main.journal").await;

    // `?` lists every shortcut, from the table the keys obey.
    app.keys("?").await;
    let listed = app.texts("shortcut").await;
    assert!(
        listed.contains(&"New retro Ctrl+N".to_owned()),
        "{listed:?}"
    );
    assert!(
        listed.contains(&"Over time Ctrl+3 or Ctrl+Shift+O".to_owned()),
        "{listed:?}"
    );
    assert!(listed.iter().any(|l| l.starts_with("Quit")), "{listed:?}");
    app.shot("shortcuts").await;
    app.click("shortcuts-close").await;

    // Each shortcut goes where it says.
    app.press_ctrl('n').await;
    app.by_testid("new-retro").await;
    app.click("new-retro-cancel").await;
    app.press_ctrl('e').await;
    app.by_testid("export").await;
    app.click("export-cancel").await;
    app.press_ctrl('f').await;
    app.wait_for_text("nav-journal", "My journal").await;
    let focused = app
        .run_async("arguments[0](document.activeElement?.dataset.testid ?? null)")
        .await;
    assert_eq!(
        focused, "search",
        "Ctrl+F puts the cursor in the search field"
    );
    app.keys("sprint").await;
    assert_eq!(
        app.find("[data-testid=search]")
            .await
            .prop("value")
            .await
            .expect("value"),
        Some("sprint".to_owned())
    );

    // The menu: Ctrl+4 pressed on the keyboard reaches the Go menu's Needs.
    xdotool(&["key", "ctrl+4"]);
    app.find("[data-testid=nav-needs][aria-current=page]").await;
    // F10 opens the menu bar; Help is the last menu, About its second item.
    xdotool(&["key", "F10", "Left", "Down", "Down", "Return"]);
    let version = app.wait_for_text("about-version", "Version").await;
    assert_eq!(version, format!("Version {}", env!("CARGO_PKG_VERSION")));
    assert_eq!(
        app.text_of("about-journal").await,
        journal.display().to_string()
    );
    let backups = journal.parent().expect("folder").join("backups");
    assert_eq!(
        app.text_of("about-backups").await,
        backups.display().to_string()
    );
    app.by_testid("about-open-journal").await;
    app.by_testid("about-open-backups").await;
    app.shot("about").await;
    app.click("about-close").await;
    app.quit().await;
}

/// The desktop entries in the session's autostart folder under `home`.
fn autostart_entries(home: &Path) -> Vec<String> {
    std::fs::read_dir(home.join(".config/autostart"))
        .map(|d| {
            d.filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn preferences_switch_the_theme_keep_backups_and_move_the_journal() {
    let (dir, journal) = temp_journal();
    ok(run_on(
        &journal,
        &["init", "--name", "Maya", "--role", "product"],
    ));
    ok(run_on(
        &journal,
        &["new", "--title", "Week 12", "--date", "2026-11-23"],
    ));
    let folder = dir.path().join("Moved here");
    std::fs::create_dir_all(&folder).expect("folder");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    let env = [
        ("RETRO_COMPANION_CHOOSE_FILE", folder.as_path()),
        ("HOME", home.as_path()),
    ];
    let (mut app, _) = App::launch_with("desktop-preferences", &journal, &env).await;
    app.wait_for_text("retro-list", "Week 12").await;

    // Started at login, the app names this journal.
    app.press_ctrl(',').await;
    app.click("preferences-reminders").await;
    app.click("reminders-at-login").await;
    until(|| !autostart_entries(&home).is_empty()).await;
    let named = |path: &Path| format!("--journal \"{}\"", path.display());
    assert!(
        autostart_entries(&home)[0].contains(&named(&journal)),
        "{:?}",
        autostart_entries(&home)
    );
    app.click("reminders-close").await;

    app.press_ctrl(',').await;
    app.by_testid("preferences").await;
    assert_eq!(
        app.text_of("preferences-journal").await,
        journal.display().to_string()
    );
    app.click("preferences-theme-dark").await;
    let theme = app
        .run_async("arguments[0](document.documentElement.dataset.theme)")
        .await;
    assert_eq!(theme, "dark");
    app.set_value("preferences-backups-kept", "400").await;
    app.by_testid("preferences-backups-error").await;
    app.set_value("preferences-backups-kept", "3").await;
    app.shot("preferences").await;

    // Moving: the journal, its settings and its backups go to the folder
    // chosen, and the window goes on with it there.
    app.click("preferences-move").await;
    let moved = folder.join("journal.sqlite3");
    app.wait_for_text("toasts", "The journal is now at").await;
    assert!(
        moved.exists() && !journal.exists(),
        "moved, and gone from where it was"
    );
    let settings = std::fs::read_to_string(folder.join("journal.settings.json")).expect("settings");
    let settings: serde_json::Value = serde_json::from_str(&settings).expect("json");
    assert_eq!(
        (settings["backupsKept"].as_u64(), settings["theme"].as_str()),
        (Some(3), Some("dark"))
    );
    assert!(!journal.with_extension("settings.json").exists());
    // Starting at login follows the journal to its new place.
    let entries = autostart_entries(&home);
    assert!(
        entries.len() == 1 && entries[0].contains(&named(&moved)),
        "{entries:?}"
    );
    app.wait_for_text("retro-list", "Week 12").await;
    app.press_ctrl(',').await;
    assert_eq!(
        app.text_of("preferences-journal").await,
        moved.display().to_string()
    );
    app.shot("moved").await;
    app.click("preferences-close").await;
    // The window writes to the journal where it is now.
    app.press_ctrl('n').await;
    app.type_into("new-retro-title", "Week 13").await;
    app.click("kind-solo").await;
    app.click("new-retro-create").await;
    app.wait_for_text("retro-list", "Week 13").await;
    let listed = ok(run_on(&moved, &["list"]));
    assert!(listed.contains("Week 13"), "{listed}");
    app.quit().await;
    assert!(!journal.exists(), "nothing writes to the old place again");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_given_at_the_start_opens_once_the_journal_is_ready() {
    let (dir, dev) = temp_journal();
    ok(run_on(
        &dev,
        &["init", "--name", "Dev", "--role", "engineering"],
    ));
    let envelope = envelope_from_maya(dir.path());
    let mut app = App::launch_on_file("desktop-file-at-start", &dev, &[], &envelope).await;
    let who = app.wait_for_text("partner-file", "Who is Maya?").await;
    assert!(who.contains("Week 12"), "{who}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.shot("file-at-start").await;
    // Taken once: it does not open again when the window comes back to the list.
    app.click("partner-file-cancel").await;
    app.press_ctrl('2').await;
    app.press_ctrl('1').await;
    app.find("main.journal").await;
    assert!(app.texts("partner-file").await.is_empty());
    app.quit().await;
}

/// The desktop's notification service on the test's session bus (dunst,
/// as a desktop session has one), and what the app asked it to show, as
/// `dbus-monitor` saw it.
struct Notifications<'a> {
    bus: &'a SessionBus,
    server: Child,
    monitor: Child,
    log: PathBuf,
}

impl<'a> Notifications<'a> {
    fn start(bus: &'a SessionBus, dir: &Path) -> Notifications<'a> {
        let log = dir.join("notifications.log");
        let monitor = Command::new("dbus-monitor")
            .arg("--address")
            .arg(&bus.address)
            .arg("interface='org.freedesktop.Notifications',member='Notify'")
            .stdout(std::fs::File::create(&log).expect("log"))
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-monitor (with dbus-daemon)");
        // No settings of the machine's, and notifications that stay until
        // clicked, as a person would find them after a while.
        let conf = dir.join("dunstrc");
        let stay = "timeout = 0\n";
        let rc = format!("[urgency_low]\n{stay}[urgency_normal]\n{stay}[urgency_critical]\n{stay}");
        std::fs::write(&conf, rc).expect("dunstrc");
        let server = Command::new("dunst")
            .arg("-conf")
            .arg(&conf)
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dunst (make test installs it)");
        let notifications = Notifications {
            bus,
            server,
            monitor,
            log,
        };
        let started = Instant::now();
        while !notifications.ctl(&["is-paused"]).status.success() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "dunst did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        notifications
    }

    fn ctl(&self, args: &[&str]) -> std::process::Output {
        Command::new("dunstctl")
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus.address)
            .output()
            .expect("dunstctl")
    }

    /// What the app asked to show, so far.
    fn seen(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Clicks the notification on screen, as a person does, once it shows.
    async fn click(&self) {
        until(|| ok(self.ctl(&["count", "displayed"])) == "1").await;
        assert_eq!(
            ok(self.ctl(&["count", "displayed"])),
            "1",
            "one notification"
        );
        ok(self.ctl(&["action", "0"]));
    }
}

impl Drop for Notifications<'_> {
    fn drop(&mut self) {
        for child in [&mut self.server, &mut self.monitor] {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Waits (20 seconds at most) until `done` holds of what the app did
/// outside the window; the caller then checks it.
async fn until(mut done: impl FnMut() -> bool) {
    let waited = Instant::now();
    while !done() && waited.elapsed() < Duration::from_secs(20) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The title and the day the new retro's dialog offers, once its partners are in.
async fn new_retro_offered(app: &App) -> (String, String) {
    app.by_testid("new-retro").await;
    let read = "arguments[0](['new-retro-title', 'retro-date'].map(id => \
                document.querySelector(`[data-testid=${id}]`).value))";
    let waited = Instant::now();
    loop {
        let offered = app.run_async(read).await;
        let [title, day] = [0, 1].map(|i| offered[i].as_str().unwrap_or_default().to_owned());
        if !title.is_empty() || waited.elapsed() > Duration::from_secs(10) {
            return (title, day);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reminder_comes_before_the_one_to_one_and_a_missed_one_shows_once() {
    let (dir, journal) = temp_journal();
    maya_with_a_remote_retro(&journal);
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    let bus = SessionBus::start();
    let notifications = Notifications::start(&bus, dir.path());
    // Berlin, on Tuesday 1 December 2026, a quarter of an hour (and a
    // little) before a 10:00 1:1: the app's clock starts there.
    let env = |clock: &'static str| {
        vec![
            ("DBUS_SESSION_BUS_ADDRESS".to_owned(), bus.address.clone()),
            ("HOME".to_owned(), home.clone()),
            ("TZ".to_owned(), PathBuf::from("Europe/Berlin")),
            ("RETRO_COMPANION_CLOCK".to_owned(), PathBuf::from(clock)),
        ]
    };
    let first = env("2026-12-01T09:44:40+01:00");
    let first: Vec<(&str, &Path)> = first
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_path()))
        .collect();
    let (mut app, _) = App::launch_with("desktop-reminders", &journal, &first).await;
    app.wait_for_text("retro-list", "Week 12").await;

    // Preferences lead to the reminders; Dev has none yet, and the app
    // does not start at login unless asked.
    app.press_ctrl(',').await;
    app.click("preferences-reminders").await;
    assert_eq!(app.text_of("reminder-Dev-schedule").await, "No reminder");
    let at_login = app.by_testid("reminders-at-login").await;
    assert!(
        !at_login.is_selected().await.expect("checked?"),
        "off by default"
    );
    app.click("reminder-Dev-edit").await;
    app.type_into("reminder-day", "2026-12-01").await;
    app.set_value("reminder-time", "10:00").await;
    app.shot("reminder-form").await;
    app.click("reminder-save").await;
    assert_eq!(
        app.wait_for_text("reminder-Dev-schedule", "Tuesdays").await,
        "Tuesdays at 10:00, every week; reminded 15 minutes before"
    );

    // Start at login: an entry in the session's autostart folder that
    // starts this app, there while asked for and gone after.
    app.click("reminders-at-login").await;
    let entries = || autostart_entries(&home);
    until(|| !entries().is_empty()).await;
    let entry = entries().pop().expect("an autostart entry");
    let binary = std::fs::canonicalize(app_binary()).expect("binary");
    let exec = format!(
        "Exec={} --journal \"{}\"",
        binary.display(),
        journal.display()
    );
    assert!(entry.contains(&exec), "{entry}");
    app.shot("reminders").await;
    app.click("reminders-at-login").await;
    until(|| entries().is_empty()).await;
    assert!(entries().is_empty(), "no longer started at login");
    app.click("reminders-close").await;

    // At 09:45 on the app's clock, the reminder: in the window, and as a
    // desktop notification that names Dev and nothing else.
    let waited = Instant::now();
    let banner = loop {
        let texts = app.texts("reminder-banner-Dev").await;
        if let Some(text) = texts.into_iter().next() {
            break text;
        }
        assert!(
            waited.elapsed() < Duration::from_secs(60),
            "no reminder came"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    assert!(
        banner.contains("Your 1:1 with Dev is at 10:00 on Tue 1 Dec 2026."),
        "{banner}"
    );
    app.shot("reminder").await;
    until(|| notifications.seen().contains("1:1 with Dev at 10:00")).await;
    let seen = notifications.seen();
    assert!(seen.contains("1:1 with Dev at 10:00"), "{seen}");
    assert!(!seen.contains("Week 12"), "nothing private: {seen}");

    // A click on the notification starts a retro with Dev.
    notifications.click().await;
    assert_eq!(
        new_retro_offered(&app).await,
        ("1:1 with Dev".to_owned(), "2026-12-01".to_owned())
    );
    app.shot("retro-from-a-reminder").await;
    app.click("new-retro-cancel").await;
    assert!(
        app.texts("reminder-banner-Dev").await.is_empty(),
        "acted on"
    );

    // A week later the laptop slept through the 1:1: the next start says
    // so, once.
    let late = env("2026-12-08T11:00:00+01:00");
    let mut app = app.restart_with(late).await;
    let missed = app
        .wait_for_text("reminder-banner-Dev", "was at 10:00 on Tue 8 Dec 2026")
        .await;
    assert!(missed.contains("could not reach you"), "{missed}");
    app.shot("missed-reminder").await;
    // The window's own button does what the notification's click does.
    app.click("reminder-start").await;
    assert_eq!(
        new_retro_offered(&app).await,
        ("1:1 with Dev".to_owned(), "2026-12-08".to_owned()),
        "a retro of that 1:1, on its day"
    );
    app.click("new-retro-cancel").await;
    let mut app = app.restart_with(env("2026-12-08T11:05:00+01:00")).await;
    app.wait_for_text("retro-list", "Week 12").await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(
        app.texts("reminder-banner-Dev").await.is_empty(),
        "a missed reminder shows once"
    );
    app.shot("no-reminder-twice").await;

    // Taking the reminder off says so in a message in the top layer, above
    // the dialog, not dimmed under its backdrop.
    app.press_ctrl(',').await;
    app.click("preferences-reminders").await;
    app.click("reminder-Dev-remove").await;
    app.wait_for_text("reminder-Dev-schedule", "No reminder")
        .await;
    let said = app.wait_for_text("toast-info", "No more reminders").await;
    assert!(
        said.starts_with("No more reminders before your 1:1 with Dev."),
        "{said}"
    );
    let above = app
        .run_async(
            "const done = arguments[arguments.length - 1];
             const layer = document.querySelector('[data-testid=toasts]');
             const dialog = document.querySelector('dialog[open]');
             done([layer.matches(':popover-open'), dialog.matches(':modal'),
                   layer.getBoundingClientRect().height < innerHeight / 2]);",
        )
        .await;
    assert_eq!(
        above,
        serde_json::json!([true, true, true]),
        "in the top layer, beside an open dialog, as tall as its message"
    );
    app.shot("reminder-removed").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn daily_backups_go_to_the_folder_chosen_in_preferences() {
    let (dir, journal) = temp_journal();
    ok(run_on(
        &journal,
        &["init", "--name", "Maya", "--role", "product"],
    ));
    let chosen = dir.path().join("Backups on the other disk");
    let env = [("RETRO_COMPANION_CHOOSE_FILE", chosen.as_path())];
    let (mut app, _) = App::launch_with("desktop-backups-folder", &journal, &env).await;
    app.find("main.journal").await;
    app.press_ctrl(',').await;
    let beside = dir.path().join("backups");
    assert_eq!(
        app.text_of("preferences-backups-folder").await,
        beside.display().to_string()
    );
    app.click("preferences-backups-choose").await;
    app.wait_for_text("preferences-backups-folder", "other disk")
        .await;
    // The dialog settles into its new size before it is pictured.
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.shot("backups-folder").await;
    // The dialog is taller than the window: only its content scrolled to the
    // button, and its title and Done stay in view.
    let held = app
        .run_async(
            "const done = arguments[arguments.length - 1];
             const dialog = document.querySelector('[data-testid=preferences]');
             const scrolled = [dialog, ...dialog.querySelectorAll('*')].some((e) => e.scrollTop > 0);
             const box = dialog.getBoundingClientRect();
             const title = document.getElementById('preferences-title').getBoundingClientRect();
             const button = dialog.querySelector('[data-testid=preferences-close]').getBoundingClientRect();
             done([scrolled, title.top >= box.top, button.bottom <= box.bottom]);",
        )
        .await;
    assert_eq!(
        held,
        serde_json::json!([true, true, true]),
        "scrolled, title, Done"
    );
    // A preference the window saves afterwards keeps the folder.
    app.click("preferences-theme-dark").await;
    app.click("preferences-close").await;

    // The next start's daily backup goes there.
    let app = app.restart().await;
    app.find("main.journal").await;
    // A backup is written beside its final name (`.partial`) and renamed.
    let taken = || {
        std::fs::read_dir(&chosen)
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|f| f.file_name().to_string_lossy().ends_with(".sqlite3"))
                    .count()
            })
            .unwrap_or(0)
    };
    until(|| taken() > 0).await;
    assert_eq!(taken(), 1, "today's backup, in the folder chosen");

    // Back beside the journal.
    app.press_ctrl(',').await;
    app.click("preferences-backups-beside").await;
    app.wait_for_text("preferences-backups-folder", &beside.display().to_string())
        .await;
    app.quit().await;
}
