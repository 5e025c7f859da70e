//! Retro Companion's core: the journal and its rules, the SQLite store behind
//! it, and the exports. It knows nothing of the window, so every rule of the
//! product is tested in milliseconds, and the command line starts without
//! loading a GUI toolkit.

pub mod export;
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
pub mod journal;
mod store;

/// The app's identifier; it names the data directory, as in `tauri.conf.json`.
pub const APP_ID: &str = "app.retro-companion";

/// Where the journal lives when neither `--journal` nor
/// `RETRO_COMPANION_JOURNAL` says otherwise: the platform's app data
/// directory, the same one Tauri resolves for this identifier.
pub fn default_journal_path() -> Option<std::path::PathBuf> {
    dirs::data_dir().map(|d| d.join(APP_ID).join("journal.sqlite3"))
}
