//! The journal: the product's rules over the store.
//!
//! Everything the desktop window and the command line can do to a journal goes
//! through [`Journal`]. It validates input, decides what one transaction
//! covers, and never imports Tauri, so every rule is tested without a window.

mod catalog;
mod compare;
mod deals;
mod entries;
mod error;
mod import;
mod input;
pub mod patterns;
mod place;
mod reminders;
mod remote;
mod repair;
pub mod rules;
mod trends;
mod turns;
mod updates;

use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::Transaction;

use crate::store::{self, Db, RetroScope};
pub use crate::store::{
    backup_path, backups_dir, check_backups_dir, chosen_backups_dir, daily_backup, settings_path,
    BACKUPS_FOLDER, DAILY_KEPT,
};
pub use crate::store::{
    Addendum, Agreement, AgreementStatus, Commitment, CycleStage, EntryContent, EntryCursor,
    EntryState, EntryView, Id, JournalItem, JournalPage, Need, NeedRating, Participant, Person,
    Retro, RetroCursor, RetroKind, RetroState, Role, Schedule, StatusChange, TensionPair, Turn,
    SCHEMA_VERSION,
};
pub use compare::{CompareCatalog, Comparison, NeedGroup, NeedRow, Perspective, Signal, Tension};
pub use compare::{GAP_AT_LEAST, PAIN_AT_MOST};
pub use deals::{AgreementInput, DealRecord, StillOpen};
pub use error::{ErrorCode, JournalError, Result};
pub use import::{
    FileAddendum, FileAgreement, FileEntry, FilePerson, FileRetro, ImportSummary, Importer,
};
pub use input::{EntryQuery, NeedInput, NewRetro, PartnerChoice, RoleChoice};
pub use patterns::{Evidence, Pattern, PatternKind, PatternRules};
pub use place::{default_journal_in, finish_move};
pub use reminders::{starts_at, Reminder, MAX_LEAD_MINUTES};
pub use remote::{
    Incoming, NeedLabel, Outgoing, Received, RemoteStatus, SealedEntry, SentEnvelope, Side,
};
pub use repair::{latest_backup, restore_latest_backup, restore_unopenable, BackupFile, Repaired};
use rules::Source;
pub use rules::{MAX_FIELD, MAX_GUESSES, MAX_NAME, MAX_QUESTION, MAX_TAG, MAX_TAGS, MAX_TITLE};
pub use trends::{
    DealOutcome, Grid, NeedDeals, NeedTrend, ProxyCount, SinceLastTime, TrendRetro, Trends,
    TrendsQuery,
};
pub use updates::{
    RevealKeys, Update, UpdateCommitment, UpdateDeal, UpdateNote, UpdateStatus, UpdateSummary,
};

/// Where the journal reads the time. The system clock, except in tests that
/// need time to pass (a PIN's wait) without waiting.
pub type Clock = Box<dyn Fn() -> DateTime<Utc> + Send>;

/// Told how far long work has come: `done` of `total`, in the work's own
/// unit (retros, bytes, pages). An error from it stops the work, which then
/// leaves the journal as it was and no file half-written; asking to stop
/// is [`JournalError::Cancelled`].
pub type Progress<'a> = dyn FnMut(u64, u64) -> Result<()> + 'a;

pub struct Journal {
    db: Db,
    clock: Clock,
}

impl Journal {
    /// Opens the journal file at `path`, creating and migrating it as needed.
    pub fn open(path: &Path) -> Result<Self> {
        Ok(Journal::over(Db::open(path)?))
    }

    pub fn open_in_memory() -> Result<Self> {
        Ok(Journal::over(Db::open_in_memory()?))
    }

    fn over(db: Db) -> Self {
        Journal {
            db,
            clock: Box::new(Utc::now),
        }
    }

    /// The journal file, or `None` for a journal in memory.
    pub fn path(&self) -> Option<&Path> {
        self.db.path()
    }

