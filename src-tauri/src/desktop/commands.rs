//! The IPC commands. Each is one call into the journal; the argument and
//! return types are the generated bindings in `ui/src/lib/bindings/`.

use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use ts_rs::TS;

use super::reminders::Reminders;
use super::{files, long_work, ApiError, AppState, Folder, JournalStatus, Stop, WorkProgress};
use retro_core::export::envelope::{self, Opened};
use retro_core::export::{self, MarkdownRequest};
use retro_core::journal::{
    Agreement, AgreementInput, AgreementStatus, Comparison, EntryContent, EntryQuery, EntryView,
    Id, ImportSummary, JournalError, JournalPage, Need, NeedInput, NewRetro, PartnerChoice, Person,
    Reminder, RemoteStatus, Retro, RetroCursor, Role, RoleChoice, Schedule, SinceLastTime,
    TensionPair, Trends, TrendsQuery, Turn,
};

type Reply<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn journal_status(state: State<'_, AppState>) -> Reply<JournalStatus> {
    Ok(state.status())
}

/// The window's first list is on screen: the start is over.
#[tauri::command]
pub async fn first_screen_painted() -> Reply<()> {
    super::report_start_over();
    Ok(())
}

/// The file the app was given to open (a partner's file), once.
#[tauri::command]
pub async fn take_opened_file(state: State<'_, AppState>) -> Reply<Option<String>> {
    Ok(state.take_file())
}

/// Shows the journal's folder or its backups in the file manager.
#[tauri::command]
pub async fn open_folder(state: State<'_, AppState>, folder: Folder) -> Reply<()> {
    state.open_folder(folder)
}

/// Asks for a folder, then moves the journal into it, with its settings
/// and backups; `None` when the person cancelled.
#[tauri::command]
pub async fn move_journal(
    app: AppHandle,
    state: State<'_, AppState>,
    on_progress: Channel<WorkProgress>,
) -> Reply<Option<JournalStatus>> {
    let Some(folder) = files::choose_folder(&app) else {
        return Ok(None);
    };
    state.move_to(&app, on_progress, folder).await.map(Some)
}

/// Asks for a folder for the backups to go to from now on (or, with
/// `choose` false, puts them back beside the journal); `None` when the
/// person cancelled.
#[tauri::command]
pub async fn set_backups_folder(
    app: AppHandle,
    state: State<'_, AppState>,
    choose: bool,
) -> Reply<Option<JournalStatus>> {
    let folder = match choose {
        true => match files::choose_folder(&app) {
            Some(folder) => Some(folder),
            None => return Ok(None),
        },
        false => None,
    };
    state.set_backups_folder(&app, folder).map(Some)
}

#[tauri::command]
pub async fn list_schedules(state: State<'_, AppState>) -> Reply<Vec<Schedule>> {
    state.with(|j| j.schedules())
}

/// Sets a partner's 1:1 schedule; the next reminder follows it.
#[tauri::command]
pub async fn set_schedule(
    state: State<'_, AppState>,
    reminders: State<'_, Reminders>,
    schedule: Schedule,
) -> Reply<Schedule> {
    let set = state.with(|j| j.set_schedule(&schedule))?;
    reminders.schedules_changed();
    Ok(set)
}

#[tauri::command]
pub async fn clear_schedule(
    state: State<'_, AppState>,
    reminders: State<'_, Reminders>,
    partner_id: Id,
) -> Reply<()> {
    state.with(|j| j.clear_schedule(partner_id))?;
    reminders.schedules_changed();
    Ok(())
}

/// The reminders given since the window last asked, once.
#[tauri::command]
pub async fn take_reminders(reminders: State<'_, Reminders>) -> Reply<Vec<Reminder>> {
    Ok(reminders.take())
}

/// Whether the app starts when the person logs in.
#[tauri::command]
pub async fn start_at_login(app: AppHandle, state: State<'_, AppState>) -> Reply<bool> {
    super::start_at_login(&app, &state)
}

/// Starts the app at login, or no longer; says whether it now does.
#[tauri::command]
pub async fn set_start_at_login(
    app: AppHandle,
    state: State<'_, AppState>,
    on: bool,
) -> Reply<bool> {
    super::set_start_at_login(&app, &state, on)
}

/// Tries again to open a journal that could not be opened.
#[tauri::command]
pub async fn reopen_journal(state: State<'_, AppState>) -> Reply<JournalStatus> {
    Ok(state.reopen())
}

