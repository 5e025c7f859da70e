/**
 * The one way the UI reaches the backend: every `invoke` of the app lives
 * here, typed with the bindings generated from the Rust types.
 */
import { Channel, invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { Menu } from '@tauri-apps/api/menu';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { writeText } from '@tauri-apps/plugin-clipboard-manager';
import { load, type Store } from '@tauri-apps/plugin-store';
import type { Agreement } from './bindings/Agreement';
import type { Reminder } from './bindings/Reminder';
import type { Schedule } from './bindings/Schedule';
import type { AgreementInput } from './bindings/AgreementInput';
import type { AgreementStatus } from './bindings/AgreementStatus';
import type { Comparison } from './bindings/Comparison';
import type { EntryContent } from './bindings/EntryContent';
import type { EntryQuery } from './bindings/EntryQuery';
import type { EntryView } from './bindings/EntryView';
import type { JournalPage } from './bindings/JournalPage';
import type { JournalStatus } from './bindings/JournalStatus';
import type { MarkdownPreview } from './bindings/MarkdownPreview';
import type { MarkdownRequest } from './bindings/MarkdownRequest';
import type { Need } from './bindings/Need';
import type { NeedInput } from './bindings/NeedInput';
import type { NewRetro } from './bindings/NewRetro';
import type { Opened } from './bindings/Opened';
import type { OutgoingFile } from './bindings/OutgoingFile';
import type { PartnerChoice } from './bindings/PartnerChoice';
import type { PartnerSource } from './bindings/PartnerSource';
import type { RemoteStatus } from './bindings/RemoteStatus';
import type { Person } from './bindings/Person';
import type { Retro } from './bindings/Retro';
import type { RetroCursor } from './bindings/RetroCursor';
import type { RetroPage } from './bindings/RetroPage';
import type { Role } from './bindings/Role';
import type { RoleChoice } from './bindings/RoleChoice';
import type { TensionPair } from './bindings/TensionPair';
import type { SinceLastTime } from './bindings/SinceLastTime';
import type { Trends } from './bindings/Trends';
import type { TrendsQuery } from './bindings/TrendsQuery';
import type { Turn } from './bindings/Turn';
import type { WorkProgress } from './bindings/WorkProgress';
import type { ImportSummary } from './bindings/ImportSummary';
import type { Folder } from './bindings/Folder';
import { accelerator, MENU, SHORTCUTS, type Action } from './shortcuts';
import { toAppError } from './errors';

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toAppError(e);
  }
}

/** Told how far long work has come. */
type Told = (progress: WorkProgress) => void;

/** The arguments of long work, with the channel its progress comes back on. */
function told(onProgress: Told, args: Record<string, unknown> = {}): Record<string, unknown> {
  const channel = new Channel<WorkProgress>();
  channel.onmessage = onProgress;
  return { ...args, onProgress: channel };
}

export const journalStatus = () => call<JournalStatus>('journal_status');
/** Tries again to open a journal that could not be opened. */
export const reopenJournal = () => call<JournalStatus>('reopen_journal');
/** Puts the newest healthy backup in place of a damaged journal file, which is kept. */
export const restoreLatestBackup = () => call<JournalStatus>('restore_latest_backup');
export const setMe = (name: string, role: RoleChoice) => call<Person>('set_me', { name, role });
export const listRoles = () => call<Role[]>('list_roles');
export const listPartners = () => call<Person[]>('list_partners');
export const listRetroPage = (after: RetroCursor | null, limit: number) =>
  call<RetroPage>('list_retro_page', { after, limit });
export const getRetro = (id: number) => call<Retro>('get_retro', { id });
export const createRetro = (retro: NewRetro) => call<Retro>('create_retro', { retro });
export const renameRetro = (id: number, title: string) => call<Retro>('rename_retro', { id, title });
export const deleteRetro = (id: number) => call<null>('delete_retro', { id });