    /// Reads the time from `clock` from now on.
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// The current instant, by the journal's clock.
    pub fn clock(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// The current instant as stored: UTC, RFC 3339, milliseconds.
    fn now(&self) -> String {
        (self.clock)().to_rfc3339_opts(SecondsFormat::Millis, true)
    }

    // ---- people and roles ------------------------------------------------

    /// The owner of this journal, once onboarding is done.
    pub fn me(&self) -> Result<Option<Person>> {
        Ok(store::me(self.db.conn())?)
    }

    fn require_me(&self) -> Result<Person> {
        self.me()?.ok_or(JournalError::NoMe)
    }

    /// Records who owns this journal, or corrects their name and role.
    pub fn set_me(&mut self, name: &str, role: &RoleChoice) -> Result<Person> {
        self.owner_at_keyboard()?;
        let name = rules::name(Source::Typed, "Your name", name)?;
        let now = self.now();
        let id = self.db.write(|tx| {
            let role_id = resolve_role(tx, role)?;
            Ok::<_, JournalError>(match store::me(tx)? {
                Some(me) => {
                    store::update_person(tx, me.id, &name, role_id)?;
                    me.id
                }
                None => store::insert_person(tx, None, &name, role_id, true, &now)?,
            })
        })?;
        self.person(id)
    }

    pub fn roles(&self) -> Result<Vec<Role>> {
        Ok(store::roles(self.db.conn())?)
    }

    pub fn needs(&self) -> Result<Vec<Need>> {
        Ok(store::needs(self.db.conn())?)
    }

    pub fn partners(&self) -> Result<Vec<Person>> {
        Ok(store::partners(self.db.conn())?)
    }

    pub fn add_partner(&mut self, name: &str, role: &RoleChoice) -> Result<Person> {
        self.owner_at_keyboard()?;
        let choice = PartnerChoice::New {
            name: name.to_owned(),
            role: role.clone(),
        };
        let now = self.now();
        let id = self.db.write(|tx| resolve_partner(tx, &choice, &now))?;
        self.person(id)
    }

    fn person(&self, id: Id) -> Result<Person> {
        store::person(self.db.conn(), id)?.ok_or(JournalError::NotFound("That person"))
    }

    // ---- retros ----------------------------------------------------------

    /// Every retro in view, newest first: all of them for the owner, only
    /// the retro being written in turns during a partner's turn.
    pub fn retros(&self) -> Result<Vec<Retro>> {
        let kb = self.keyboard()?;
        let mut all = store::retros(self.db.conn(), RetroScope::All)?;
        all.retain(|r| kb.sees(r));
        Ok(all)
    }

    /// Up to `limit` retros in view, newest first, starting after `after`,
    /// and where the next page starts (`None` on the last page).
    pub fn retro_page(
        &self,
        after: Option<RetroCursor>,
        limit: usize,
    ) -> Result<(Vec<Retro>, Option<RetroCursor>)> {
        let kb = self.keyboard()?;
        let scope = match kb.retro {
            Some(id) => RetroScope::One(id),
            None => RetroScope::Page { after, limit },
        };
        let mut page = store::retros(self.db.conn(), scope)?;
        let next = (page.len() == limit)
            .then(|| {
                page.last().map(|r| RetroCursor {
                    held_on: r.held_on,
                    id: r.id,
                })
            })
            .flatten();
        page.retain(|r| kb.sees(r));
        Ok((page, next))
    }

    /// One retro, if it is in view; the same answer as a deleted one otherwise.
    pub fn retro(&self, id: Id) -> Result<Retro> {
        let kb = self.keyboard()?;
        store::retros(self.db.conn(), RetroScope::One(id))?
            .pop()
            .filter(|r| kb.sees(r))
            .ok_or(JournalError::NotFound("That retro"))
    }

    /// Creates a retro with me as a participant, and the partner too when it
    /// is paired. A new partner is created in the same transaction, so a
    /// refused retro leaves no stray partner behind.
    pub fn create_retro(&mut self, new: &NewRetro) -> Result<Retro> {
        self.new_retro(new, false)
    }

    /// A retro, held on two laptops when `remote`: made in one transaction.
    fn new_retro(&mut self, new: &NewRetro, remote: bool) -> Result<Retro> {
        self.owner_at_keyboard()?;
        let me = self.require_me()?;
        let title = rules::line(Source::Typed, "title", "The title", &new.title, MAX_TITLE)?;
        let held_on = rules::day(Source::Typed, "heldOn", &new.held_on)?;
        let now = self.now();
        let id = self.db.write(|tx| {
            let mut people = vec![me.id];
            if let Some(choice) = &new.partner {
                people.push(resolve_partner(tx, choice, &now)?);
            }
            let kind = if people.len() == 2 {
                RetroKind::Paired
            } else {
                RetroKind::Solo
            };
            let row = store::NewRetroRow {
                id: None,
                title: &title,
                held_on,
                kind,
                revealed_at: None,
                participants: &people,
                uid: None,
            };
            let id = store::insert_retro(tx, &row, &now)?;
            if remote {
                store::mark_remote(tx, id)?;
            }
            Ok::<_, JournalError>(id)
        })?;
        self.retro(id)
    }

    pub fn rename_retro(&mut self, id: Id, title: &str) -> Result<Retro> {
        self.owner_at_keyboard()?;
        let title = rules::line(Source::Typed, "title", "The title", title, MAX_TITLE)?;
        let now = self.now();
        let changed = self
            .db
            .write(|tx| Ok::<_, JournalError>(store::rename_retro(tx, id, &title, &now)?))?;
        if changed == 0 {
            return Err(JournalError::NotFound("That retro"));
        }
        self.retro(id)
    }

    /// Deletes a retro and everything written in it. The UI asks first.
    pub fn delete_retro(&mut self, id: Id) -> Result<()> {
        self.owner_at_keyboard()?;
        let gone = self
            .db
            .write(|tx| Ok::<_, JournalError>(store::delete_retro(tx, id)?))?;
        if gone == 0 {
            return Err(JournalError::NotFound("That retro"));
        }
        Ok(())
    }

    // ---- the file ------------------------------------------------------------

    /// Writes a consistent copy of the whole journal to `dest`. It holds
    /// everything, so only the owner takes one.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        self.backup_with(dest, &mut |_, _| Ok(()))
    }