/// Replaces a damaged journal file with the newest healthy backup; the
/// damaged file is kept in the backups folder.
#[tauri::command]
pub async fn restore_latest_backup(state: State<'_, AppState>) -> Reply<JournalStatus> {
    state.restore_latest_backup()
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
pub async fn search_entries(state: State<'_, AppState>, query: EntryQuery) -> Reply<JournalPage> {
    state.with(|j| j.journal_page(&query))
}

// ---- taking turns --------------------------------------------------------

#[tauri::command]
pub async fn pass_turn(state: State<'_, AppState>, retro_id: Id) -> Reply<Option<Turn>> {
    state.with(|j| j.pass_turn(retro_id))
}

#[tauri::command]
pub async fn take_turn(
    state: State<'_, AppState>,
    retro_id: Id,
    person_id: Id,
    pin: Option<String>,
) -> Reply<Option<Turn>> {
    state.with(|j| j.take_turn(retro_id, person_id, pin.as_deref()))
}

/// Sets or (with `null`) removes the PIN of the person at the keyboard.
#[tauri::command]
pub async fn set_pin(state: State<'_, AppState>, pin: Option<String>) -> Reply<Person> {
    state.with(|j| j.set_pin(pin.as_deref()))
}

// ---- the reveal and after ------------------------------------------------

#[tauri::command]
pub async fn reveal_retro(state: State<'_, AppState>, retro_id: Id) -> Reply<Retro> {
    state.with(|j| j.reveal(retro_id))
}

#[tauri::command]
pub async fn get_comparison(state: State<'_, AppState>, retro_id: Id) -> Reply<Comparison> {
    state.with(|j| j.comparison(retro_id))
}

#[tauri::command]
pub async fn add_addendum(
    state: State<'_, AppState>,
    retro_id: Id,
    body: String,
) -> Reply<EntryView> {
    state.with(|j| j.add_addendum(retro_id, &body))
}

#[tauri::command]
pub async fn list_agreements(state: State<'_, AppState>, retro_id: Id) -> Reply<Vec<Agreement>> {
    state.with(|j| j.agreements(retro_id))
}

#[tauri::command]
pub async fn review_agenda(state: State<'_, AppState>, retro_id: Id) -> Reply<Vec<Agreement>> {
    state.with(|j| j.review_agenda(retro_id))
}

/// Open deals due for review today or earlier, by this computer's calendar.
#[tauri::command]
pub async fn due_agreements(state: State<'_, AppState>) -> Reply<Vec<Agreement>> {
    state.with(|j| j.due_agreements(chrono::Local::now().date_naive()))
}

#[tauri::command]
pub async fn add_agreement(
    state: State<'_, AppState>,
    retro_id: Id,
    agreement: AgreementInput,
) -> Reply<Agreement> {
    state.with(|j| j.add_agreement(retro_id, &agreement))
}

#[tauri::command]
pub async fn set_agreement_status(
    state: State<'_, AppState>,
    id: Id,
    status: AgreementStatus,
    reviewed_in: Option<Id>,
) -> Reply<Agreement> {
    state.with(|j| j.set_agreement_status(id, status, reviewed_in))
}

#[tauri::command]
pub async fn renegotiate_agreement(
    state: State<'_, AppState>,
    id: Id,
    retro_id: Id,
    replacement: AgreementInput,
) -> Reply<Agreement> {
    state.with(|j| j.renegotiate_agreement(id, retro_id, &replacement))
}

// ---- tension pairs ---------------------------------------------------------

#[tauri::command]
pub async fn list_tension_pairs(state: State<'_, AppState>) -> Reply<Vec<TensionPair>> {
    state.with(|j| j.tension_pairs())
}

#[tauri::command]
pub async fn add_tension_pair(
    state: State<'_, AppState>,
    need_a: Id,
    need_b: Id,
    question: String,
) -> Reply<TensionPair> {
    state.with(|j| j.add_tension_pair(need_a, need_b, &question))
}

#[tauri::command]
pub async fn delete_tension_pair(state: State<'_, AppState>, id: Id) -> Reply<()> {
    state.with(|j| j.delete_tension_pair(id))
}

// ---- export and backups ------------------------------------------------------

/// A Markdown export, for the preview.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MarkdownPreview {
    /// The document, or its beginning when it is long (`export::PREVIEW_LIMIT`).
    pub text: String,
    /// `false`: the document goes on past `text`; "Save as…" writes it whole.
    pub complete: bool,
    /// `YYYY-MM-DD-<slug>.md`, offered by "Save as…".
    pub file_name: String,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[tauri::command]
pub async fn export_markdown(
    state: State<'_, AppState>,
    request: MarkdownRequest,
) -> Reply<MarkdownPreview> {
    state.with(|j| {
        let (text, complete) =
            export::markdown::preview(j, &request, &now(), export::PREVIEW_LIMIT)?;
        Ok(MarkdownPreview {
            text,
            complete,
            file_name: export::suggested_name(j, &request)?,
        })
    })
}

/// Asks where to save the export and writes it there, showing how far it
/// has come; a stop leaves no file. `None`: cancelled.
#[tauri::command]
pub async fn save_markdown(
    app: AppHandle,
    state: State<'_, AppState>,
    request: MarkdownRequest,
    on_progress: Channel<WorkProgress>,
) -> Reply<Option<String>> {
    let name = state.with(|j| export::suggested_name(j, &request))?;
    let Some(path) = files::choose_save(&app, &name, ("Markdown", &["md"])) else {
        return Ok(None);
    };
    let shown = path.display().to_string();
    long_work(&app, on_progress, move |j, p| {
        export::markdown::save_with(j, &request, &path, &now(), p)
    })
    .await?;
    Ok(Some(shown))
}

/// Asks where to put a backup and writes it there. `None`: cancelled.
#[tauri::command]
pub async fn backup_now(
    app: AppHandle,
    on_progress: Channel<WorkProgress>,
) -> Reply<Option<String>> {
    let name = format!(
        "retro-companion-backup-{}.sqlite3",
        chrono::Local::now().date_naive()
    );
    let Some(path) = files::choose_save(&app, &name, ("Journal backup", &["sqlite3"])) else {
        return Ok(None);
    };
    let shown = path.display().to_string();
    long_work(&app, on_progress, move |j, p| j.backup_with(&path, p)).await?;
    Ok(Some(shown))
}

/// Asks for a backup and replaces the journal with it (the window has
/// already asked for confirmation). The journal as it was goes to the
/// backups folder first. `None`: cancelled.
#[tauri::command]
pub async fn restore_backup(
    app: AppHandle,
    on_progress: Channel<WorkProgress>,
) -> Reply<Option<String>> {
    let Some(src) = files::choose_open(&app, ("Journal backup", &["sqlite3"])) else {
        return Ok(None);
    };
    let kept = long_work(&app, on_progress, move |j, p| {
        j.restore_backup_with(&src, p)
    })
    .await?;
    Ok(Some(kept.display().to_string()))
}

/// Asks where to save the whole journal as a JSON file and writes it there,
/// whole or not at all. `None`: cancelled.
#[tauri::command]
pub async fn export_journal(
    app: AppHandle,
    include_private: bool,
    on_progress: Channel<WorkProgress>,
) -> Reply<Option<String>> {
    let name = format!(
        "retro-companion-journal-{}.json",
        chrono::Local::now().date_naive()
    );
    let Some(path) = files::choose_save(&app, &name, ("Journal file", &["json"])) else {
        return Ok(None);
    };
    let shown = path.display().to_string();
    long_work(&app, on_progress, move |j, p| {
        export::json::save_with(j, include_private, &now(), &path, p)
    })
    .await?;
    Ok(Some(shown))
}

/// Asks for a journal file and brings it into this empty journal, whole or
/// not at all. `None`: cancelled.
#[tauri::command]
pub async fn import_journal(
    app: AppHandle,
    on_progress: Channel<WorkProgress>,
) -> Reply<Option<ImportSummary>> {
    let Some(src) = files::choose_open(&app, ("Journal file", &["json"])) else {
        return Ok(None);
    };
    let done = long_work(&app, on_progress, move |j, p| {
        export::json::import_file(j, &src, p)
    })
    .await?;
    Ok(Some(done))
}

/// Asks the long work under way to stop; it then leaves nothing half-done.
/// Not async: it runs at once, whatever the work holds.
#[tauri::command]
pub fn stop_work(stop: State<'_, Stop>) {
    stop.ask();
}

/// One page of the retro list.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RetroPage {
    pub retros: Vec<Retro>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<RetroCursor>,
}

