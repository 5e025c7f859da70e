//! The desktop window: the only module that knows about Tauri.
//!
//! Commands here are one delegating call each; the rules live in `journal`.

mod commands;
mod error;
mod files;
mod reminders;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

pub use error::ApiError;
use retro_core::journal::{
    self, BackupFile, ErrorCode, Journal, JournalError, Person, Progress, Result, Turn,
};
use serde::Serialize;
use ts_rs::TS;

/// What the window shares between commands: the open journal, or the reason
/// it could not be opened, so the UI can say so instead of failing blind.
pub struct AppState {
    open: Mutex<Open>,
    /// The journal was named on the command line, so starting at login
    /// names it too; the default journal is found again wherever it went.
    named: bool,
    /// This program, as it was when it started: an upgrade while it runs
    /// replaces the file, and the entry that starts it at login must name
    /// the new one, not "(deleted)".
    program: Option<PathBuf>,
    /// A file given to the app to open (on its command line, or by a second
    /// launch), until the window takes it.
    opened: Mutex<Option<PathBuf>>,
}

/// Where the journal is, and the journal once opened there: by the first
/// command that needs it, so a second launch that only hands its file over
/// to the running window never touches the journal.
struct Open {
    path: PathBuf,
    journal: Option<std::result::Result<Journal, ApiError>>,
}

impl Open {
    fn journal(&mut self) -> &mut std::result::Result<Journal, ApiError> {
        self.journal.get_or_insert_with(|| {
            let mut journal = Journal::open(&self.path)?;
            if let Some(clock) = clock_from_env() {
                journal.set_clock(clock);
            }
            Ok(journal)
        })
    }
}

/// With `RETRO_COMPANION_CLOCK` set to an instant (RFC 3339), the journal's
/// clock starts there and runs on at the usual pace, so a reminder can be
/// seen coming without waiting for the day of the week it is due.
fn clock_from_env() -> Option<journal::Clock> {
    let start = std::env::var("RETRO_COMPANION_CLOCK").ok()?;
    let start = chrono::DateTime::parse_from_rfc3339(&start)
        .map_err(|e| eprintln!("retro-companion: RETRO_COMPANION_CLOCK is not an instant: {e}"))
        .ok()?
        .with_timezone(&chrono::Utc);
    let started = std::time::Instant::now();
    Some(Box::new(move || {
        start + chrono::Duration::from_std(started.elapsed()).unwrap_or_default()
    }))
}

/// How far long work has come (an import, an export, a backup, a
/// restore), sent to the window as it goes: `done` of `total`, in the
/// work's own unit.
#[derive(Debug, Clone, Copy, Serialize, TS)]
#[ts(export)]
pub struct WorkProgress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// Whether the window asked the long work under way to stop. Apart from
/// the journal's lock, so asking never waits for the work it stops.
#[derive(Default)]
pub struct Stop(AtomicBool);

impl Stop {
    pub fn ask(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// Runs long work on the journal off the command threads, telling the
/// window how far it has come about a hundred times in all, and stopping
/// it (with [`JournalError::Cancelled`]) when the window asks.
pub async fn long_work<T: Send + 'static>(
    app: &tauri::AppHandle,
    told: tauri::ipc::Channel<WorkProgress>,
    work: impl FnOnce(&mut Journal, &mut Progress) -> Result<T> + Send + 'static,
) -> std::result::Result<T, ApiError> {
    use tauri::Manager;
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let stop = app.state::<Stop>();
        stop.0.store(false, Ordering::SeqCst);
        let mut shown = None;
        let mut progress = |done: u64, total: u64| {
            if stop.0.load(Ordering::SeqCst) {
                return Err(JournalError::Cancelled);
            }
            let step = (done * 100).checked_div(total);
            if step != shown {
                shown = step;
                // A window that went away no longer needs to know.
                let _ = told.send(WorkProgress { done, total });
            }
            Ok(())
        };
        app.state::<AppState>().with(|j| work(j, &mut progress))
    })
    .await
    .map_err(|e| {
        ApiError::from(JournalError::Invalid(format!(
            "The work stopped unexpectedly: {e}."
        )))
    })?
}

