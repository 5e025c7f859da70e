//! The IPC commands. Each is one call into the journal; the argument and
//! return types are the generated bindings in `ui/src/lib/bindings/`.

use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use super::{settings_path, ApiError, AppState};
use crate::journal::{
    EntryContent, EntryQuery, EntryView, Id, JournalItem, Need, NeedInput, NewRetro, Person, Retro,
    Role, RoleChoice,
};

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

#[tauri::command]
pub async fn list_needs(state: State<'_, AppState>) -> Reply<Vec<Need>> {
    state.with(|j| j.needs())
}

#[tauri::command]
pub async fn add_need(state: State<'_, AppState>, need: NeedInput) -> Reply<Need> {
    state.with(|j| j.add_need(&need))
}

#[tauri::command]
pub async fn update_need(state: State<'_, AppState>, id: Id, need: NeedInput) -> Reply<Need> {
    state.with(|j| j.update_need(id, &need))
}

#[tauri::command]
pub async fn set_need_archived(state: State<'_, AppState>, id: Id, archived: bool) -> Reply<Need> {
    state.with(|j| j.set_need_archived(id, archived))
}

#[tauri::command]
pub async fn delete_need(state: State<'_, AppState>, id: Id) -> Reply<()> {
    state.with(|j| j.delete_need(id))
}

#[tauri::command]
pub async fn add_role(state: State<'_, AppState>, name: String) -> Reply<Role> {
    state.with(|j| j.add_role(&name))
}

#[tauri::command]
pub async fn rename_role(state: State<'_, AppState>, id: Id, name: String) -> Reply<Role> {
    state.with(|j| j.rename_role(id, &name))
}

/// Every participant's entry, as the person at the keyboard may see it.
#[tauri::command]
pub async fn list_entries(state: State<'_, AppState>, retro_id: Id) -> Reply<Vec<EntryView>> {
    state.with(|j| j.entries(retro_id))
}

#[tauri::command]
pub async fn save_entry(
    state: State<'_, AppState>,
    retro_id: Id,
    content: EntryContent,
) -> Reply<EntryView> {
    state.with(|j| j.save_entry(retro_id, &content))
}

#[tauri::command]
pub async fn seal_entry(state: State<'_, AppState>, retro_id: Id) -> Reply<EntryView> {
    state.with(|j| j.seal_entry(retro_id))
}

#[tauri::command]
pub async fn unseal_entry(state: State<'_, AppState>, retro_id: Id) -> Reply<EntryView> {
    state.with(|j| j.unseal_entry(retro_id))
}

#[tauri::command]
pub async fn search_entries(
    state: State<'_, AppState>,
    query: EntryQuery,
) -> Reply<Vec<JournalItem>> {
    state.with(|j| j.my_entries(&query))
}