#[tauri::command]
pub async fn list_retro_page(
    state: State<'_, AppState>,
    after: Option<RetroCursor>,
    limit: usize,
) -> Reply<RetroPage> {
    let (retros, next) = state.with(|j| j.retro_page(after, limit))?;
    Ok(RetroPage { retros, next })
}

// ---- the journal's memory ------------------------------------------------------

#[tauri::command]
pub async fn get_trends(state: State<'_, AppState>, query: TrendsQuery) -> Reply<Trends> {
    state.with(|j| j.trends(&query))
}

/// The note beside one rating on a chart, read when a point is hovered or focused.
#[tauri::command]
pub async fn trend_note(
    state: State<'_, AppState>,
    retro_id: Id,
    person_id: Id,
    need_id: Id,
) -> Reply<String> {
    state.with(|j| j.trend_note(retro_id, person_id, need_id))
}

#[tauri::command]
pub async fn set_pattern_aside(
    state: State<'_, AppState>,
    key: String,
    last_retro_id: Id,
) -> Reply<()> {
    state.with(|j| j.set_pattern_aside(&key, last_retro_id))
}

#[tauri::command]
pub async fn bring_pattern_back(state: State<'_, AppState>, key: String) -> Reply<()> {
    state.with(|j| j.bring_pattern_back(&key))
}

