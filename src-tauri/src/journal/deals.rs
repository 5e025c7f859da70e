//! Deals the pair writes down after the reveal, and the review that opens
//! their next retro. A deal is never edited: its status changes, each change
//! keeps its date, and a renegotiated deal points to the one that replaced it.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::input::{held_on, long_text, text, MAX_TITLE};
use super::{now, Journal, JournalError, Result};
use crate::store::{
    self, Agreement, AgreementScope, AgreementStatus, Commitment, Id, NewAgreement, Retro,
    RetroState,
};

/// A deal as typed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AgreementInput {
    pub title: String,
    /// What each participant commits to; empty ones are left out.
    pub commitments: Vec<Commitment>,
    #[ts(type = "Array<number>")]
    pub need_ids: Vec<Id>,
    #[ts(type = "number")]
    pub owner_id: Id,
    /// `YYYY-MM-DD`.
    pub review_on: String,
}

/// A checked [`AgreementInput`], ready to insert.
struct Checked {
    title: String,
    commitments: Vec<Commitment>,
    need_ids: Vec<Id>,
    owner_id: Id,
    review_on: NaiveDate,
}

impl Journal {
    /// Writes a deal down in a revealed retro.
    pub fn add_agreement(&mut self, retro_id: Id, input: &AgreementInput) -> Result<Agreement> {
        self.active_writer()?;
        let retro = self.retro(retro_id)?;
        if retro.state != RetroState::Revealed {
            return Err(JournalError::Invalid(
                "Deals are written down after the reveal, once you have both seen what the other needs."
                    .into(),
            ));
        }
        let checked = self.check_agreement(&retro, input)?;
        let id = self.db.write(|tx| insert(tx, retro_id, &checked))?;
        self.agreement(id)
    }

    /// The deals made in a retro, oldest first.
    pub fn agreements(&self, retro_id: Id) -> Result<Vec<Agreement>> {
        self.retro(retro_id)?;
        Ok(store::agreements(
            self.db.conn(),
            AgreementScope::MadeIn(retro_id),
        )?)
    }

    /// What a paired retro opens with: every open deal with the same partner
    /// from earlier retros, and those already reviewed in this one.
    pub fn review_agenda(&self, retro_id: Id) -> Result<Vec<Agreement>> {
        let retro = self.retro(retro_id)?;
        let Some(partner) = retro.participants.iter().find(|p| !p.person.is_me) else {
            return Ok(Vec::new());
        };
        Ok(store::agreements(
            self.db.conn(),
            AgreementScope::ReviewIn {
                retro_id,
                partner_id: partner.person.id,
            },
        )?)
    }

    /// Open deals whose review date is `today` or earlier, in retros in view.
    pub fn due_agreements(&self, today: NaiveDate) -> Result<Vec<Agreement>> {
        // The owner takes part in every retro; during a turn only its retro is in view.
        let kb = self.keyboard()?;
        let mut due = store::agreements(self.db.conn(), AgreementScope::DueBy(today))?;
        due.retain(|a| kb.retro.is_none_or(|id| id == a.retro_id));
        Ok(due)
    }

    /// Marks a deal kept or broken, during the review in `reviewed_in` or
    /// on its own. A renegotiated deal is final: its replacement carries on.
    pub fn set_agreement_status(
        &mut self,
        id: Id,
        status: AgreementStatus,
        reviewed_in: Option<Id>,
    ) -> Result<Agreement> {
        if !matches!(status, AgreementStatus::Kept | AgreementStatus::Broken) {
            return Err(JournalError::Invalid(
                "A deal can be marked kept or broken here; to change it, renegotiate it.".into(),
            ));
        }
        let current = self.changeable(id, reviewed_in)?;
        if current.status != status {
            self.db.write(|tx| {
                store::insert_status(tx, id, status, &now(), reviewed_in, None)?;
                Ok::<_, JournalError>(())
            })?;
        }
        self.agreement(id)
    }