export const listNeeds = () => call<Need[]>('list_needs');
export const addNeed = (need: NeedInput) => call<Need>('add_need', { need });
export const updateNeed = (id: number, need: NeedInput) => call<Need>('update_need', { id, need });
export const setNeedArchived = (id: number, archived: boolean) => call<Need>('set_need_archived', { id, archived });
export const deleteNeed = (id: number) => call<null>('delete_need', { id });
export const addRole = (name: string) => call<Role>('add_role', { name });
export const renameRole = (id: number, name: string) => call<Role>('rename_role', { id, name });

export const listEntries = (retroId: number) => call<EntryView[]>('list_entries', { retroId });
export const saveEntry = (retroId: number, content: EntryContent) =>
  call<EntryView>('save_entry', { retroId, content });
export const sealEntry = (retroId: number) => call<EntryView>('seal_entry', { retroId });
export const unsealEntry = (retroId: number) => call<EntryView>('unseal_entry', { retroId });
/** One page of my entries: a search ranked by relevance, or the list newest first. */
export const searchEntries = (query: EntryQuery) => call<JournalPage>('search_entries', { query });

export const passTurn = (retroId: number) => call<Turn | null>('pass_turn', { retroId });
export const takeTurn = (retroId: number, personId: number, pin: string | null) =>
  call<Turn | null>('take_turn', { retroId, personId, pin });
export const setPin = (pin: string | null) => call<Person>('set_pin', { pin });

export const revealRetro = (retroId: number) => call<Retro>('reveal_retro', { retroId });
export const getComparison = (retroId: number) => call<Comparison>('get_comparison', { retroId });
export const addAddendum = (retroId: number, body: string) => call<EntryView>('add_addendum', { retroId, body });

export const listAgreements = (retroId: number) => call<Agreement[]>('list_agreements', { retroId });
export const reviewAgenda = (retroId: number) => call<Agreement[]>('review_agenda', { retroId });
export const dueAgreements = () => call<Agreement[]>('due_agreements');
export const addAgreement = (retroId: number, agreement: AgreementInput) =>
  call<Agreement>('add_agreement', { retroId, agreement });
export const setAgreementStatus = (id: number, status: AgreementStatus, reviewedIn: number | null) =>
  call<Agreement>('set_agreement_status', { id, status, reviewedIn });
export const renegotiateAgreement = (id: number, retroId: number, replacement: AgreementInput) =>
  call<Agreement>('renegotiate_agreement', { id, retroId, replacement });

export const listTensionPairs = () => call<TensionPair[]>('list_tension_pairs');
export const addTensionPair = (needA: number, needB: number, question: string) =>
  call<TensionPair>('add_tension_pair', { needA, needB, question });
export const deleteTensionPair = (id: number) => call<null>('delete_tension_pair', { id });

export const exportMarkdown = (request: MarkdownRequest) => call<MarkdownPreview>('export_markdown', { request });
/** Asks where to save, then writes the file; `null` when the person cancelled. */
export const saveMarkdown = (request: MarkdownRequest, onProgress: Told) =>
  call<string | null>('save_markdown', told(onProgress, { request }));
export const backupNow = (onProgress: Told) =>
  call<string | null>('backup_now', told(onProgress));
/** Replaces the journal with a chosen backup; returns where the old journal was kept. */
export const restoreBackup = (onProgress: Told) =>
  call<string | null>('restore_backup', told(onProgress));
/** Saves the whole journal as a JSON file, whole or not at all; returns where, or null. */
export const exportJournal = (includePrivate: boolean, onProgress: Told) =>
  call<string | null>('export_journal', told(onProgress, { includePrivate }));
/** Brings a journal file into this empty journal, whole or not at all. */
export const importJournal = (onProgress: Told) =>
  call<ImportSummary | null>('import_journal', told(onProgress));