#[tauri::command]
pub async fn since_last_time(state: State<'_, AppState>, retro_id: Id) -> Reply<SinceLastTime> {
    state.with(|j| j.since_last_time(retro_id))
}

/// The memory as Markdown, for the preview.
#[tauri::command]
pub async fn export_trends(
    state: State<'_, AppState>,
    query: TrendsQuery,
) -> Reply<MarkdownPreview> {
    state.with(|j| {
        let t = j.trends_to_share(&query)?;
        let text = export::trends::markdown(&t, &now());
        let (shown, complete) = export::beginning(&text, export::PREVIEW_LIMIT);
        Ok(MarkdownPreview {
            text: shown.to_owned(),
            complete,
            file_name: export::trends::suggested_name(&t, chrono::Local::now().date_naive()),
        })
    })
}

/// Asks where to save the memory as Markdown and writes it there. `None`: cancelled.
#[tauri::command]
pub async fn save_trends(
    app: AppHandle,
    state: State<'_, AppState>,
    query: TrendsQuery,
) -> Reply<Option<String>> {
    let t = state.with(|j| j.trends_to_share(&query))?;
    let name = export::trends::suggested_name(&t, chrono::Local::now().date_naive());
    let Some(path) = files::choose_save(&app, &name, ("Markdown", &["md"])) else {
        return Ok(None);
    };
    export::trends::save(&t, &path, &now())?;
    Ok(Some(path.display().to_string()))
}

// ---- a 1:1 on two laptops ------------------------------------------------------

#[tauri::command]
pub async fn create_remote_retro(state: State<'_, AppState>, retro: NewRetro) -> Reply<Retro> {
    state.with(|j| j.create_remote_retro(&retro))
}

#[tauri::command]
pub async fn remote_status(state: State<'_, AppState>, retro_id: Id) -> Reply<RemoteStatus> {
    state.with(|j| j.remote_status(retro_id))
}

/// A file for my partner, ready to save or copy.
#[derive(Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OutgoingFile {
    pub text: String,
    /// Offered by "Save as…".
    pub file_name: String,
}

/// Seals my entry for my partner, for good (the window has warned first).
#[tauri::command]
pub async fn send_envelope(state: State<'_, AppState>, retro_id: Id) -> Reply<OutgoingFile> {
    state.with(|j| {
        let sent = envelope::send(j, retro_id)?;
        Ok(OutgoingFile {
            text: sent.text,
            file_name: envelope::suggested_name(&j.retro(retro_id)?),
        })
    })
}

/// What my partner's journal lacks of a revealed retro: deals, reviews, notes.
#[tauri::command]
pub async fn make_update(state: State<'_, AppState>, retro_id: Id) -> Reply<OutgoingFile> {
    state.with(|j| {
        Ok(OutgoingFile {
            text: envelope::update_send(j, retro_id)?,
            file_name: envelope::update_name(&j.retro(retro_id)?),
        })
    })
}

/// Asks where to save a file for my partner and writes it there. `None`: cancelled.
#[tauri::command]
pub async fn save_partner_file(app: AppHandle, file: OutgoingFile) -> Reply<Option<String>> {
    let Some(path) = files::choose_save(&app, &file.file_name, ("Text", &["txt"])) else {
        return Ok(None);
    };
    export::write_atomically(&path, file.text.as_bytes())
        .map_err(|e| ApiError::from(JournalError::write(&path, e)))?;
    Ok(Some(path.display().to_string()))
}

/// Asks which file from my partner to open. `None`: cancelled.
#[tauri::command]
pub async fn choose_partner_file(app: AppHandle) -> Reply<Option<String>> {
    Ok(files::choose_open(&app, ("Retro Companion file", &["txt"]))
        .map(|p| p.display().to_string()))
}

/// A file from my partner: a path (chosen or dropped on the window) or the
/// text they pasted into the chat.
#[derive(Debug, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum PartnerSource {
    Path { path: String },
    Text { text: String },
}

/// Opens a sealed entry or an update from my partner.
#[tauri::command]
pub async fn open_partner_file(
    state: State<'_, AppState>,
    from: PartnerSource,
    partner: Option<PartnerChoice>,
) -> Reply<Opened> {
    let text = match from {
        PartnerSource::Path { path } => envelope::read_partner_file(path.as_ref())?,
        PartnerSource::Text { text } => text,
    };
    state.with(|j| envelope::open_file(j, &text, partner.as_ref()))
}

/// My reveal code, to read out on the call; showing it is recorded.
#[tauri::command]
pub async fn reveal_code(state: State<'_, AppState>, retro_id: Id) -> Reply<String> {
    state.with(|j| envelope::code(j, retro_id))
}

#[tauri::command]
pub async fn reveal_with_code(
    state: State<'_, AppState>,
    retro_id: Id,
    code: String,
) -> Reply<Retro> {
    state.with(|j| envelope::reveal(j, retro_id, &code))
}
