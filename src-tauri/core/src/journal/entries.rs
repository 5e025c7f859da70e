//! Entries: who is at the keyboard, what they may read, and the life of an
//! entry from draft to sealed to revealed.
//!
//! Rule 1 (no peeking) lives in [`readable`]: every path that returns entry
//! content goes through it, for the person at the keyboard, the active writer.

use super::input::{fts_query, EntryQuery};
use super::rules::{self, Source};
use super::{Journal, JournalError, Result};
use crate::store::{
    self, EntryContent, EntryFilter, EntryRow, EntryState, EntryView, Id, JournalItem, JournalPage,
    Retro, RetroKind, RetroState,
};

/// May `viewer` read the entry `row`, written by `owner`? Only its writer
/// reads a draft; a sealed entry stays closed until the reveal, to its writer
/// too, except in a solo retro, where sealing only marks it finished; a
/// revealed entry is open to the participants.
/// While the laptop is being handed over there is no viewer, and nothing is readable.
pub(super) fn readable(
    row: EntryRow,
    owner: Id,
    viewer: Option<Id>,
    viewer_participates: bool,
) -> bool {
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
        Ok(self
            .entries_of(vec![retro])?
            .pop()
            .map(|(_, e)| e)
            .unwrap_or_default())
    }

    /// Every participant's entry in each of `retros`, as the person at the
    /// keyboard may see it: the same as [`Journal::entries`] for each, read
    /// in one statement per table for all of them.
    pub fn entries_of(&self, retros: Vec<Retro>) -> Result<Vec<(Retro, Vec<EntryView>)>> {
        let viewer = self.keyboard()?.writer;
        let conn = self.db.conn();
        let retro_ids: Vec<Id> = retros.iter().map(|r| r.id).collect();
        let rows = store::entry_rows(conn, &retro_ids)?;
        // The entries this reader may read, and nothing of the others.
        let mut readable_ids = Vec::new();
        for r in &retros {
            let participates = r.participants.iter().any(|p| Some(p.person.id) == viewer);
            for p in &r.participants {
                if let Some(row) = rows.get(&(r.id, p.person.id)) {
                    if readable(*row, p.person.id, viewer, participates) {
                        readable_ids.push(row.id);
                    }
                }
            }
        }
        let mut contents = store::entry_contents(conn, &readable_ids)?;
        let mut addenda = store::addenda_of(conn, &readable_ids)?;
        Ok(retros
            .into_iter()
            .map(|r| {
                let views = r
                    .participants
                    .iter()
                    .map(|p| {
                        let row = rows.get(&(r.id, p.person.id));
                        let mut view = EntryView {
                            person: p.person.clone(),
                            state: row.map(|r| r.state),
                            content: None,
                            saved_at: None,
                            addenda: Vec::new(),
                        };
                        if let Some((mut content, saved_at)) =
                            row.and_then(|row| contents.remove(&row.id))
                        {
                            // Private notes are their writer's alone, after the reveal too (rule 5).
                            if viewer != Some(view.person.id) {
                                content.private_notes.clear();
                            }
                            view.content = Some(content);
                            view.saved_at = Some(saved_at);
                            view.addenda = row
                                .and_then(|row| addenda.remove(&row.id))
                                .unwrap_or_default();
                        }
                        view
                    })
                    .collect();
                (r, views)
            })
            .collect())
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
        let now = self.now();
        self.db.write(|tx| {
            let content = rules::entry_content(tx, Source::Typed, retro.kind, content)?;
            let id = entry_for_writing(tx, retro_id, writer, &now)?;
            store::write_entry_content(tx, id, &content, &now)?;
            Ok::<_, JournalError>(())
        })?;
        self.my_entry(retro_id)
    }

    /// Seals the active writer's entry: from now on it is read-only.
    pub fn seal_entry(&mut self, retro_id: Id) -> Result<EntryView> {
        let writer = self.active_writer()?.id;
        let now = self.now();
        self.db.write(|tx| {
            let id = entry_for_writing(tx, retro_id, writer, &now)?;
            store::set_entry_state(tx, id, EntryState::Sealed, &now)?;
            Ok::<_, JournalError>(())
        })?;
        self.my_entry(retro_id)
    }

    /// Unseals the active writer's entry, while nothing has been revealed.
    pub fn unseal_entry(&mut self, retro_id: Id) -> Result<EntryView> {
        let writer = self.active_writer()?.id;
        let now = self.now();
        self.db.write(|tx| {
            let row = store::entry_row(tx, retro_id, writer)?
                .ok_or(JournalError::NotFound("That entry"))?;
            match row.state {
                EntryState::Draft => Ok::<(), JournalError>(()),
                EntryState::Revealed => Err(store::StoreError::EntryRevealed.into()),
                EntryState::Sealed if store::envelope(tx, retro_id, writer)?.is_some() => {
                    Err(JournalError::Invalid(
                        "This entry was sent sealed to your partner, so it stays sealed.".into(),
                    ))
                }
                // The schema refuses this too once the retro is revealed.
                EntryState::Sealed => {
                    Ok(store::set_entry_state(tx, row.id, EntryState::Draft, &now)?)
                }
            }
        })?;
        self.my_entry(retro_id)
    }

    /// Adds a dated note to the active writer's revealed entry. The entry
    /// itself stays as it was revealed; the schema refuses a note before that.
    pub fn add_addendum(&mut self, retro_id: Id, body: &str) -> Result<EntryView> {
        let writer = self.active_writer()?.id;
        self.retro(retro_id)?;
        let body = rules::addendum(Source::Typed, body)?;
        let now = self.now();
        self.db.write(|tx| {
            let row = store::entry_row(tx, retro_id, writer)?
                .filter(|r| r.state == EntryState::Revealed)
                .ok_or(store::StoreError::EntryNotRevealed)?;
            store::insert_addendum(tx, row.id, &body, &now, None)?;
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
        not_revealed_yet(&retro)?;
        if store::is_remote(self.db.conn(), retro_id)? {
            return Err(JournalError::Invalid(
                "This retro is held on two laptops: reveal it with your partner's code once you have given them yours.".into(),
            ));
        }
        let now = self.now();
        self.db.write(|tx| {
            for p in &retro.participants {
                match store::entry_row(tx, retro_id, p.person.id)? {
                    Some(row) if row.state == EntryState::Sealed => {}
                    // Revealed from another window since the check above.
                    Some(row) if row.state == EntryState::Revealed => {
                        return Err(revealed_already(&retro))
                    }
                    _ => return Err(JournalError::NotAllSealed(p.person.name.clone())),
                }
            }
            store::reveal_retro(tx, retro_id, &now)?;
            Ok::<_, JournalError>(())
        })?;
        self.retro(retro_id)
    }

    /// The active writer's own entries that they may read, newest first,
    /// narrowed by words, a need and dates.
    pub fn my_entries(&self, query: &EntryQuery) -> Result<Vec<JournalItem>> {
        Ok(self.journal_page(query)?.items)
    }

    /// One page of my own entries as a journal: a search ranked by
    /// relevance with its matching words, or the list newest first, and
    /// where the next page starts.
    pub fn journal_page(&self, query: &EntryQuery) -> Result<JournalPage> {
        let writer = self.active_writer()?.id;
        let day = |field: &str, d: &Option<String>| {
            d.as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(|s| rules::day(Source::Typed, field, s))
                .transpose()
        };
        let matching = fts_query(&query.text);
        let filter = EntryFilter {
            matching: matching.as_deref(),
            need_id: query.need_id,
            partner_id: query.partner_id,
            state: query.state,
            from: day("from", &query.from)?,
            to: day("to", &query.to)?,
            after: query.after.as_ref(),
            limit: query.limit,
        };
        let mut page = store::person_entries(self.db.conn(), writer, &filter)?;
        // Entries the writer may not read back (their own sealed paired
        // entries) are left out whole, snippet included.
        page.items.retain(|i| {
            let row = EntryRow {
                id: 0,
                state: i.state,
                kind: i.kind,
            };
            readable(row, writer, Some(writer), true)
        });
        Ok(page)
    }
}

/// The id of `person_id`'s entry in a retro, created as a draft if it does
/// not exist yet. Only participants have one.
fn entry_for_writing(
    tx: &rusqlite::Transaction,
    retro_id: Id,
    person_id: Id,
    now: &str,
) -> Result<Id> {
    if let Some(row) = store::entry_row(tx, retro_id, person_id)? {
        return Ok(row.id);
    }
    if !store::is_participant(tx, retro_id, person_id)? {
        return Err(JournalError::NotParticipant);
    }
    Ok(store::insert_entry(tx, retro_id, person_id, now)?)
}

/// A retro is revealed once: asked again, on one laptop or two, nothing changes.
pub(super) fn not_revealed_yet(retro: &Retro) -> Result<()> {
    match retro.state {
        RetroState::Revealed => Err(revealed_already(retro)),
        _ => Ok(()),
    }
}

fn revealed_already(retro: &Retro) -> JournalError {
    JournalError::Invalid(format!(
        "\u{201c}{}\u{201d} was revealed already; its entries stay as they were then, and nothing changed.",
        retro.title
    ))
}