/** Asks for a folder, then moves the journal there; `null` when the person cancelled. */
export const moveJournal = (onProgress: Told) => call<JournalStatus | null>('move_journal', told(onProgress));
/** Asks the long work under way to stop; it leaves nothing half-done. */
export const stopWork = () => call<void>('stop_work');

export const getTrends = (query: TrendsQuery) => call<Trends>('get_trends', { query });
/** The note beside one rating on a chart; empty when there is none. */
export const trendNote = (retroId: number, personId: number, needId: number) =>
  call<string>('trend_note', { retroId, personId, needId });
export const setPatternAside = (key: string, lastRetroId: number) =>
  call<null>('set_pattern_aside', { key, lastRetroId });
export const bringPatternBack = (key: string) => call<null>('bring_pattern_back', { key });
export const sinceLastTime = (retroId: number) => call<SinceLastTime>('since_last_time', { retroId });
export const exportTrends = (query: TrendsQuery) => call<MarkdownPreview>('export_trends', { query });
/** Asks where to save, then writes the file; `null` when the person cancelled. */
export const saveTrends = (query: TrendsQuery) => call<string | null>('save_trends', { query });

// ---- a 1:1 on two laptops -------------------------------------------------

export const createRemoteRetro = (retro: NewRetro) => call<Retro>('create_remote_retro', { retro });
export const remoteStatus = (retroId: number) => call<RemoteStatus>('remote_status', { retroId });
/** Seals my entry for my partner for good, and gives the file to send. */
export const sendEnvelope = (retroId: number) => call<OutgoingFile>('send_envelope', { retroId });
export const makeUpdate = (retroId: number) => call<OutgoingFile>('make_update', { retroId });
/** Asks where to save, then writes the file; `null` when the person cancelled. */
export const savePartnerFile = (file: OutgoingFile) => call<string | null>('save_partner_file', { file });
/** Asks which file to open; `null` when the person cancelled. */
export const choosePartnerFile = () => call<string | null>('choose_partner_file');
export const openPartnerFile = (from: PartnerSource, partner: PartnerChoice | null) =>
  call<Opened>('open_partner_file', { from, partner });
/** My reveal code; showing it is recorded in the journal. */
export const revealCode = (retroId: number) => call<string>('reveal_code', { retroId });
export const revealWithCode = (retroId: number, code: string) => call<Retro>('reveal_with_code', { retroId, code });

/** Shows the folder in the system's file manager. */
export const openFolder = (folder: Folder) => call<null>('open_folder', { folder });

/** Gives the window its menu, built from the shortcut table; each item calls `perform`. */
export async function setAppMenu(perform: (action: Action) => void): Promise<void> {
  const item = (action: Action) => {
    const shortcut = SHORTCUTS.find((s) => s.action === action)!;
    return { id: action, text: shortcut.menu, accelerator: accelerator(shortcut), action: () => perform(action) };
  };
  try {
    const menu = await Menu.new({
      items: MENU.map((group) => ({
        text: group.text,
        items: [
          ...group.actions.map(item),
          ...(group.quit ? [{ item: 'Separator' as const }, { item: 'Quit' as const }] : []),
        ],
      })),
    });
    await menu.setAsAppMenu();
  } catch (e) {
    throw toAppError(e);
  }
}

/** Asks for a folder for new backups (or, with `choose` false, goes back to the one beside the journal); `null` when cancelled. */
export const setBackupsFolder = (choose: boolean) => call<JournalStatus | null>('set_backups_folder', { choose });
export const listSchedules = () => call<Schedule[]>('list_schedules');
export const setSchedule = (schedule: Schedule) => call<Schedule>('set_schedule', { schedule });
export const clearSchedule = (partnerId: number) => call<null>('clear_schedule', { partnerId });
/** The reminders given since the window last asked, once. */
export const takeReminders = () => call<Reminder[]>('take_reminders');
export const startAtLogin = () => call<boolean>('start_at_login');
/** Starts the app at login, or no longer; says whether it now does. */
export const setStartAtLogin = (on: boolean) => call<boolean>('set_start_at_login', { on });

