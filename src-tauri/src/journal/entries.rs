//! Entries: who is at the keyboard, what they may read, and the life of an
//! entry from draft to sealed to revealed.
//!
//! Rule 1 (no peeking) lives in [`readable`]: every path that returns entry
//! content goes through it, for the person at the keyboard, the active writer.

use std::collections::HashSet;

use super::input::{fts_query, held_on, long_text, EntryQuery, MAX_GUESSES, MAX_TAG, MAX_TAGS};
use super::{now, Journal, JournalError, Result};
use crate::store::{
    self, EntryContent, EntryFilter, EntryRow, EntryState, EntryView, Id, JournalItem, Retro,
    RetroKind,
};

/// May `viewer` read the entry `row`, written by `owner`? Only its writer
/// reads a draft; a sealed entry stays closed until the reveal, to its writer
/// too, except in a solo retro, where sealing only marks it finished; a
/// revealed entry is open to the participants.
/// While the laptop is being handed over there is no viewer, and nothing is readable.
fn readable(row: EntryRow, owner: Id, viewer: Option<Id>, viewer_participates: bool) -> bool {
    let writer = viewer == Some(owner);
    match row.state {
        EntryState::Draft => writer,
        EntryState::Sealed => writer && row.kind == RetroKind::Solo,
        EntryState::Revealed => viewer.is_some() && viewer_participates,
    }
}

impl Journal {
    /// Every participant's entry in a retro, as the active writer may see it.
    pub fn entries(&self, retro_id: Id) -> Result<Vec<EntryView>> {
        let retro = self.retro(retro_id)?;
        let viewer = self.keyboard()?.writer;
        let participates = retro
            .participants
            .iter()
            .any(|p| Some(p.person.id) == viewer);
        let conn = self.db.conn();
        retro
            .participants
            .into_iter()
            .map(|p| {
                let row = store::entry_row(conn, retro_id, p.person.id)?;
                let mut view = EntryView {
                    person: p.person,
                    state: row.map(|r| r.state),
                    content: None,
                    saved_at: None,
                    addenda: Vec::new(),
                };
                if let Some(row) =
                    row.filter(|r| readable(*r, view.person.id, viewer, participates))
                {
                    let (mut content, saved_at) = store::entry_content(conn, row.id)?;
                    // Private notes are their writer's alone, after the reveal too (rule 5).
                    if viewer != Some(view.person.id) {
                        content.private_notes.clear();
                    }
                    view.content = Some(content);
                    view.saved_at = Some(saved_at);
                    view.addenda = store::addenda(conn, row.id)?;
                }
                Ok(view)
            })
            .collect()
    }

    /// The active writer's own entry in a retro.
    pub fn my_entry(&self, retro_id: Id) -> Result<EntryView> {
        let writer = self.active_writer()?.id;
        self.entries(retro_id)?
            .into_iter()
            .find(|e| e.person.id == writer)
            .ok_or(JournalError::NotParticipant)
    }

    /// Saves everything the active writer has written in a retro, creating
    /// the draft on the first save. Refused, with nothing changed, for a
    /// sealed or revealed entry and for anything that fails validation.
    pub fn save_entry(&mut self, retro_id: Id, content: &EntryContent) -> Result<EntryView> {
        let writer = self.active_writer()?.id;
        let retro = self.retro(retro_id)?;
        let content = self.validate(&retro, content)?;
        self.db.write(|tx| {
            let id = entry_for_writing(tx, retro_id, writer)?;
            store::write_entry_content(tx, id, &content, &now())?;
            Ok::<_, JournalError>(())
        })?;
        self.my_entry(retro_id)
    }

    /// Seals the active writer's entry: from now on it is read-only.
    pub fn seal_entry(&mut self, retro_id: Id) -> Result<EntryView> {
        let writer = self.active_writer()?.id;
        self.db.write(|tx| {
            let id = entry_for_writing(tx, retro_id, writer)?;
            store::set_entry_state(tx, id, EntryState::Sealed, &now())?;
            Ok::<_, JournalError>(())
        })?;
        self.my_entry(retro_id)
    }

    /// Unseals the active writer's entry, while nothing has been revealed.
    pub fn unseal_entry(&mut self, retro_id: Id) -> Result<EntryView> {
        let writer = self.active_writer()?.id;
        self.db.write(|tx| {
            let row = store::entry_row(tx, retro_id, writer)?
                .ok_or(JournalError::NotFound("That entry"))?;
            match row.state {
                EntryState::Draft => Ok::<(), JournalError>(()),
                EntryState::Revealed => Err(store::StoreError::EntryRevealed.into()),
                // The schema refuses this too once the retro is revealed.
                EntryState::Sealed => Ok(store::set_entry_state(
                    tx,
                    row.id,
                    EntryState::Draft,
                    &now(),
                )?),
            }
        })?;
        self.my_entry(retro_id)
    }

    /// Adds a dated note to the active writer's revealed entry. The entry
    /// itself stays as it was revealed; the schema refuses a note before that.
    pub fn add_addendum(&mut self, retro_id: Id, body: &str) -> Result<EntryView> {
        let writer = self.active_writer()?.id;
        self.retro(retro_id)?;
        if body.trim().is_empty() {
            return Err(JournalError::Invalid("Write the note first.".into()));
        }
        long_text("The note", body)?;
        self.db.write(|tx| {
            let row = store::entry_row(tx, retro_id, writer)?
                .filter(|r| r.state == EntryState::Revealed)
                .ok_or(store::StoreError::EntryNotRevealed)?;
            store::insert_addendum(tx, row.id, body.trim(), &now())?;
            Ok::<_, JournalError>(())
        })?;
        self.my_entry(retro_id)
    }