/// Everything the window needs to choose its first screen.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct JournalStatus {
    pub journal_path: String,
    /// Where the automatic backups go.
    pub backups_path: String,
    /// The backups go to a folder the person chose, not beside the journal.
    pub backups_chosen: bool,
    pub settings_path: String,
    pub version: String,
    /// Why the journal could not be opened; the window shows only this.
    pub problem: Option<ApiError>,
    /// When the journal file is damaged: the newest healthy backup beside
    /// it, which the window offers to restore.
    pub backup: Option<BackupFile>,
    /// `None` until onboarding is done.
    pub me: Option<Person>,
    /// The retro being written in turns, if a partner has (or is about to
    /// take) the keyboard: the window opens on it and nothing else.
    pub turn: Option<Turn>,
}

/// How long after the start today's backup waits.
const DAILY_BACKUP_AFTER: std::time::Duration = std::time::Duration::from_secs(5);

/// Takes today's backup of the journal a little after the start, keeping
/// as many daily backups as the preferences say. Beside the window, and
/// once it is up: a large journal takes a while to copy, and the start
/// should not share the disk and the processor with it. A journal that
/// does not open is not copied, and a missed backup is a line on stderr,
/// not a refusal to start.
fn daily_backup_later(app: tauri::AppHandle) {
    use tauri::Manager;
    std::thread::spawn(move || {
        std::thread::sleep(DAILY_BACKUP_AFTER);
        let state = app.state::<AppState>();
        let Ok(path) = state.with(|_| Ok(())).map(|()| state.path()) else {
            return;
        };
        let kept = setting(&app, &path, "backupsKept")
            .and_then(|v| v.as_u64())
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(journal::DAILY_KEPT);
        let today = chrono::Local::now().date_naive();
        if let Err(e) = journal::daily_backup(&path, today, kept) {
            eprintln!("retro-companion: today's automatic backup failed: {e}");
        }
    });
}

/// One of the UI preferences of the journal at `journal`, as the window
/// last set it.
fn setting(app: &tauri::AppHandle, journal: &Path, key: &str) -> Option<serde_json::Value> {
    use tauri_plugin_store::StoreExt;
    app.store(journal::settings_path(journal)).ok()?.get(key)
}

