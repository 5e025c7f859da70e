//! The desktop window: the only module that knows about Tauri.
//!
//! Commands here are one delegating call each; the rules live in `journal`.

mod commands;
mod error;
mod files;

use std::path::PathBuf;
use std::sync::Mutex;

pub use error::ApiError;
use retro_core::journal::{Journal, Result};

/// What the window shares between commands: the open journal, or the reason
/// it could not be opened, so the UI can say so instead of failing blind.
pub struct AppState {
    journal: Mutex<std::result::Result<Journal, ApiError>>,
    journal_path: PathBuf,
}

impl AppState {
    pub fn open(journal_path: PathBuf) -> Self {
        let journal = Journal::open(&journal_path).map_err(ApiError::from);
        if journal.is_ok() {
            // Beside the window, not before it: a large journal takes a while
            // to copy. A missed backup is a line on stderr, not a refusal to start.
            let path = journal_path.clone();
            std::thread::spawn(move || {
                let today = chrono::Local::now().date_naive();
                if let Err(e) = retro_core::journal::daily_backup(&path, today) {
                    eprintln!("retro-companion: today's automatic backup failed: {e}");
                }
            });
        }
        AppState {
            journal: Mutex::new(journal),
            journal_path,
        }
    }

    /// Runs `f` against the journal, turning its error into the IPC shape.
    fn with<T>(
        &self,
        f: impl FnOnce(&mut Journal) -> Result<T>,
    ) -> std::result::Result<T, ApiError> {
        // A panic in an earlier command cannot leave a half-written journal
        // (its transaction rolled back), so a poisoned lock is safe to reuse.
        let mut guard = self.journal.lock().unwrap_or_else(|e| e.into_inner());
        let journal = guard.as_mut().map_err(|e| e.clone())?;
        f(journal).map_err(ApiError::from)
    }
}

/// The UI preferences (theme, last opened retro) live beside the journal, so
/// a journal chosen with `--journal` carries its own and tests never share one.
pub fn settings_path(journal_path: &std::path::Path) -> PathBuf {
    journal_path.with_extension("settings.json")
}

/// Opens the window on the journal at `journal_path` and runs until it closes.
pub fn run(journal_path: PathBuf) -> std::result::Result<(), tauri::Error> {
    tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .manage(AppState::open(journal_path))
        .invoke_handler(tauri::generate_handler![
            commands::journal_status,
            commands::set_me,
            commands::list_roles,
            commands::list_partners,
            commands::list_retros,
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
            commands::list_retro_page,
        ])
        .run(tauri::generate_context!())
}