    /// Replaces a deal with a new one in retro `in_retro`, where the pair is
    /// reviewing it. Both happen in one transaction. Returns the new deal.
    pub fn renegotiate_agreement(
        &mut self,
        id: Id,
        in_retro: Id,
        replacement: &AgreementInput,
    ) -> Result<Agreement> {
        let old = self.changeable(id, Some(in_retro))?;
        let retro = self.retro(in_retro)?;
        let checked = self.check_agreement(&retro, replacement)?;
        let reviewed_in = (in_retro != old.retro_id).then_some(in_retro);
        let new_id = self.db.write(|tx| {
            let new_id = insert(tx, in_retro, &checked)?;
            store::insert_status(
                tx,
                id,
                AgreementStatus::Renegotiated,
                &now(),
                reviewed_in,
                Some(new_id),
            )?;
            Ok::<_, JournalError>(new_id)
        })?;
        self.agreement(new_id)
    }

    fn agreement(&self, id: Id) -> Result<Agreement> {
        store::agreements(self.db.conn(), AgreementScope::One(id))?
            .pop()
            .ok_or(JournalError::NotFound("That deal"))
    }

    /// The deal, if the person at the keyboard may change its status now.
    fn changeable(&self, id: Id, reviewed_in: Option<Id>) -> Result<Agreement> {
        self.active_writer()?;
        let a = self.agreement(id)?;
        self.retro(a.retro_id)?;
        if let Some(r) = reviewed_in {
            self.retro(r)?;
        }
        if a.status == AgreementStatus::Renegotiated {
            return Err(JournalError::Invalid(
                "This deal was renegotiated; the deal that replaced it is the one to review."
                    .into(),
            ));
        }
        Ok(a)
    }

    fn check_agreement(&self, retro: &Retro, input: &AgreementInput) -> Result<Checked> {
        let title = text("The deal's title", &input.title, MAX_TITLE)?;
        let takes_part = |id: Id| retro.participants.iter().any(|p| p.person.id == id);
        if !takes_part(input.owner_id) {
            return Err(JournalError::Invalid(
                "The owner of a deal is one of the people in this retro.".into(),
            ));
        }
        let mut commitments = Vec::new();
        let mut committed = HashSet::new();
        for c in &input.commitments {
            if !takes_part(c.person_id) || !committed.insert(c.person_id) {
                return Err(JournalError::Invalid(
                    "Each person in this retro can commit to one thing in a deal.".into(),
                ));
            }
            long_text("A commitment", &c.body)?;
            if !c.body.trim().is_empty() {
                commitments.push(Commitment {
                    person_id: c.person_id,
                    body: c.body.trim().to_owned(),
                });
            }
        }
        if commitments.is_empty() {
            return Err(JournalError::Invalid(
                "Write down what at least one of you commits to.".into(),
            ));
        }
        let mut need_ids = Vec::new();
        for &need in &input.need_ids {
            if !store::need_exists(self.db.conn(), need)? {
                return Err(JournalError::Invalid(format!(
                    "Need #{need} is not in the catalog. Reload the needs and pick one from the list."
                )));
            }
            if !need_ids.contains(&need) {
                need_ids.push(need);
            }
        }
        let review_on = held_on(&input.review_on)?;
        if review_on < retro.held_on {
            return Err(JournalError::Invalid(
                "The review date can't be before the retro itself.".into(),
            ));
        }
        Ok(Checked {
            title,
            commitments,
            need_ids,
            owner_id: input.owner_id,
            review_on,
        })
    }
}

fn insert(tx: &rusqlite::Transaction, retro_id: Id, c: &Checked) -> Result<Id> {
    Ok(store::insert_agreement(
        tx,
        &NewAgreement {
            retro_id,
            title: &c.title,
            owner_id: c.owner_id,
            review_on: c.review_on,
            commitments: &c.commitments,
            need_ids: &c.need_ids,
        },
        &now(),
    )?)
}
