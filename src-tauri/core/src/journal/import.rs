//! Bringing a whole journal in from a file, record by record, through the
//! same rules as the editor (`rules`), inside one transaction that the
//! journal owns: a bad value anywhere leaves the journal exactly as it was.
//!
//! The records are the journal's own shapes as they travel in a file; the
//! JSON export writes them and `export::json` reads them. Ids are kept, so
//! the links inside the file (who took part, which need, which deal replaced
//! which) hold.

use std::collections::HashSet;

use chrono::NaiveDate;
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};

use super::rules::{self, Deal, DealPlace, Source};
use super::{Journal, JournalError, NeedInput, Result};
use crate::store::{
    self, Commitment, EntryContent, EntryState, Id, Need, NewAgreement, NewNeed, NewRetroRow,
    RetroKind, Role, Schedule, StatusChange, TensionPair,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FilePerson {
    pub id: Id,
    pub name: String,
    pub role_id: Id,
    pub is_me: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileRetro {
    pub id: Id,
    pub title: String,
    pub held_on: NaiveDate,
    pub kind: RetroKind,
    pub revealed: bool,
    /// Person ids, the owner first.
    pub participants: Vec<Id>,
    pub entries: Vec<FileEntry>,
    pub agreements: Vec<FileAgreement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileEntry {
    pub person_id: Id,
    pub state: EntryState,
    /// Absent when the exporter could not read the entry (someone else's,
    /// before the reveal): then only its state travels.
    pub content: Option<EntryContent>,
    pub saved_at: Option<String>,
    pub addenda: Vec<FileAddendum>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileAddendum {
    pub body: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileAgreement {
    pub id: Id,
    pub title: String,
    pub owner_id: Id,
    pub review_on: NaiveDate,
    pub commitments: Vec<Commitment>,
    pub need_ids: Vec<Id>,
    /// Oldest first; the first is "open", when the deal was written down.
    pub history: Vec<StatusChange>,
}

/// What an import added, for the person who ran it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportSummary {
    pub retros: usize,
    pub entries: usize,
    pub agreements: usize,
}

/// A reference from a deal's history to a retro or a deal that may come
/// later in the file, checked once everything is in.
struct Pending {
    at: String,
    reviewed_in: Option<Id>,
    replaced_by: Option<Id>,
}

/// Takes the records of one file into the journal, checking each as it
/// comes. Handed out by [`Journal::import`].
pub struct Importer<'j> {
    tx: &'j Transaction<'j>,
    now: String,
    me: Option<Id>,
    roles: HashSet<Id>,
    people: HashSet<Id>,
    needs: HashSet<Id>,
    pairs: HashSet<Id>,
    retros: HashSet<Id>,
    agreements: HashSet<Id>,
    scheduled: HashSet<Id>,
    pending: Vec<Pending>,
    summary: ImportSummary,
}

impl Journal {
    /// Imports a whole journal into this one, which must hold nothing of
    /// its own yet: an import never overwrites. `feed` hands the file's
    /// records to the [`Importer`] in the file's order (roles, people, needs,
    /// tension pairs, retros); everything happens in one transaction, and a
    /// refusal anywhere leaves the journal exactly as it was.
    pub fn import(
        &mut self,
        feed: impl FnOnce(&mut Importer) -> Result<()>,
    ) -> Result<ImportSummary> {
        self.owner_at_keyboard()?;
        let now = self.now();
        // The file unmapped, so the pages the import reads do not count
        // against its memory. Each statement keeps a copy of the pages it
        // changes until it ends, and the search text waits for the last
        // retro: in memory that is a fifth quicker than in temporary files,
        // for a few tens of megabytes at 100,000 retros.
        self.db.map_pages(false)?;
        self.db
            .conn()
            .pragma_update(None, "temp_store", "MEMORY")
            .map_err(store::StoreError::from)?;
        let done = self.import_in_one_go(now, feed);
        let _ = self.db.conn().pragma_update(None, "temp_store", "DEFAULT");
        // The tables went from empty to full: the planner's statistics are
        // gathered again, as at the next start. This reads every table, so
        // it runs before the file is mapped again: mapped, each page it read
        // would stay in the process's memory.
        store::optimize(self.db.conn(), "PRAGMA optimize = 0x10012");
        let _ = self.db.map_pages(true);
        done
    }

    fn import_in_one_go(
        &mut self,
        now: String,
        feed: impl FnOnce(&mut Importer) -> Result<()>,
    ) -> Result<ImportSummary> {
        self.db.write_new_pages(|tx| {
            if !store::is_empty_journal(tx)? {
                return Err(JournalError::Invalid(
                    "This journal already has retros, partners or needs of its own, and an import \
                     never overwrites anything. Import into a new journal instead (for example \
                     `retro-companion --journal NEW_FILE import FILE`)."
                        .into(),
                ));
            }
            store::clear_catalog(tx)?;
            store::start_filling(tx)?;
            // A deal's history may point at a retro or a deal further on in
            // the file; every reference is checked before the commit.
            tx.pragma_update(None, "defer_foreign_keys", "ON")
                .map_err(store::StoreError::from)?;
            let mut importer = Importer {
                tx,
                now,
                me: None,
                roles: HashSet::new(),
                people: HashSet::new(),
                needs: HashSet::new(),
                pairs: HashSet::new(),
                retros: HashSet::new(),
                agreements: HashSet::new(),
                scheduled: HashSet::new(),
                pending: Vec::new(),
                summary: ImportSummary::default(),
            };
            feed(&mut importer)?;
            importer.finish()
        })
    }
}

fn no_owner() -> JournalError {
    Source::File("people").refuse(
        "",
        "Exactly one person is the journal's owner (\"isMe\": true); there is none.",
    )
}

fn twice(at: &str, id: Id) -> JournalError {
    Source::File(at).refuse("id", format!("Id {id} appears twice."))
}

impl Importer<'_> {
    pub fn role(&mut self, at: &str, r: &Role) -> Result<()> {
        let src = Source::File(at);
        if !self.roles.insert(r.id) {
            return Err(twice(at, r.id));
        }
        let name = rules::name(src, "The role's name", &r.name)?;
        rules::role_fits(self.tx, src, &name, None)?;
        store::insert_role(self.tx, Some(r.id), &name, r.builtin)?;
        Ok(())
    }

    pub fn person(&mut self, at: &str, p: &FilePerson) -> Result<()> {
        let src = Source::File(at);
        if !self.people.insert(p.id) {
            return Err(twice(at, p.id));
        }
        let name = rules::name(src, "The name", &p.name)?;
        if !self.roles.contains(&p.role_id) {
            return Err(src.refuse("roleId", format!("There is no role #{}.", p.role_id)));
        }
        if p.is_me {
            if self.me.is_some() {
                return Err(src.refuse(
                    "isMe",
                    "Only one person is the journal's owner (\"isMe\": true).",
                ));
            }
            self.me = Some(p.id);
        }
        store::insert_person(self.tx, Some(p.id), &name, p.role_id, p.is_me, &self.now)?;
        Ok(())
    }

    pub fn need(&mut self, at: &str, n: &Need) -> Result<()> {
        let src = Source::File(at);
        if !self.needs.insert(n.id) {
            return Err(twice(at, n.id));
        }
        let input = NeedInput {
            role_id: n.role_id,
            name: n.name.clone(),
            explanation: n.explanation.clone(),
            frustration: n.frustration.clone(),
        };
        let need = rules::need(self.tx, src, &input, None)?;
        store::insert_need(
            self.tx,
            &NewNeed {
                id: Some(n.id),
                role_id: need.role_id,
                name: &need.name,
                explanation: &need.explanation,
                frustration: &need.frustration,
                builtin: n.builtin,
                archived_at: n.archived.then_some(self.now.as_str()),
            },
        )?;
        Ok(())
    }

    pub fn tension_pair(&mut self, at: &str, p: &TensionPair) -> Result<()> {
        let src = Source::File(at);
        if !self.pairs.insert(p.id) {
            return Err(twice(at, p.id));
        }
        let question = rules::tension_pair(self.tx, src, (p.need_a, p.need_b), &p.question)?;
        store::insert_tension_pair(
            self.tx,
            Some(p.id),
            (p.need_a, p.need_b),
            &question,
            p.builtin,
        )?;
        Ok(())
    }

    /// A partner's 1:1 schedule. Its 1:1s before the import count as
    /// reminded, as for a schedule set in the window.
    pub fn schedule(&mut self, at: &str, s: &Schedule) -> Result<()> {
        let src = Source::File(at);
        if !self.people.contains(&s.partner_id) {
            return Err(src.refuse(
                "partnerId",
                format!("Person #{} is not in \"people\".", s.partner_id),
            ));
        }
        if !self.scheduled.insert(s.partner_id) {
            return Err(src.refuse(
                "partnerId",
                format!("Person #{} has a 1:1 schedule already.", s.partner_id),
            ));
        }
        rules::schedule(src, s, Some(s.partner_id) == self.me)?;
        store::put_schedule(self.tx, s, &self.now)?;
        Ok(())
    }

    /// A retro with its entries and deals.
    pub fn retro(&mut self, at: &str, r: &FileRetro) -> Result<()> {
        let src = Source::File(at);
        if !self.retros.insert(r.id) {
            return Err(twice(at, r.id));
        }
        let title = rules::line(src, "title", "The title", &r.title, super::MAX_TITLE)?;
        let me = self.me.ok_or_else(no_owner)?;
        rules::participants(src, r.kind, me, &r.participants)?;
        if let Some(stranger) = r.participants.iter().find(|p| !self.people.contains(p)) {
            return Err(src.refuse(
                "participants",
                format!("Person #{stranger} is not in \"people\"."),
            ));
        }
        store::insert_retro(
            self.tx,
            &NewRetroRow {
                id: Some(r.id),
                title: &title,
                held_on: r.held_on,
                kind: r.kind,
                revealed_at: r.revealed.then_some(self.now.as_str()),
                participants: &r.participants,
                uid: None,
            },
            &self.now,
        )?;
        self.entries(at, r)?;
        for (i, a) in r.agreements.iter().enumerate() {
            self.agreement(&format!("{at}.agreements[{i}]"), r, a)?;
        }
        self.summary.retros += 1;
        Ok(())
    }

    fn entries(&mut self, at: &str, r: &FileRetro) -> Result<()> {
        let mut writers = HashSet::new();
        for (i, e) in r.entries.iter().enumerate() {
            let here = format!("{at}.entries[{i}]");
            let src = Source::File(&here);
            if !r.participants.contains(&e.person_id) || !writers.insert(e.person_id) {
                return Err(src.refuse(
                    "personId",
                    "Each participant writes at most one entry, and only participants write.",
                ));
            }
            if (e.state == EntryState::Revealed) != r.revealed {
                return Err(src.refuse("state", "An entry is revealed exactly when its retro is."));
            }
            self.entry(&here, r, e)?;
        }
        if r.revealed && writers.len() != r.participants.len() {
            return Err(Source::File(at).refuse(
                "entries",
                "A revealed retro has a revealed entry for every participant, and one is missing.",
            ));
        }
        Ok(())
    }

    fn entry(&mut self, at: &str, r: &FileRetro, e: &FileEntry) -> Result<()> {
        let src = Source::File(at);
        if let Some(saved_at) = &e.saved_at {
            rules::instant(src, "savedAt", saved_at)?;
        }
        let content = match &e.content {
            Some(c) => {
                let here = format!("{at}.content");
                rules::entry_content(self.tx, Source::File(&here), r.kind, c)?
            }
            None => EntryContent::default(),
        };
        let mut addenda = Vec::with_capacity(e.addenda.len());
        for (i, a) in e.addenda.iter().enumerate() {
            let here = format!("{at}.addenda[{i}]");
            let body = rules::addendum(Source::File(&here), &a.body)?;
            rules::instant(Source::File(&here), "createdAt", &a.created_at)?;
            addenda.push((body, a.created_at.as_str()));
        }
        if !addenda.is_empty() && e.state != EntryState::Revealed {
            return Err(src.refuse("addenda", "Only a revealed entry has later notes."));
        }
        let saved_at = e.saved_at.as_deref().unwrap_or(&self.now);
        // Content goes in while the entry is a draft; the schema's locks
        // apply from the moment its state is set.
        let id = store::insert_entry_with(self.tx, r.id, e.person_id, &content, saved_at)?;
        store::keep_text_for_later(self.tx, id, &content)?;
        store::set_imported_state(self.tx, id, e.state, saved_at)?;
        for (body, created_at) in addenda {
            store::insert_addendum(self.tx, id, &body, created_at, None)?;
        }
        self.summary.entries += 1;
        Ok(())
    }

    fn agreement(&mut self, at: &str, r: &FileRetro, a: &FileAgreement) -> Result<()> {
        let src = Source::File(at);
        if !self.agreements.insert(a.id) {
            return Err(twice(at, a.id));
        }
        let place = DealPlace {
            participants: &r.participants,
            held_on: r.held_on,
        };
        let deal = rules::deal(
            self.tx,
            src,
            place,
            &Deal {
                title: a.title.clone(),
                commitments: a.commitments.clone(),
                need_ids: a.need_ids.clone(),
                owner_id: a.owner_id,
                review_on: a.review_on,
            },
        )?;
        rules::history(src, &a.history)?;
        let created_at = a
            .history
            .first()
            .map_or(self.now.as_str(), |h| h.at.as_str());
        store::insert_agreement_row(
            self.tx,
            &NewAgreement {
                id: Some(a.id),
                retro_id: r.id,
                title: &deal.title,
                owner_id: deal.owner_id,
                review_on: deal.review_on,
                commitments: &deal.commitments,
                need_ids: &deal.need_ids,
                uid: None,
            },
            created_at,
        )?;
        for (i, h) in a.history.iter().enumerate() {
            store::insert_status(
                self.tx,
                a.id,
                h.status,
                &h.at,
                h.reviewed_in,
                h.replaced_by,
                None,
            )?;
            if h.reviewed_in.is_some() || h.replaced_by.is_some() {
                self.pending.push(Pending {
                    at: format!("{at}.history[{i}]"),
                    reviewed_in: h.reviewed_in,
                    replaced_by: h.replaced_by,
                });
            }
        }
        self.summary.agreements += 1;
        Ok(())
    }

    /// The checks that need the whole file: an owner, and every reference
    /// from a deal's history to a retro or a deal that is in the file.
    fn finish(self) -> Result<ImportSummary> {
        if self.me.is_none() {
            return Err(no_owner());
        }
        store::finish_filling(self.tx)?;
        for p in &self.pending {
            let src = Source::File(&p.at);
            if p.reviewed_in.is_some_and(|id| !self.retros.contains(&id)) {
                return Err(src.refuse("reviewedIn", "There is no such retro in the file."));
            }
            if p.replaced_by
                .is_some_and(|id| !self.agreements.contains(&id))
            {
                return Err(src.refuse("replacedBy", "There is no such deal in the file."));
            }
        }
        Ok(self.summary)
    }
}
