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
mod input;
mod turns;

use std::path::Path;

use chrono::{SecondsFormat, Utc};
use rusqlite::Transaction;

use crate::store::{self, Db};
pub use crate::store::{backups_dir, daily_backup};
pub use crate::store::{
    Addendum, Agreement, AgreementStatus, Commitment, CycleStage, EntryContent, EntryState,
    EntryView, Id, JournalItem, Need, NeedRating, Participant, Person, Retro, RetroCursor,
    RetroKind, RetroState, Role, StatusChange, TensionPair, Turn, SCHEMA_VERSION,
};
pub use compare::{Comparison, NeedGroup, NeedRow, Perspective, Signal, Tension};
pub use deals::AgreementInput;
pub use error::{JournalError, Result};
use input::held_on;
pub use input::{
    long_text, text, EntryQuery, NeedInput, NewRetro, PartnerChoice, RoleChoice, MAX_FIELD,
    MAX_GUESSES, MAX_NAME, MAX_QUESTION, MAX_TAG, MAX_TAGS, MAX_TITLE,
};

pub struct Journal {
    db: Db,
    pins: turns::PinGuard,
}

/// The current instant as stored: UTC, RFC 3339, milliseconds.
fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
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
            pins: turns::PinGuard::default(),
        }
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
        let name = text("Your name", name, MAX_NAME)?;
        let id = self.db.write(|tx| {
            let role_id = resolve_role(tx, role)?;
            Ok::<_, JournalError>(match store::me(tx)? {
                Some(me) => {
                    store::update_person(tx, me.id, &name, role_id)?;
                    me.id
                }
                None => store::insert_person(tx, &name, role_id, true, &now())?,
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
        let id = self.db.write(|tx| resolve_partner(tx, &choice))?;
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
        let mut all = store::retros(self.db.conn(), None)?;
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
        let mut page = store::retros_page(self.db.conn(), kb.retro, after, Some(limit))?;
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
        store::retros(self.db.conn(), Some(id))?
            .pop()
            .filter(|r| kb.sees(r))
            .ok_or(JournalError::NotFound("That retro"))
    }

    /// Creates a retro with me as a participant, and the partner too when it
    /// is paired. A new partner is created in the same transaction, so a
    /// refused retro leaves no stray partner behind.
    pub fn create_retro(&mut self, new: &NewRetro) -> Result<Retro> {
        self.owner_at_keyboard()?;
        let me = self.require_me()?;
        let title = text("The title", &new.title, MAX_TITLE)?;
        let held_on = held_on(&new.held_on)?;
        let id = self.db.write(|tx| {
            let kind = if new.partner.is_some() {
                RetroKind::Paired
            } else {
                RetroKind::Solo
            };
            let id = store::insert_retro(tx, &title, held_on, kind, &now())?;
            store::insert_participant(tx, id, me.id)?;
            if let Some(choice) = &new.partner {
                let partner = resolve_partner(tx, choice)?;
                store::insert_participant(tx, id, partner)?;
            }
            Ok::<_, JournalError>(id)
        })?;
        self.retro(id)
    }

    pub fn rename_retro(&mut self, id: Id, title: &str) -> Result<Retro> {
        self.owner_at_keyboard()?;
        let title = text("The title", title, MAX_TITLE)?;
        let changed = self
            .db
            .write(|tx| Ok::<_, JournalError>(store::rename_retro(tx, id, &title, &now())?))?;
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
        self.owner_at_keyboard()?;
        Ok(self.db.backup_to(dest)?)
    }

    /// What SQLite finds damaged in the file; empty when it is healthy.
    pub fn problems(&self) -> Result<Vec<String>> {
        Ok(self.db.problems()?)
    }

    /// Replaces the whole journal with a backup, after checking the backup.
    /// The journal as it was is first copied to `safety`.
    pub fn restore_backup(&mut self, src: &Path, safety: &Path) -> Result<()> {
        self.owner_at_keyboard()?;
        Ok(self.db.restore_from(src, safety)?)
    }

    // ---- import --------------------------------------------------------------

    /// Replaces the catalog and people of an empty journal with those of an
    /// imported file, and adds its retros, all inside one transaction run by
    /// `apply`. Refused for a journal that already holds anything of its own,
    /// so an import never overwrites.
    pub fn restore(&mut self, apply: impl FnOnce(&Transaction) -> Result<()>) -> Result<()> {
        self.owner_at_keyboard()?;
        self.db.write(|tx| {
            if !store::is_empty_journal(tx)? {
                return Err(JournalError::Invalid(
                    "This journal already has retros, partners or needs of its own, and an import \
                     never overwrites anything. Import into a new journal instead (for example \
                     `retro-companion --journal NEW_FILE import FILE`)."
                        .into(),
                ));
            }
            store::clear_catalog(tx)?;
            apply(tx)
        })
    }

    // ---- entries ---------------------------------------------------------

    /// Starts `person`'s entry in a retro. Only participants write entries,
    /// and each writes at most one.
    pub fn start_entry(&mut self, retro_id: Id, person_id: Id) -> Result<Id> {
        self.db.write(|tx| {
            if !store::is_participant(tx, retro_id, person_id)? {
                return Err(JournalError::NotParticipant);
            }
            if store::entry_id(tx, retro_id, person_id)?.is_some() {
                return Err(JournalError::EntryExists);
            }
            Ok(store::insert_entry(tx, retro_id, person_id, &now())?)
        })
    }
}

fn resolve_role(tx: &Transaction, choice: &RoleChoice) -> Result<Id> {
    match choice {
        RoleChoice::Existing { id } => match store::role(tx, *id)? {
            Some(role) => Ok(role.id),
            None => Err(JournalError::NotFound("That role")),
        },
        RoleChoice::New { name } => {
            let name = text("The role's name", name, MAX_NAME)?;
            // Typing the name of a role that exists picks that role.
            match store::role_by_name(tx, &name)? {
                Some(role) => Ok(role.id),
                None => Ok(store::insert_role(tx, &name)?),
            }
        }
    }
}

fn resolve_partner(tx: &Transaction, choice: &PartnerChoice) -> Result<Id> {
    match choice {
        PartnerChoice::Existing { id } => match store::person(tx, *id)? {
            Some(p) if !p.is_me => Ok(p.id),
            Some(_) => Err(JournalError::Invalid(
                "A paired retro needs a partner other than you.".into(),
            )),
            None => Err(JournalError::NotFound("That partner")),
        },
        PartnerChoice::New { name, role } => {
            let name = text("The partner's name", name, MAX_NAME)?;
            let role_id = resolve_role(tx, role)?;
            Ok(store::insert_person(tx, &name, role_id, false, &now())?)
        }
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_together;