    /// [`Journal::backup_to`], telling `progress` the pages copied so far.
    /// Stopped by it, it leaves no file behind.
    pub fn backup_with(&self, dest: &Path, progress: &mut Progress) -> Result<()> {
        self.owner_at_keyboard()?;
        stoppable(progress, |go_on| self.db.backup_with(dest, go_on))
    }

    /// Runs work that reads the whole journal with the file unmapped, so
    /// its memory does not grow with the journal (see `Db::map_pages`).
    pub fn unmapped<T, E: From<JournalError>>(
        &self,
        work: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        self.db.map_pages(false).map_err(JournalError::from)?;
        let done = work();
        let _ = self.db.map_pages(true);
        done
    }

    /// What SQLite finds damaged in the file; empty when it is healthy.
    pub fn problems(&self) -> Result<Vec<String>> {
        Ok(self.db.problems()?)
    }

    /// Replaces the whole journal with a backup, after checking the backup
    /// and bringing a copy of it up to the current format. The journal as it
    /// was is kept in the backups folder first; returns where.
    pub fn restore_backup(&mut self, src: &Path) -> Result<PathBuf> {
        self.restore_backup_with(src, &mut |_, _| Ok(()))
    }

    /// [`Journal::restore_backup`], telling `progress` how much of the
    /// backup is copied aside to be checked. Stopped by it, the journal
    /// stays exactly as it was.
    pub fn restore_backup_with(&mut self, src: &Path, progress: &mut Progress) -> Result<PathBuf> {
        self.owner_at_keyboard()?;
        let stamp = (self.clock)().format("%Y%m%dT%H%M%S%.3fZ");
        let journal = self.db.path().unwrap_or(Path::new(""));
        let safety = backup_path(journal, &format!("before-restore-{stamp}.sqlite3"));
        stoppable(progress, |go_on| self.db.restore_from(src, &safety, go_on))?;
        Ok(safety)
    }

    // ---- entries ---------------------------------------------------------

    /// Starts `person`'s entry in a retro. Only participants write entries,
    /// and each writes at most one.
    pub fn start_entry(&mut self, retro_id: Id, person_id: Id) -> Result<Id> {
        let now = self.now();
        self.db.write(|tx| {
            if !store::is_participant(tx, retro_id, person_id)? {
                return Err(JournalError::NotParticipant);
            }
            if store::entry_id(tx, retro_id, person_id)?.is_some() {
                return Err(JournalError::EntryExists);
            }
            Ok(store::insert_entry(tx, retro_id, person_id, &now)?)
        })
    }
}

/// Runs work in the store that `progress` may stop (the work answers
/// `Ok(false)` when it stopped), and says why it stopped.
fn stoppable(
    progress: &mut Progress,
    work: impl FnOnce(&mut dyn FnMut(u64, u64) -> bool) -> store::Result<bool>,
) -> Result<()> {
    let mut stopped = None;
    let done =
        work(&mut |done, total| progress(done, total).map_err(|e| stopped = Some(e)).is_ok())?;
    match done {
        true => Ok(()),
        false => Err(stopped.unwrap_or(JournalError::Cancelled)),
    }
}

fn resolve_role(tx: &Transaction, choice: &RoleChoice) -> Result<Id> {
    match choice {
        RoleChoice::Existing { id } => match store::role(tx, *id)? {
            Some(role) => Ok(role.id),
            None => Err(JournalError::NotFound("That role")),
        },
        RoleChoice::New { name } => {
            let name = rules::name(Source::Typed, "The role's name", name)?;
            // Typing the name of a role that exists picks that role.
            match store::role_by_name(tx, &name)? {
                Some(role) => Ok(role.id),
                None => Ok(store::insert_role(tx, None, &name, false)?),
            }
        }
    }
}

pub(super) fn resolve_partner(tx: &Transaction, choice: &PartnerChoice, now: &str) -> Result<Id> {
    match choice {
        PartnerChoice::Existing { id } => match store::person(tx, *id)? {
            Some(p) if !p.is_me => Ok(p.id),
            Some(_) => Err(JournalError::Invalid(
                "A paired retro needs a partner other than you.".into(),
            )),
            None => Err(JournalError::NotFound("That partner")),
        },
        PartnerChoice::New { name, role } => {
            let name = rules::name(Source::Typed, "The partner's name", name)?;
            let role_id = resolve_role(tx, role)?;
            Ok(store::insert_person(tx, None, &name, role_id, false, now)?)
        }
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_memory;
#[cfg(test)]
mod tests_remote;
#[cfg(test)]
mod tests_together;