impl AppState {
    pub fn new(journal_path: PathBuf, named: bool, opened: Option<PathBuf>) -> Self {
        AppState {
            open: Mutex::new(Open {
                path: journal_path,
                journal: None,
            }),
            named,
            program: std::env::current_exe().ok(),
            opened: Mutex::new(opened),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Open> {
        // A panic in an earlier command cannot leave a half-written journal
        // (its transaction rolled back), so a poisoned lock is safe to reuse.
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Where the journal file is.
    fn path(&self) -> PathBuf {
        self.lock().path.clone()
    }

    /// Keeps a file for the window to open, in place of any it has not taken yet.
    fn give_file(&self, path: PathBuf) {
        *self.opened.lock().unwrap_or_else(|e| e.into_inner()) = Some(path);
    }

    /// The file given to the app to open, once: taking it forgets it.
    pub fn take_file(&self) -> Option<String> {
        let taken = self.opened.lock().unwrap_or_else(|e| e.into_inner()).take();
        taken.map(|p| p.display().to_string())
    }

    /// Runs `f` against the journal, turning its error into the IPC shape.
    fn with<T>(
        &self,
        f: impl FnOnce(&mut Journal) -> Result<T>,
    ) -> std::result::Result<T, ApiError> {
        let mut open = self.lock();
        let journal = open.journal().as_mut().map_err(|e| e.clone())?;
        f(journal).map_err(ApiError::from)
    }

    /// Where the journal stands, for the window's first screen.
    pub fn status(&self) -> JournalStatus {
        let (problem, me, turn) = match self.with(|j| Ok((j.me()?, j.turn()?))) {
            Ok((me, turn)) => (None, me, turn),
            Err(problem) => (Some(problem), None, None),
        };
        // Only a file that failed to open as damaged is offered a backup:
        // an open journal is restored from its own screen. A backups folder
        // that can't be read only means no offer; the problem says the rest.
        let path = self.path();
        let damaged =
            matches!(self.lock().journal(), Err(e) if e.code == ErrorCode::JournalCorrupt);
        let backup = if damaged {
            journal::latest_backup(&path).ok().flatten()
        } else {
            None
        };
        JournalStatus {
            journal_path: path.display().to_string(),
            backups_path: journal::backups_dir(&path).display().to_string(),
            backups_chosen: journal::chosen_backups_dir(&path).is_some(),
            settings_path: journal::settings_path(&path).display().to_string(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            problem,
            backup,
            me,
            turn,
        }
    }

    /// Tries again to open a journal that could not be opened (a journal
    /// that is open stays as it is, with whoever has the keyboard), and
    /// says where it stands now.
    pub fn reopen(&self) -> JournalStatus {
        {
            let mut open = self.lock();
            if open.journal().is_err() {
                open.journal = None;
            }
        }
        self.status()
    }

    /// Puts the newest healthy backup in place of a journal file that
    /// could not be opened, keeps the damaged file in the backups folder,
    /// and opens the journal again.
    pub fn restore_latest_backup(&self) -> std::result::Result<JournalStatus, ApiError> {
        {
            let mut open = self.lock();
            if open.journal().is_ok() {
                return Err(JournalError::Invalid(
                    "The journal is open and readable, so it was left as it is. To go back to a \
                     backup, use Restore from backup… on the journal screen."
                        .into(),
                )
                .into());
            }
            journal::restore_latest_backup(&open.path, chrono::Utc::now())?;
            open.journal = None;
        }
        Ok(self.status())
    }
}

/// A folder the window can show in the system's file manager.
#[derive(Debug, Clone, Copy, serde::Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Folder {
    /// The folder of the journal file, with the file selected.
    Journal,
    Backups,
}

impl AppState {
    /// Shows the journal's folder, or its backups folder, in the file
    /// manager. Only these two: the window names a folder, never a path.
    pub fn open_folder(&self, folder: Folder) -> std::result::Result<(), ApiError> {
        let path = self.path();
        let shown = match folder {
            Folder::Journal => tauri_plugin_opener::reveal_item_in_dir(&path),
            Folder::Backups => {
                let dir = journal::backups_dir(&path);
                // The first backup is taken a few seconds after the start.
                std::fs::create_dir_all(&dir)
                    .map_err(tauri_plugin_opener::Error::from)
                    .and_then(|()| tauri_plugin_opener::open_path(&dir, None::<&str>))
            }
        };
        shown.map_err(|e| {
            JournalError::Invalid(format!(
                "The folder could not be shown ({e}). Open it in your file manager yourself: \
                 the path is on this screen."
            ))
            .into()
        })
    }
}

impl AppState {
    /// Puts the journal's backups into `folder` from now on, once it is
    /// sure they can be written there, or back beside the journal (`None`).
    /// The backups already taken stay where they are.
    pub fn set_backups_folder(
        &self,
        app: &tauri::AppHandle,
        folder: Option<PathBuf>,
    ) -> std::result::Result<JournalStatus, ApiError> {
        use tauri_plugin_store::StoreExt;
        let path = self.path();
        if let Some(dir) = &folder {
            journal::check_backups_dir(dir).map_err(JournalError::from)?;
        }
        let unsaved = |e: tauri_plugin_store::Error| {
            ApiError::from(JournalError::Invalid(format!(
                "The preferences could not be saved ({e}), so the backups go where they went."
            )))
        };
        let store = app.store(journal::settings_path(&path)).map_err(unsaved)?;
        match &folder {
            Some(dir) => store.set(journal::BACKUPS_FOLDER, dir.display().to_string()),
            None => {
                store.delete(journal::BACKUPS_FOLDER);
            }
        }
        store.save().map_err(unsaved)?;
        Ok(self.status())
    }

    /// Moves the journal into `folder`: copies it there and checks the
    /// copy (with progress, and a Cancel that leaves everything as it was),
    /// switches to the copy, and only then brings its settings and backups
    /// over and removes it from where it was.
    pub async fn move_to(
        &self,
        app: &tauri::AppHandle,
        told: tauri::ipc::Channel<WorkProgress>,
        folder: PathBuf,
    ) -> std::result::Result<JournalStatus, ApiError> {
        use tauri_plugin_store::StoreExt;
        let from = self.path();
        let to = folder.join(from.file_name().unwrap_or("journal.sqlite3".as_ref()));
        if std::fs::canonicalize(&folder).ok()
            == from.parent().and_then(|d| std::fs::canonicalize(d).ok())
        {
            return Err(JournalError::Invalid(
                "The journal is already in that folder: choose another one.".into(),
            )
            .into());
        }
        let dest = to.clone();
        long_work(app, told, move |j, progress| {
            j.copy_checked(&dest, progress)
        })
        .await?;
        {
            let mut open = self.lock();
            // The journal closes here, so nothing writes to the old file again.
            open.journal = None;
            open.path = to.clone();
            if let Err(e) = open.journal() {
                let e = e.clone();
                open.journal = None;
                open.path = from;
                let _ = std::fs::remove_file(&to);
                return Err(e);
            }
        }
        // Started at login, the app must find the journal where it is now,
        // whatever the tidying up below meets.
        let login = match self.named && start_at_login(app, self).unwrap_or(false) {
            true => set_start_at_login(app, self, true).map(|_| ()),
            false => Ok(()),
        };
        // The window's settings are saved as they change; the old file
        // must not be written again when the app quits.
        if let Some(store) = app.get_store(journal::settings_path(&from)) {
            store.close_resource();
        }
        journal::finish_move(&from, &to, retro_core::app_data_dir().as_deref())?;
        login.map_err(|e| {
            JournalError::Invalid(format!(
                "The journal is now at {}, but starting at login still names its old place: {}",
                to.display(),
                e.message
            ))
        })?;
        Ok(self.status())
    }
}

/// What starts the app at login: this program, with the journal's place
/// when it was named on the command line, built afresh each time so that
/// it follows the journal when it moves.
fn login_entry(
    app: &tauri::AppHandle,
    state: &AppState,
) -> std::result::Result<auto_launch::AutoLaunch, ApiError> {
    let program = state
        .program
        .as_ref()
        .ok_or_else(|| login_failed("this program's own path is unknown"))?;
    let args = match state.named {
        true => login_args(&state.path()),
        false => Vec::new(),
    };
    Ok(auto_launch::AutoLaunch::new(
        &app.package_info().name,
        &program.to_string_lossy(),
        auto_launch::LinuxLaunchMode::XdgAutostart,
        &args,
    ))
}

/// The arguments that name the journal at `path` in the entry that starts
/// the app at login.
fn login_args(path: &Path) -> Vec<String> {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    vec![
        "--journal".to_owned(),
        desktop_entry_quoted(&path.to_string_lossy()),
    ]
}

/// Whether the app starts when the person logs in (off unless they said so).
fn start_at_login(app: &tauri::AppHandle, state: &AppState) -> std::result::Result<bool, ApiError> {
    login_entry(app, state)?.is_enabled().map_err(login_failed)
}

fn set_start_at_login(
    app: &tauri::AppHandle,
    state: &AppState,
    on: bool,
) -> std::result::Result<bool, ApiError> {
    let entry = login_entry(app, state)?;
    if on { entry.enable() } else { entry.disable() }.map_err(login_failed)?;
    start_at_login(app, state)
}

fn login_failed(e: impl std::fmt::Display) -> ApiError {
    JournalError::Invalid(format!(
        "Starting at login could not be changed ({e}). Your session's autostart folder \
         (~/.config/autostart) may not be writable."
    ))
    .into()
}

/// `arg` as one argument on the `Exec` line of a desktop entry (the one
/// that starts the app at login): quoted, so a path with spaces stays one
/// argument, with the characters the Desktop Entry Specification reserves
/// escaped (a backslash written twice, as the line is read as a string
/// first) and `%` doubled.
fn desktop_entry_quoted(arg: &str) -> String {
    let mut quoted = String::from('"');
    for c in arg.chars() {
        match c {
            '"' | '`' | '$' => {
                quoted.push_str("\\\\");
                quoted.push(c);
            }
            '\\' => quoted.push_str("\\\\\\\\"),
            '%' => quoted.push_str("%%"),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// How long the window must stay put before its size and place are saved.
const WINDOW_SETTLES: std::time::Duration = std::time::Duration::from_millis(400);

/// Tells the keeper of the window's size and place that the window moved.
struct WindowMoved(std::sync::mpsc::Sender<()>);

/// Saves the window's size and place once it has settled after a move or a
/// resize, not only when the app quits: a session that ends under it (a
/// logout, a crash) keeps them too.
fn keep_window_state(app: tauri::AppHandle) -> WindowMoved {
    use tauri_plugin_window_state::{AppHandleExt, StateFlags};
    let (moved, moves) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        while moves.recv().is_ok() {
            while moves.recv_timeout(WINDOW_SETTLES).is_ok() {}
            if let Err(e) = app.save_window_state(StateFlags::all()) {
                eprintln!("retro-companion: the window's size and place were not saved: {e}");
            }
        }
    });
    WindowMoved(moved)
}

/// The name a running window answers to on the session bus: one per
/// journal, so a journal is open in one window at most while two journals
/// can be open side by side.
pub fn instance_id(journal_path: &Path) -> String {
    use sha2::{Digest, Sha256};
    // The same file, however it was named: the folder is resolved through
    // its links (the file itself may not exist yet).
    let resolved = match (journal_path.parent(), journal_path.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
        .map(|dir| dir.join(name)),
        _ => std::path::absolute(journal_path),
    }
    .or_else(|_| std::path::absolute(journal_path))
    .unwrap_or_else(|_| journal_path.to_owned());
    let digest = Sha256::digest(resolved.as_os_str().as_encoded_bytes());
    let hex: String = digest[..10].iter().map(|b| format!("{b:02x}")).collect();
    format!("app.retro_companion.journal_{hex}")
}

/// A second launch on the same journal: its file (if it was given one)
/// goes to this window, which comes to the front.
fn second_launch(app: &tauri::AppHandle, argv: Vec<String>, cwd: String) {
    use clap::Parser;
    use tauri::{Emitter, Manager};
    let file = retro_cli::Cli::try_parse_from(argv)
        .ok()
        .and_then(|cli| cli.file);
    if let Some(file) = file {
        app.state::<AppState>()
            .give_file(Path::new(&cwd).join(file));
        // A window that is gone no longer needs to know.
        let _ = app.emit(FILE_GIVEN, ());
    }
    to_the_front(app);
}

/// Brings the window to the front, from wherever it was.
fn to_the_front(app: &tauri::AppHandle) {
    use tauri::Manager;
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// With `RETRO_COMPANION_REPORT_START` set, says on stderr, once, the
/// moment (in nanoseconds since the Unix epoch) the window's first list was
/// on screen, so the bench can time the start from outside, as it times the
/// empty Tauri app's window.
pub fn report_start_over() {
    static REPORTED: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("RETRO_COMPANION_REPORT_START").is_none() {
        return;
    }
    REPORTED.call_once(|| {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        eprintln!("retro-companion: first screen painted at {now}");
    });
}

/// The window is drawn without WebKit's compositing (layers drawn with
/// OpenGL), unless the person asked for it with
/// `WEBKIT_DISABLE_COMPOSITING_MODE=0`. Lists, forms and charts draw as well
/// without it, and it costs: on the ten years of weekly retros the page's
/// process takes about 110 MB less, and a first start skips compiling
/// shaders, which took half a second. Set before the window exists, while
/// only this thread runs.
fn draw_without_compositing() {
    const COMPOSITING_OFF: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if std::env::var_os(COMPOSITING_OFF).is_none() {
        std::env::set_var(COMPOSITING_OFF, "1");
    }
}

/// The event that tells the window a file is waiting for it.
const FILE_GIVEN: &str = "file-given";

/// Opens the window on the journal at `journal_path` (and on `file`, a file
/// from the partner, when given) and runs until it closes. When a window is
/// already open on that journal, hands `file` to it and returns. `named`:
/// the journal was named on the command line, so starting at login names
/// it too; the default journal is found again wherever it was moved.
pub fn run(
    journal_path: PathBuf,
    named: bool,
    file: Option<PathBuf>,
) -> std::result::Result<(), tauri::Error> {
    draw_without_compositing();
    let file = file.map(|f| std::path::absolute(&f).unwrap_or(f));
    tauri::Builder::default()
        // First, so a second launch hands over before anything else starts.
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(instance_id(&journal_path))
                .callback(second_launch)
                .build(),
        )
        .plugin(tauri_plugin_window_state::Builder::new().build())
        .plugin(tauri_plugin_store::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .manage(AppState::new(journal_path, named, file))
        .manage(Stop::default())
        .setup(|app| {
            use tauri::Manager;
            app.manage(keep_window_state(app.handle().clone()));
            daily_backup_later(app.handle().clone());
            let (reminders, woken) = reminders::Reminders::new();
            app.manage(reminders);
            reminders::keep_reminders(app.handle().clone(), woken);
            Ok(())
        })
        .on_window_event(|window, event| {
            use tauri::Manager;
            if matches!(
                event,
                tauri::WindowEvent::Moved(_) | tauri::WindowEvent::Resized(_)
            ) {
                if let Some(moved) = window.try_state::<WindowMoved>() {
                    let _ = moved.0.send(());
                }
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::journal_status,
            commands::take_opened_file,
            commands::first_screen_painted,
            commands::open_folder,
            commands::move_journal,
            commands::set_backups_folder,
            commands::list_schedules,
            commands::set_schedule,
            commands::clear_schedule,
            commands::take_reminders,
            commands::start_at_login,
            commands::set_start_at_login,
            commands::reopen_journal,
            commands::restore_latest_backup,
            commands::set_me,
            commands::list_roles,
            commands::list_partners,
            commands::get_retro,
            commands::create_retro,
            commands::rename_retro,
            commands::delete_retro,
            commands::list_needs,
            commands::add_need,
            commands::update_need,
            commands::set_need_archived,
            commands::delete_need,
            commands::add_role,
            commands::rename_role,
            commands::list_entries,
            commands::save_entry,
            commands::seal_entry,
            commands::unseal_entry,
            commands::search_entries,
            commands::pass_turn,
            commands::take_turn,
            commands::set_pin,
            commands::reveal_retro,
            commands::get_comparison,
            commands::add_addendum,
            commands::list_agreements,
            commands::review_agenda,
            commands::due_agreements,
            commands::add_agreement,
            commands::set_agreement_status,
            commands::renegotiate_agreement,
            commands::list_tension_pairs,
            commands::add_tension_pair,
            commands::delete_tension_pair,
            commands::export_markdown,
            commands::save_markdown,
            commands::backup_now,
            commands::restore_backup,
            commands::export_journal,
            commands::import_journal,
            commands::stop_work,
            commands::list_retro_page,
            commands::get_trends,
            commands::trend_note,
            commands::set_pattern_aside,
            commands::bring_pattern_back,
            commands::since_last_time,
            commands::export_trends,
            commands::save_trends,
            commands::create_remote_retro,
            commands::remote_status,
            commands::send_envelope,
            commands::make_update,
            commands::save_partner_file,
            commands::choose_partner_file,
            commands::open_partner_file,
            commands::reveal_code,
            commands::reveal_with_code,
        ])
        .run(tauri::generate_context!())
}

#[cfg(test)]
mod tests {
    //! The window is granted exactly what its UI uses: every command the UI
    //! calls, and the plugin permissions behind the plugin functions it
    //! imports; nothing more.

    use std::collections::BTreeSet;

    fn read(path: &str) -> String {
        let root = env!("CARGO_MANIFEST_DIR");
        std::fs::read_to_string(format!("{root}/{path}")).expect(path)
    }

    /// The quoted words in `text` that follow `prefix`, up to `end`.
    fn quoted(text: &str, prefix: &str, end: char) -> BTreeSet<String> {
        text.split(prefix)
            .skip(1)
            .filter_map(|rest| rest.split(end).next())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn one_journal_answers_to_one_name_however_it_is_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let journal = dir.path().join("journal.sqlite3");
        let linked = dir.path().join("link");
        std::os::unix::fs::symlink(dir.path(), &linked).expect("link");
        let id = super::instance_id(&journal);
        assert_eq!(id, super::instance_id(&linked.join("journal.sqlite3")));
        assert_eq!(
            id,
            super::instance_id(&dir.path().join(".").join("journal.sqlite3"))
        );
        assert_ne!(id, super::instance_id(&dir.path().join("other.sqlite3")));
        // A well-formed bus name: dotted elements of letters, digits and
        // underscores, none starting with a digit, under 255 bytes.
        assert!(id.len() < 255);
        for element in id.split('.') {
            assert!(!element.is_empty() && !element.starts_with(|c: char| c.is_ascii_digit()));
            assert!(element
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_'));
        }
    }

    #[test]
    fn a_journal_at_an_unusual_path_stays_one_argument_at_login() {
        assert_eq!(
            super::desktop_entry_quoted("/home/m/My Journal/j.sqlite3"),
            r#""/home/m/My Journal/j.sqlite3""#
        );
        assert_eq!(
            super::desktop_entry_quoted(r#"/h/100% "$x`\y"#),
            r#""/h/100%% \\"\\$x\\`\\\\y""#
        );
    }

    #[test]
    fn the_capability_grants_exactly_what_the_ui_uses() {
        let api = read("../ui/src/lib/api.ts");
        let capability: serde_json::Value =
            serde_json::from_str(&read("capabilities/main.json")).expect("json");
        let granted: BTreeSet<String> = capability["permissions"]
            .as_array()
            .expect("permissions")
            .iter()
            .filter_map(|p| p.as_str().map(str::to_owned))
            .collect();

        let called: BTreeSet<String> = quoted(&api, "call<", ')')
            .iter()
            .filter_map(|c| c.split('\'').nth(1))
            .map(|c| format!("allow-{}", c.replace('_', "-")))
            .collect();
        let own: BTreeSet<String> = granted
            .iter()
            .filter(|p| !p.contains(':'))
            .cloned()
            .collect();
        assert_eq!(own, called, "commands granted vs commands the UI calls");

        let built: BTreeSet<String> = quoted(&read("build.rs"), "    \"", '"')
            .into_iter()
            .map(|c| format!("allow-{}", c.replace('_', "-")))
            .collect();
        assert_eq!(
            built, called,
            "build.rs lists exactly the commands the UI calls"
        );

        // The plugin functions the UI imports, and the permission each needs.
        let mut needed = BTreeSet::new();
        for (function, permission) in [
            ("writeText(", "clipboard-manager:allow-write-text"),
            ("load(", "store:allow-load"),
            ("store.entries", "store:allow-entries"),
            ("store.set", "store:allow-set"),
            ("store.save", "store:allow-save"),
            ("onDragDropEvent(", "core:event:allow-listen"),
            ("onDragDropEvent(", "core:event:allow-unlisten"),
            ("Menu.new(", "core:menu:allow-new"),
            ("setAsAppMenu(", "core:menu:allow-set-as-app-menu"),
            ("listen(", "core:event:allow-listen"),
            ("listen(", "core:event:allow-unlisten"),
        ] {
            if api.contains(function) {
                needed.insert(permission.to_owned());
            }
        }
        let plugins: BTreeSet<String> = granted
            .iter()
            .filter(|p| p.contains(':'))
            .cloned()
            .collect();
        assert_eq!(
            plugins, needed,
            "plugin permissions vs plugin functions used"
        );
    }
}