    /// Reveals every entry of a paired retro at once, when all are sealed.
    pub fn reveal(&mut self, retro_id: Id) -> Result<Retro> {
        self.active_writer()?;
        let retro = self.retro(retro_id)?;
        if retro.kind == RetroKind::Solo {
            return Err(JournalError::Invalid(
                "A solo retro has nobody to reveal it to; sealing it is enough.".into(),
            ));
        }
        self.db.write(|tx| {
            for p in &retro.participants {
                match store::entry_row(tx, retro_id, p.person.id)? {
                    Some(row) if row.state == EntryState::Sealed => {}
                    Some(row) if row.state == EntryState::Revealed => {
                        return Err(store::StoreError::EntryRevealed.into())
                    }
                    _ => return Err(JournalError::NotAllSealed(p.person.name.clone())),
                }
            }
            store::reveal_retro(tx, retro_id, &now())?;
            Ok::<_, JournalError>(())
        })?;
        self.retro(retro_id)
    }

    /// The active writer's own entries that they may read, newest first,
    /// narrowed by words, a need and dates.
    pub fn my_entries(&self, query: &EntryQuery) -> Result<Vec<JournalItem>> {
        let writer = self.active_writer()?.id;
        let day = |d: &Option<String>| {
            d.as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(held_on)
                .transpose()
        };
        let matching = fts_query(&query.text);
        let filter = EntryFilter {
            matching: matching.as_deref(),
            need_id: query.need_id,
            from: day(&query.from)?,
            to: day(&query.to)?,
        };
        let items = store::person_entries(self.db.conn(), writer, &filter)?;
        // Entries the writer may not read back (their own sealed paired
        // entries) are left out whole, snippet included.
        Ok(items
            .into_iter()
            .filter(|i| {
                let row = EntryRow {
                    id: 0,
                    state: i.state,
                    kind: i.kind,
                };
                readable(row, writer, Some(writer), true)
            })
            .collect())
    }

    /// Checks an entry before it is written, and returns it tidied: tags
    /// trimmed and de-duplicated. Text fields are kept exactly as typed.
    fn validate(&self, retro: &Retro, c: &EntryContent) -> Result<EntryContent> {
        let conn = self.db.conn();
        for (label, value) in [
            ("The sentence you have not said", &c.unsaid),
            ("Your position", &c.position),
            ("The concern under it", &c.concern),
            ("What you can offer", &c.offer),
            ("What you want to ask for", &c.ask),
            ("Your private notes", &c.private_notes),
        ] {
            long_text(label, value)?;
        }
        let known = |id: Id| -> Result<()> {
            if store::need_exists(conn, id)? {
                Ok(())
            } else {
                Err(JournalError::Invalid(format!(
                    "Need #{id} is not in the catalog. Reload the needs and pick one from the list."
                )))
            }
        };
        let mut rated = HashSet::new();
        for r in &c.ratings {
            known(r.need_id)?;
            if !rated.insert(r.need_id) {
                return Err(JournalError::Invalid(
                    "A need can be rated only once in an entry.".into(),
                ));
            }
            if let Some(v) = r.rating.filter(|v| !(1..=5).contains(v)) {
                return Err(JournalError::Invalid(format!(
                    "A rating goes from 1 (not met at all) to 5 (fully met); {v} is outside that."
                )));
            }
            long_text("A rating's note", &r.note)?;
        }
        if let Some(id) = c.top_need_id {
            known(id)?;
        }
        if !c.guesses.is_empty() && retro.kind == RetroKind::Solo {
            return Err(JournalError::Invalid(
                "Guessing a partner's needs only applies to a paired retro.".into(),
            ));
        }
        if c.guesses.len() > MAX_GUESSES {
            return Err(JournalError::Invalid(format!(
                "Pick at most {MAX_GUESSES} needs for your guess."
            )));
        }
        let mut guessed = HashSet::new();
        for &id in &c.guesses {
            known(id)?;
            if !guessed.insert(id) {
                return Err(JournalError::Invalid(
                    "Each guessed need can be picked once.".into(),
                ));
            }
        }
        let mut proxies: Vec<String> = Vec::new();
        for tag in &c.proxies {
            let tag = tag.trim();
            if tag.is_empty() || proxies.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
                continue;
            }
            if tag.chars().count() > MAX_TAG {
                return Err(JournalError::Invalid(format!(
                    "A proxy tag can be at most {MAX_TAG} characters."
                )));
            }
            proxies.push(tag.to_owned());
        }
        if proxies.len() > MAX_TAGS {
            return Err(JournalError::Invalid(format!(
                "An entry can carry at most {MAX_TAGS} proxy tags."
            )));
        }
        Ok(EntryContent {
            proxies,
            ..c.clone()
        })
    }
}

/// The id of `person_id`'s entry in a retro, created as a draft if it does
/// not exist yet. Only participants have one.
fn entry_for_writing(tx: &rusqlite::Transaction, retro_id: Id, person_id: Id) -> Result<Id> {
    if let Some(row) = store::entry_row(tx, retro_id, person_id)? {
        return Ok(row.id);
    }
    if !store::is_participant(tx, retro_id, person_id)? {
        return Err(JournalError::NotParticipant);
    }
    Ok(store::insert_entry(tx, retro_id, person_id, &now())?)
}
