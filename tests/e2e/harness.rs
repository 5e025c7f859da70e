//! Drives the real app binary in a real window: tauri-driver starts
//! WebKitWebDriver, which starts the app; fantoccini speaks WebDriver to it.
//!
//! Needs an X display (the Makefile runs this suite under `xvfb-run`), and
//! `tauri-driver` and `WebKitWebDriver` on the PATH (`make test` installs them).

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use retro_companion_tests::target_dir;
use serde_json::json;

const WAIT: Duration = Duration::from_secs(20);

/// The debug window binary, built by `make build-debug` (the Makefile does
/// this before the suite runs). `RETRO_COMPANION_BIN` points the suite at
/// another build, such as the release binary.
pub fn app_binary() -> PathBuf {
    let bin = std::env::var_os("RETRO_COMPANION_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug/retro-companion-window"));
    assert!(
        bin.exists(),
        "{} is missing: run `make build-debug` (or `make test`) first",
        bin.display()
    );
    bin
}

/// Where the app launched on `journal` keeps its configuration.
pub fn config_dir(journal: &Path) -> PathBuf {
    journal.parent().unwrap_or(Path::new(".")).join("config")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

/// One running app window on one journal. Dropping it closes the window.
pub struct App {
    pub client: Client,
    driver: Child,
    journal: PathBuf,
    shots: PathBuf,
    test: String,
    step: u32,
    /// Extra environment for the app, kept for restarts.
    env: Vec<(String, PathBuf)>,
}

impl App {
    /// Starts the app on `journal`, waits for the first screen, and returns
    /// how long that took (launch to a usable screen).
    pub async fn launch(test: &str, journal: &Path) -> (App, Duration) {
        Self::launch_with(test, journal, &[]).await
    }

    /// Like [`App::launch`], with extra environment variables for the app.
    pub async fn launch_with(test: &str, journal: &Path, env: &[(&str, &Path)]) -> (App, Duration) {
        Self::launch_full(test, journal, env, None).await
    }

    /// Like [`App::launch_with`], opening `file` as a file from the partner,
    /// as the file manager does.
    pub async fn launch_on_file(
        test: &str,
        journal: &Path,
        env: &[(&str, &Path)],
        file: &Path,
    ) -> App {
        Self::launch_full(test, journal, env, Some(file)).await.0
    }

    async fn launch_full(
        test: &str,
        journal: &Path,
        env: &[(&str, &Path)],
        file: Option<&Path>,
    ) -> (App, Duration) {
        let port = free_port();
        let native_port = free_port();
        let driver = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            // The app's own configuration (the window's size and place)
            // stays with each test's journal.
            .env("XDG_CONFIG_HOME", config_dir(journal))
            .envs(env.iter().map(|(k, v)| (*k, v.as_os_str())))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so stopping it stops WebKitWebDriver too.
            .process_group(0)
            .spawn()
            .expect("tauri-driver must be installed (make test installs it)");

        let mut args = vec![Path::new("--journal"), journal];
        args.extend(file);
        let caps = json!({
            "browserName": "wry",
            "tauri:options": {
                "application": app_binary(),
                "args": args,
            }
        });
        let caps = caps.as_object().expect("object").clone();
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            // Plain HTTP to loopback: no TLS stack to build or trust.
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(_) if started.elapsed() < WAIT => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("could not start the app through tauri-driver: {e}"),
            }
        };
        let shots = target_dir().join("e2e-screenshots");
        std::fs::create_dir_all(&shots).expect("screenshot dir");
        let app = App {
            client,
            driver,
            journal: journal.to_owned(),
            shots,
            test: test.to_owned(),
            step: 0,
            env: env
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.to_path_buf()))
                .collect(),
        };
        // The first screen is whichever of these appears: it depends on the journal.
        app.wait_any(&[
            "[data-testid=onboarding]",
            "main.journal",
            "main.retro",
            "[data-testid=handover]",
            "[data-testid=problem]",
        ])
        .await;
        let elapsed = started.elapsed();
        (app, elapsed)
    }

    async fn wait_any(&self, selectors: &[&str]) -> Element {
        let css = selectors.join(", ");
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(&css))
            .await
            .unwrap_or_else(|e| panic!("none of {css} appeared: {e}"))
    }

    /// Waits for an element and returns it.
    pub async fn find(&self, css: &str) -> Element {
        self.wait_any(&[css]).await
    }

    /// Waits for `data-testid=id` and scrolls it to the middle of the
    /// window, clear of the sticky header and save bar.
    pub async fn by_testid(&self, id: &str) -> Element {
        let el = self.find(&format!("[data-testid='{id}']")).await;
        let arg = serde_json::to_value(&el).expect("element");
        self.client
            .execute("arguments[0].scrollIntoView({block: 'center'})", vec![arg])
            .await
            .expect("scroll");
        el
    }

    /// Clicks `data-testid=id` like a person: if something still covers it
    /// (a dialog that is closing), tries again until it can be clicked.
    pub async fn click(&self, id: &str) {
        let started = Instant::now();
        loop {
            match self.by_testid(id).await.click().await {
                Ok(()) => return,
                Err(e) if started.elapsed() < WAIT => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("click {id}: {e}"),
            }
        }
    }

    /// Types into a field like a person: clear it, then send the keys.
    pub async fn type_into(&self, id: &str, text: &str) {
        let field = self.by_testid(id).await;
        field.clear().await.expect("clear field");
        field
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into {id}: {e}"));
    }

    /// Sets a field's value the way the browser does when a person picks it
    /// (used for date fields, whose typing order depends on the locale).
    pub async fn set_value(&self, id: &str, value: &str) {
        let el = self.by_testid(id).await;
        let arg = serde_json::to_value(&el).expect("element");
        self.client
            .execute(
                "arguments[0].value = arguments[1];
                 arguments[0].dispatchEvent(new Event('input', { bubbles: true }));",
                vec![arg, json!(value)],
            )
            .await
            .unwrap_or_else(|e| panic!("set {id}: {e}"));
    }

    /// Presses one key in whatever has the focus.
    pub async fn press(&self, key: fantoccini::key::Key) {
        let focused = self.client.active_element().await.expect("focused element");
        focused
            .send_keys(&char::from(key).to_string())
            .await
            .expect("key");
    }

    /// Types `text` key by key into whatever has the focus, as a keyboard
    /// does (a date field takes its digits field by field this way).
    pub async fn keys(&self, text: &str) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut typing = KeyActions::new("keyboard".into());
        for c in text.chars() {
            typing = typing
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        self.client
            .perform_actions(typing)
            .await
            .unwrap_or_else(|e| panic!("type {text}: {e}"));
    }

    /// Presses a key with Control held, in whatever has the focus (even
    /// when the element that had it has just gone, with a closed dialog).
    pub async fn press_ctrl(&self, key: char) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let control = char::from(fantoccini::key::Key::Control);
        let chord = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: control })
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key })
            .then(KeyAction::Up { value: control });
        self.client
            .perform_actions(chord)
            .await
            .unwrap_or_else(|e| panic!("Ctrl+{key}: {e}"));
    }

    /// Presses Tab until the focused element's `data-testid` starts with
    /// `prefix`, as a keyboard user moves through the window.
    pub async fn tab_to(&self, prefix: &str) {
        for _ in 0..20 {
            self.press(fantoccini::key::Key::Tab).await;
            let focused = self.client.active_element().await.expect("focused element");
            let id = focused.attr("data-testid").await.expect("attribute");
            if id.is_some_and(|id| id.starts_with(prefix)) {
                return;
            }
        }
        panic!("Tab never reached {prefix}");
    }

    /// Scrolls back to the top of the page, and lets it paint.
    pub async fn scroll_top(&self) {
        self.client
            .execute("window.scrollTo(0, 0)", vec![])
            .await
            .expect("scroll");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    /// Picks the option with `value` in the select `data-testid=id`, as a click would.
    pub async fn select(&self, id: &str, value: &str) {
        self.by_testid(id).await;
        let css = format!("[data-testid='{id}'] option[value='{value}']");
        self.find(&css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("select {css}: {e}"));
    }

    /// Runs `script` in the page (as an attacker with a console would) and
    /// returns what it resolves to. The last argument is the callback.
    pub async fn run_async(&self, script: &str) -> serde_json::Value {
        self.client
            .execute_async(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}"))
    }

    /// Kills the app with SIGKILL, as a crash or a power cut would, then
    /// starts it again on the same journal.
    pub async fn crash_and_restart(mut self) -> App {
        let pattern = format!(
            "retro-companion-window --journal {}",
            self.journal.display()
        );
        let killed = Command::new("pkill")
            .args(["-KILL", "-f", &pattern])
            .status()
            .expect("pkill");
        assert!(killed.success(), "the app process was not found");
        // WebKit's helper processes notice their app is gone a moment later;
        // a new app started before that can find the webview's data still busy.
        while Command::new("pgrep")
            .args(["-f", &pattern])
            .status()
            .is_ok_and(|s| s.success())
        {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
        self.stop_driver();
        self.relaunch().await
    }

    /// Starts the app again on the same journal and environment; screenshots keep counting.
    async fn relaunch(&self) -> App {
        let env: Vec<(&str, &Path)> = self
            .env
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_path()))
            .collect();
        let (mut app, _) = App::launch_with(&self.test, &self.journal, &env).await;
        app.step = self.step;
        app
    }

    /// Waits until the element's visible text contains `needle`, and returns the text.
    pub async fn wait_for_text(&self, id: &str, needle: &str) -> String {
        let started = Instant::now();
        loop {
            let text = match self
                .client
                .find(Locator::Css(&format!("[data-testid='{id}']")))
                .await
            {
                Ok(el) => el.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains(needle) {
                return text;
            }
            assert!(
                started.elapsed() < WAIT,
                "{id} never showed {needle:?}; it shows {text:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The visible text of `data-testid=id`, once it is there.
    pub async fn text_of(&self, id: &str) -> String {
        self.find(&format!("[data-testid='{id}']"))
            .await
            .text()
            .await
            .unwrap_or_else(|e| panic!("text of {id}: {e}"))
    }

    /// Texts of every element matching `data-testid=id`, in page order.
    pub async fn texts(&self, id: &str) -> Vec<String> {
        let els = self
            .client
            .find_all(Locator::Css(&format!("[data-testid='{id}']")))
            .await
            .expect("find_all");
        let mut out = Vec::new();
        for el in els {
            out.push(el.text().await.expect("text"));
        }
        out
    }

    /// Saves a screenshot as `target/e2e-screenshots/<test>-<nn>-<name>.png`.
    ///
    /// The window draws without compositing, and there WebKit takes a
    /// screenshot on the page's next drawing: a still page (no caret, no
    /// animation) would never give one. So the page draws an invisible
    /// change a few times while the screenshot is taken.
    pub async fn shot(&mut self, name: &str) -> PathBuf {
        self.step += 1;
        self.client
            .execute(
                "const root = document.documentElement;
                 let n = 0;
                 const redraw = setInterval(() => {
                     root.style.outline = `${1 + (n % 2)}px solid transparent`;
                     if (++n > 40) { clearInterval(redraw); root.style.outline = ''; }
                 }, 50);",
                vec![],
            )
            .await
            .expect("redraw");
        let png = self.client.screenshot().await.expect("screenshot");
        let path = self
            .shots
            .join(format!("{}-{:02}-{name}.png", self.test, self.step));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    /// Quits and starts the app again on the same journal, as a person would
    /// after closing the window. Screenshots keep counting.
    pub async fn restart(self) -> App {
        let env = self.env.clone();
        self.restart_with(env).await
    }

    /// Like [`App::restart`], with other extra environment for the app.
    pub async fn restart_with(mut self, env: Vec<(String, PathBuf)>) -> App {
        let client = self.client.clone();
        client.close().await.expect("close session");
        self.stop_driver();
        self.env = env;
        self.relaunch().await
    }

    /// Closes the window (the app exits) and stops the driver.
    pub async fn quit(mut self) {
        let client = self.client.clone();
        client.close().await.expect("close session");
        self.stop_driver();
    }

    /// Stops tauri-driver and everything it started (WebKitWebDriver, and
    /// the app if it is still running).
    fn stop_driver(&mut self) {
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.driver.wait();
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.stop_driver();
    }
}
