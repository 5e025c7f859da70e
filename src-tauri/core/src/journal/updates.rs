//! What travels between two journals after a remote retro's reveal: the
//! deals made or reviewed in it, with their whole history, and the later
//! notes on its entries. Every row is named by its stable id, so taking in
//! the same update twice changes nothing, and rows are only ever added.
//! The file and its authentication are `export::envelope`'s.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::remote::{need_in_my_catalog, need_labels, partner_of, shared_uid, NeedLabel};
use super::rules::{self, DealPlace, Source};
use super::{Journal, JournalError, Result};
use crate::store::{
    self, AgreementScope, AgreementStatus, Commitment, EntryState, Id, Person, RetroState,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Update {
    /// The retro, by its stable id.
    pub retro: String,
    pub deals: Vec<UpdateDeal>,
    pub notes: Vec<UpdateNote>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateDeal {
    pub id: String,
    /// The retro it was made in.
    pub made_in: String,
    pub title: String,
    /// People by the ids the two journals share.
    pub owner: String,
    pub review_on: NaiveDate,
    pub commitments: Vec<UpdateCommitment>,
    pub needs: Vec<NeedLabel>,
    pub history: Vec<UpdateStatus>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateCommitment {
    pub person: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateStatus {
    pub id: String,
    pub status: AgreementStatus,
    pub at: String,
    pub reviewed_in: Option<String>,
    pub replaced_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateNote {
    pub id: String,
    /// Whose entry it is under.
    pub by: String,
    pub body: String,
    pub created_at: String,
}

/// What taking in an update added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UpdateSummary {
    pub deals: usize,
    pub changes: usize,
    pub notes: usize,
}

/// The two people of a remote retro (me first), each with the id both
/// journals know them by.
type SharedPeople = [(String, Person); 2];

/// The two reveal keys of a remote retro (mine first).
pub type RevealKeys = [[u8; 32]; 2];

fn missing(what: &str) -> JournalError {
    JournalError::PartnerFile(format!(
        "This update refers to {what} your journal does not have. Open your partner's earlier files first, then this one."
    ))
}

impl Journal {
    /// The two people of a revealed remote retro, each with the id both
    /// journals know them by, and the two reveal keys.
    fn shared_sides(&self, retro_id: Id) -> Result<(SharedPeople, RevealKeys)> {
        let me = self.require_me()?;
        let conn = self.db.conn();
        let retro = self.retro(retro_id)?;
        if !store::is_remote(conn, retro_id)? || retro.state != RetroState::Revealed {
            return Err(JournalError::Invalid(
                "Updates travel only for a retro on two laptops, once it is revealed.".into(),
            ));
        }
        let partner = partner_of(&retro, me.id)?;
        let shared = |person: &Person| shared_uid(conn, partner.id, person.id);
        let key = |person: Id| -> Result<[u8; 32]> {
            store::envelope(conn, retro_id, person)?
                .and_then(|e| e.key)
                .ok_or_else(|| missing("a reveal key"))
        };
        Ok((
            [
                (shared(&me)?, me.clone()),
                (shared(&partner)?, partner.clone()),
            ],
            [key(me.id)?, key(partner.id)?],
        ))
    }

    /// The retro with this stable id, and the two keys an update for it is
    /// authenticated with.
    pub fn update_keys(&self, retro_uid: &str) -> Result<(Id, RevealKeys)> {
        let id =
            store::id_of(self.db.conn(), "retros", retro_uid)?.ok_or_else(|| missing("a retro"))?;
        Ok((id, self.shared_sides(id)?.1))
    }

    /// Everything of a revealed remote retro that travels after the reveal.
    pub fn update_out(&self, retro_id: Id) -> Result<(Update, RevealKeys)> {
        self.owner_at_keyboard()?;
        let (sides, keys) = self.shared_sides(retro_id)?;
        let conn = self.db.conn();
        let uid = |table: &str, id: Id| -> Result<String> {
            store::uid_of(conn, table, id)?.ok_or_else(|| missing("a row"))
        };
        let person = |id: Id| -> Result<String> {
            sides
                .iter()
                .find(|(_, p)| p.id == id)
                .map(|(u, _)| u.clone())
                .ok_or(JournalError::NotParticipant)
        };
        let partner = &sides[1].1;
        let mut deals = store::agreements(conn, AgreementScope::MadeIn(retro_id))?;
        deals.extend(
            store::agreements(
                conn,
                AgreementScope::ReviewIn {
                    retro_id,
                    partner_id: partner.id,
                },
            )?
            .into_iter()
            .filter(|a| a.history.iter().any(|h| h.reviewed_in == Some(retro_id))),
        );
        let mut out = Vec::new();
        for a in deals {
            let status_uids = store::status_uids(conn, a.id)?;
            out.push(UpdateDeal {
                id: uid("agreements", a.id)?,
                made_in: uid("retros", a.retro_id)?,
                title: a.title,
                owner: person(a.owner.id)?,
                review_on: a.review_on,
                commitments: a
                    .commitments
                    .iter()
                    .map(|c| {
                        Ok(UpdateCommitment {
                            person: person(c.person_id)?,
                            body: c.body.clone(),
                        })
                    })
                    .collect::<Result<_>>()?,
                needs: need_labels(conn, &a.need_ids)?,
                history: a
                    .history
                    .iter()
                    .zip(status_uids)
                    .map(|(h, id)| {
                        Ok(UpdateStatus {
                            id,
                            status: h.status,
                            at: h.at.clone(),
                            reviewed_in: h.reviewed_in.map(|r| uid("retros", r)).transpose()?,
                            replaced_by: h.replaced_by.map(|d| uid("agreements", d)).transpose()?,
                        })
                    })
                    .collect::<Result<_>>()?,
            });
        }
        let mut notes = Vec::new();
        for e in self.entries(retro_id)? {
            for a in &e.addenda {
                notes.push(UpdateNote {
                    id: uid("addenda", a.id)?,
                    by: person(e.person.id)?,
                    body: a.body.clone(),
                    created_at: a.created_at.clone(),
                });
            }
        }
        Ok((
            Update {
                retro: uid("retros", retro_id)?,
                deals: out,
                notes,
            },
            keys,
        ))
    }

    /// Takes in an update from my partner, already authenticated: adds the
    /// deals, changes of status and later notes this journal lacks, checked
    /// by the same rules as any, in one transaction. What is already here
    /// stays as it is.
    pub fn update_in(&mut self, update: &Update) -> Result<UpdateSummary> {
        self.owner_at_keyboard()?;
        let (retro_id, _) = self.update_keys(&update.retro)?;
        let (sides, _) = self.shared_sides(retro_id)?;
        let partner = sides[1].1.clone();
        self.db.write(|tx| {
            let mut done = UpdateSummary::default();
            let person = |uid: &str| -> Result<Id> {
                sides
                    .iter()
                    .find(|(u, _)| u == uid)
                    .map(|(_, p)| p.id)
                    .ok_or_else(|| missing("a person"))
            };
            let shared_retro = |uid: &str| -> Result<(Id, store::Retro)> {
                let id = store::id_of(tx, "retros", uid)?.ok_or_else(|| missing("a retro"))?;
                let people = store::participants(tx, id)?;
                if !sides.iter().all(|(_, p)| people.contains(&p.id)) {
                    return Err(missing("a retro with your partner"));
                }
                let retro = store::retros(tx, store::RetroScope::One(id))?
                    .pop()
                    .ok_or_else(|| missing("a retro"))?;
                Ok((id, retro))
            };
            // The deals first, so a renegotiation can name the one that
            // replaced it; then every change of status.
            for (i, d) in update.deals.iter().enumerate() {
                if store::id_of(tx, "agreements", &d.id)?.is_some() {
                    continue;
                }
                let record = format!("update.deals[{i}]");
                let (made_in, retro) = shared_retro(&d.made_in)?;
                let need_ids = d
                    .needs
                    .iter()
                    .map(|n| need_in_my_catalog(tx, &partner, n, &record))
                    .collect::<Result<Vec<_>>>()?;
                let commitments = d
                    .commitments
                    .iter()
                    .map(|c| {
                        Ok(Commitment {
                            person_id: person(&c.person)?,
                            body: c.body.clone(),
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                let participants: Vec<Id> =
                    retro.participants.iter().map(|p| p.person.id).collect();
                let deal = rules::deal(
                    tx,
                    Source::File(&record),
                    DealPlace {
                        participants: &participants,
                        held_on: retro.held_on,
                    },
                    &rules::Deal {
                        title: d.title.clone(),
                        commitments,
                        need_ids,
                        owner_id: person(&d.owner)?,
                        review_on: d.review_on,
                    },
                )?;
                let created_at = d.history.first().map_or("", |h| h.at.as_str());
                store::insert_agreement_row(
                    tx,
                    &store::NewAgreement {
                        id: None,
                        retro_id: made_in,
                        title: &deal.title,
                        owner_id: deal.owner_id,
                        review_on: deal.review_on,
                        commitments: &deal.commitments,
                        need_ids: &deal.need_ids,
                        uid: Some(&d.id),
                    },
                    created_at,
                )?;
                done.deals += 1;
            }
            for (i, d) in update.deals.iter().enumerate() {
                let record = format!("update.deals[{i}]");
                let deal =
                    store::id_of(tx, "agreements", &d.id)?.ok_or_else(|| missing("a deal"))?;
                let known = store::status_uids(tx, deal)?;
                let mut history = store::agreements(tx, AgreementScope::One(deal))?
                    .pop()
                    .map(|a| a.history)
                    .unwrap_or_default();
                for h in d.history.iter().filter(|h| !known.contains(&h.id)) {
                    let reviewed_in = match &h.reviewed_in {
                        Some(uid) => Some(shared_retro(uid)?.0),
                        None => None,
                    };
                    let replaced_by = match &h.replaced_by {
                        Some(uid) => Some(
                            store::id_of(tx, "agreements", uid)?
                                .ok_or_else(|| missing("a deal"))?,
                        ),
                        None => None,
                    };
                    history.push(store::StatusChange {
                        status: h.status,
                        at: h.at.clone(),
                        reviewed_in,
                        replaced_by,
                    });
                    rules::history(Source::File(&record), &history)?;
                    store::insert_status(
                        tx,
                        deal,
                        h.status,
                        &h.at,
                        reviewed_in,
                        replaced_by,
                        Some(&h.id),
                    )?;
                    done.changes += 1;
                }
            }
            for (i, n) in update.notes.iter().enumerate() {
                if store::id_of(tx, "addenda", &n.id)?.is_some() {
                    continue;
                }
                let record = format!("update.notes[{i}]");
                let body = rules::addendum(Source::File(&record), &n.body)?;
                rules::instant(Source::File(&record), "createdAt", &n.created_at)?;
                let entry = store::entry_row(tx, retro_id, person(&n.by)?)?
                    .filter(|e| e.state == EntryState::Revealed)
                    .ok_or_else(|| missing("a revealed entry"))?;
                store::insert_addendum(tx, entry.id, &body, &n.created_at, Some(&n.id))?;
                done.notes += 1;
            }
            Ok::<_, JournalError>(done)
        })
    }
}