/** Calls `onReminded` whenever a reminder before a 1:1 is waiting to be taken. */
export const onReminded = (onReminded: () => void) => onEvent('reminded', onReminded);

/** Calls `onStart` with a partner's id when their reminder's notification was clicked. */
export const onStartRetroWith = (onStart: (partnerId: number) => void) =>
  onEvent<number>('start-retro-with', onStart);

/** The first list is on screen; the bench times the start to here. */
export const firstScreenPainted = () => call<null>('first_screen_painted');

/** The file the app was given to open (on its command line, or by a second launch), once. */
export const takeOpenedFile = () => call<string | null>('take_opened_file');

/** Calls `handler` with the payload of each `event` the app sends; returns what stops it. */
async function onEvent<T>(event: string, handler: (payload: T) => void): Promise<() => void> {
  try {
    return await listen<T>(event, (e) => handler(e.payload));
  } catch (e) {
    throw toAppError(e);
  }
}

/** Calls `onGiven` whenever a second launch hands this window a file to open. */
export const onFileGiven = (onGiven: () => void) => onEvent('file-given', onGiven);

/** Calls `onDrop` with the paths of files dropped on the window, and `onHover` while they are held over it. */
export async function onFileDrop(onDrop: (paths: string[]) => void, onHover: (over: boolean) => void): Promise<() => void> {
  try {
    return await getCurrentWebview().onDragDropEvent((event) => {
      const p = event.payload;
      if (p.type === 'drop') {
        onHover(false);
        onDrop(p.paths);
      } else {
        onHover(p.type !== 'leave');
      }
    });
  } catch (e) {
    throw toAppError(e);
  }
}

export async function copyText(text: string): Promise<void> {
  try {
    await writeText(text);
  } catch (e) {
    throw toAppError(e);
  }
}

// ---- UI preferences (tauri-plugin-store), never journal data --------------

export type Theme = 'light' | 'dark' | 'system';

export interface Settings {
  theme: Theme;
  lastRetroId: number | null;
  /** How many daily backups the app keeps. */
  backupsKept: number;
}

/** As many daily backups as the app keeps unless told otherwise: a week. */
export const BACKUPS_KEPT = 7;

const DEFAULTS: Settings = { theme: 'system', lastRetroId: null, backupsKept: BACKUPS_KEPT };

let store: Store | null = null;

/** Opens the settings file that sits beside the journal. */
export async function loadSettings(path: string): Promise<Settings> {
  try {
    store = await load(path, { defaults: { ...DEFAULTS }, autoSave: false });
    // One question for all of them: the window waits for these to start.
    const saved = new Map<string, unknown>(await store.entries());
    const theme = saved.get('theme');
    const lastRetroId = saved.get('lastRetroId');
    const backupsKept = saved.get('backupsKept');
    return {
      theme: theme === 'light' || theme === 'dark' ? theme : 'system',
      lastRetroId: typeof lastRetroId === 'number' ? lastRetroId : null,
      backupsKept: typeof backupsKept === 'number' && Number.isInteger(backupsKept) && backupsKept >= 1 ? backupsKept : BACKUPS_KEPT,
    };
  } catch (e) {
    throw toAppError(e);
  }
}

/** The preferences' saves, one after another: each waits for the one before. */
let saving: Promise<unknown> = Promise.resolve();

export function saveSetting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
  const saved = saving.then(async () => {
    if (!store) return;
    try {
      await store.set(key, value);
      await store.save();
    } catch (e) {
      throw toAppError(e);
    }
  });
  // A failed save is reported by its caller; the next one still runs.
  saving = saved.catch(() => {});
  return saved;
}

/** Resolves once every preference asked to be saved so far is on disk. */
export const settingsSaved = (): Promise<unknown> => saving;
