//! The IPC commands. Each is one call into the journal; the argument and
//! return types are the generated bindings in `ui/src/lib/bindings/`.

use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use super::{settings_path, ApiError, AppState};
use crate::journal::{Id, NewRetro, Person, Retro, Role, RoleChoice};

type Reply<T> = Result<T, ApiError>;

/// Everything the window needs to choose its first screen.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct JournalStatus {
    pub journal_path: String,
    pub settings_path: String,
    pub version: String,
    /// Why the journal could not be opened; the window shows only this.
    pub problem: Option<ApiError>,
    /// `None` until onboarding is done.
    pub me: Option<Person>,
}

#[tauri::command]
pub async fn journal_status(state: State<'_, AppState>) -> Reply<JournalStatus> {
    let me = state.with(|j| j.me());
    Ok(JournalStatus {
        journal_path: state.journal_path.display().to_string(),
        settings_path: settings_path(&state.journal_path).display().to_string(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        problem: me.as_ref().err().cloned(),
        me: me.ok().flatten(),
    })
}

#[tauri::command]
pub async fn set_me(state: State<'_, AppState>, name: String, role: RoleChoice) -> Reply<Person> {
    state.with(|j| j.set_me(&name, &role))
}

#[tauri::command]
pub async fn list_roles(state: State<'_, AppState>) -> Reply<Vec<Role>> {
    state.with(|j| j.roles())
}

#[tauri::command]
pub async fn list_partners(state: State<'_, AppState>) -> Reply<Vec<Person>> {
    state.with(|j| j.partners())
}

#[tauri::command]
pub async fn list_retros(state: State<'_, AppState>) -> Reply<Vec<Retro>> {
    state.with(|j| j.retros())
}

#[tauri::command]
pub async fn get_retro(state: State<'_, AppState>, id: Id) -> Reply<Retro> {
    state.with(|j| j.retro(id))
}

#[tauri::command]
pub async fn create_retro(state: State<'_, AppState>, retro: NewRetro) -> Reply<Retro> {
    state.with(|j| j.create_retro(&retro))
}

#[tauri::command]
pub async fn rename_retro(state: State<'_, AppState>, id: Id, title: String) -> Reply<Retro> {
    state.with(|j| j.rename_retro(id, &title))
}

#[tauri::command]
pub async fn delete_retro(state: State<'_, AppState>, id: Id) -> Reply<()> {
    state.with(|j| j.delete_retro(id))
}
