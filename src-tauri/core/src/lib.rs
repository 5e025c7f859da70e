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

/// The app's data folder: the platform's app data directory, the same one
/// Tauri resolves for this identifier.
pub fn app_data_dir() -> Option<std::path::PathBuf> {
    dirs::data_dir().map(|d| d.join(APP_ID))
}

/// Where the journal lives when neither `--journal` nor
/// `RETRO_COMPANION_JOURNAL` says otherwise: `journal.sqlite3` in the app's
/// data folder, or wherever the window moved it from there.
pub fn default_journal_path() -> Option<std::path::PathBuf> {
    app_data_dir().map(|d| journal::default_journal_in(&d))
}

#[cfg(test)]
mod mutate {
    /// A file changed the way the property tests of every reader of
    /// outside input change it: one byte replaced or inserted at `at`, then
    /// cut at `cut` (never before the change).
    pub fn mutated(
        mut bytes: Vec<u8>,
        at: proptest::sample::Index,
        byte: u8,
        cut: proptest::sample::Index,
        insert: bool,
    ) -> Vec<u8> {
        let at = at.index(bytes.len());
        if insert {
            bytes.insert(at, byte);
        } else {
            bytes[at] = byte;
        }
        bytes.truncate(cut.index(bytes.len() + 1).max(at));
        bytes
    }
}
