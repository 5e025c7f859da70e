//! Choosing a file with the system's dialog, for saving an export or a
//! backup and for picking a backup to restore; and a folder, to move the
//! journal into.
//!
//! In debug builds only, `RETRO_COMPANION_CHOOSE_FILE` replaces the dialog
//! with a fixed path. The e2e suite sets it, because WebDriver can't drive a
//! native dialog; every other step (rendering, writing, restoring) is the
//! app's real code. Release builds do not have the switch at all.

use std::path::PathBuf;

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

/// The path the e2e suite chose in place of the dialog, in a debug build.
fn test_choice() -> Option<PathBuf> {
    #[cfg(debug_assertions)]
    if let Some(path) = std::env::var_os("RETRO_COMPANION_CHOOSE_FILE") {
        return Some(path.into());
    }
    None
}

pub fn choose_save<R: Runtime>(
    app: &AppHandle<R>,
    name: &str,
    filter: (&str, &[&str]),
) -> Option<PathBuf> {
    if let Some(path) = test_choice() {
        return Some(path);
    }
    app.dialog()
        .file()
        .set_file_name(name)
        .add_filter(filter.0, filter.1)
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
}

pub fn choose_open<R: Runtime>(app: &AppHandle<R>, filter: (&str, &[&str])) -> Option<PathBuf> {
    if let Some(path) = test_choice() {
        return Some(path);
    }
    app.dialog()
        .file()
        .add_filter(filter.0, filter.1)
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
}

pub fn choose_folder<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    if let Some(path) = test_choice() {
        return Some(path);
    }
    app.dialog()
        .file()
        .blocking_pick_folder()
        .and_then(|p| p.into_path().ok())
}
