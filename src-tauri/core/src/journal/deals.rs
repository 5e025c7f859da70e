//! Deals the pair writes down after the reveal, and the review that opens
//! their next retro. A deal is never edited: its status changes, each change
//! keeps its date, and a renegotiated deal points to the one that replaced it.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::rules::{self, Deal, DealPlace, Source};
use super::{Journal, JournalError, Result};
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
        let now = self.now();
        let id = self.db.write(|tx| {
            let deal = check(tx, &retro, input)?;
            insert(tx, retro_id, &deal, &now)
        })?;
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
            let now = self.now();
            self.db.write(|tx| {
                store::insert_status(tx, id, status, &now, reviewed_in, None, None)?;
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
        let reviewed_in = (in_retro != old.retro_id).then_some(in_retro);
        let now = self.now();
        let new_id = self.db.write(|tx| {
            let deal = check(tx, &retro, replacement)?;
            let new_id = insert(tx, in_retro, &deal, &now)?;
            store::insert_status(
                tx,
                id,
                AgreementStatus::Renegotiated,
                &now,
                reviewed_in,
                Some(new_id),
                None,
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
}

/// A deal typed in for `retro`, through the same rules as an imported one.
fn check(conn: &rusqlite::Connection, retro: &Retro, input: &AgreementInput) -> Result<Deal> {
    let participants: Vec<Id> = retro.participants.iter().map(|p| p.person.id).collect();
    let place = DealPlace {
        participants: &participants,
        held_on: retro.held_on,
    };
    let deal = Deal {
        title: input.title.clone(),
        commitments: input.commitments.clone(),
        need_ids: input.need_ids.clone(),
        owner_id: input.owner_id,
        review_on: rules::day(Source::Typed, "reviewOn", &input.review_on)?,
    };
    rules::deal(conn, Source::Typed, place, &deal)
}

fn insert(tx: &rusqlite::Transaction, retro_id: Id, d: &Deal, now: &str) -> Result<Id> {
    Ok(store::insert_agreement(
        tx,
        &NewAgreement {
            id: None,
            retro_id,
            title: &d.title,
            owner_id: d.owner_id,
            review_on: d.review_on,
            commitments: &d.commitments,
            need_ids: &d.need_ids,
            uid: None,
        },
        now,
    )?)
}

/// The deals of some retros as each of those retros saw them: the deals
/// made there, the deals reviewed there with the status given there, and
/// how many earlier deals with the same partner were still open then
/// without being reviewed. Read in a few statements for any number of
/// retros, so an export grows with the journal, not with its square.
#[derive(Debug, Default)]
pub struct DealRecord {
    made: HashMap<Id, Vec<Agreement>>,
    reviewed: HashMap<Id, Vec<Agreement>>,
    still_open: HashMap<Id, StillOpen>,
}

/// Earlier deals still open at a retro and not reviewed in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StillOpen {
    pub count: usize,
    /// The earliest review date among them.
    pub oldest: NaiveDate,
}

impl DealRecord {
    /// The deals made in a retro, oldest first.
    pub fn made(&self, retro_id: Id) -> &[Agreement] {
        self.made.get(&retro_id).map_or(&[], Vec::as_slice)
    }

    /// The deals reviewed in a retro, each with the status given there as
    /// its `status`, by review date.
    pub fn reviewed(&self, retro_id: Id) -> &[Agreement] {
        self.reviewed.get(&retro_id).map_or(&[], Vec::as_slice)
    }

    pub fn still_open(&self, retro_id: Id) -> Option<StillOpen> {
        self.still_open.get(&retro_id).copied()
    }
}

impl Journal {
    /// The deal record of `retros`. With one partner given, only that
    /// partner's deals are read.
    pub fn deal_record(&self, retros: &[Retro], partner: Option<Id>) -> Result<DealRecord> {
        let conn = self.db.conn();
        let Some((from, to)) = days_of(retros) else {
            return Ok(DealRecord::default());
        };
        let wanted: HashSet<Id> = retros.iter().map(|r| r.id).collect();
        let mut record = DealRecord {
            made: self.deals_made_in(retros, partner)?,
            ..DealRecord::default()
        };
        for a in store::agreements(conn, AgreementScope::ReviewedBetween { from, to })? {
            // The last change each retro's review made, in the order made.
            let mut given: Vec<(Id, AgreementStatus)> = Vec::new();
            for change in &a.history {
                let Some(rid) = change.reviewed_in.filter(|id| wanted.contains(id)) else {
                    continue;
                };
                match given.iter_mut().find(|(id, _)| *id == rid) {
                    Some(g) => g.1 = change.status,
                    None => given.push((rid, change.status)),
                }
            }
            for (rid, status) in given {
                let mut then = a.clone();
                then.status = status;
                record.reviewed.entry(rid).or_default().push(then);
            }
        }
        for list in record.reviewed.values_mut() {
            list.sort_by_key(|a| (a.review_on, a.id));
        }
        record.still_open = still_open(&store::review_ledger(conn, to, partner)?, retros, &record);
        Ok(record)
    }

    /// The deals made in each of `retros` (with one partner, if given),
    /// oldest first: one read for all of them.
    pub fn deals_made_in(
        &self,
        retros: &[Retro],
        partner: Option<Id>,
    ) -> Result<HashMap<Id, Vec<Agreement>>> {
        let Some((from, to)) = days_of(retros) else {
            return Ok(HashMap::new());
        };
        let wanted: HashSet<Id> = retros.iter().map(|r| r.id).collect();
        let mut made: HashMap<Id, Vec<Agreement>> = HashMap::new();
        let between = AgreementScope::Between { from, to, partner };
        for a in store::agreements(self.db.conn(), between)? {
            if wanted.contains(&a.retro_id) {
                made.entry(a.retro_id).or_default().push(a);
            }
        }
        Ok(made)
    }
}

/// The first and last day of some retros.
fn days_of(retros: &[Retro]) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        retros.iter().map(|r| r.held_on).min()?,
        retros.iter().map(|r| r.held_on).max()?,
    ))
}

/// For each retro, the earlier deals with its partner still open on its day
/// and neither made nor reviewed in it: one sweep through time per partner,
/// keeping the deals open so far in review-date order.
fn still_open(
    ledger: &[store::LedgerRow],
    retros: &[Retro],
    record: &DealRecord,
) -> HashMap<Id, StillOpen> {
    let mut out = HashMap::new();
    let partner_of = |r: &Retro| {
        r.participants
            .iter()
            .find(|p| !p.person.is_me)
            .map(|p| p.person.id)
    };
    let mut by_partner: HashMap<Id, Vec<&Retro>> = HashMap::new();
    for r in retros {
        if let Some(p) = partner_of(r) {
            by_partner.entry(p).or_default().push(r);
        }
    }
    for (partner, mut held) in by_partner {
        held.sort_by_key(|r| (r.held_on, r.id));
        let mut made: Vec<&store::LedgerRow> =
            ledger.iter().filter(|d| d.partner_id == partner).collect();
        let mut closed: Vec<&store::LedgerRow> = made
            .iter()
            .copied()
            .filter(|d| d.closed_on.is_some())
            .collect();
        made.sort_by_key(|d| d.made_on);
        closed.sort_by_key(|d| d.closed_on);
        let (mut next_made, mut next_closed) = (0, 0);
        let mut open: BTreeSet<(NaiveDate, Id)> = BTreeSet::new();
        for r in held {
            let day = r.held_on;
            while let Some(d) = made.get(next_made).filter(|d| d.made_on <= day) {
                if d.closed_on.is_none_or(|c| c > day) {
                    open.insert((d.review_on, d.id));
                }
                next_made += 1;
            }
            while let Some(d) = closed.get(next_closed).filter(|d| d.closed_on <= Some(day)) {
                open.remove(&(d.review_on, d.id));
                next_closed += 1;
            }
            let here: HashSet<(NaiveDate, Id)> = record
                .made(r.id)
                .iter()
                .chain(record.reviewed(r.id))
                .map(|a| (a.review_on, a.id))
                .filter(|k| open.contains(k))
                .collect();
            let count = open.len() - here.len();
            if let Some(&(oldest, _)) = open.iter().find(|k| !here.contains(k)) {
                out.insert(r.id, StillOpen { count, oldest });
            }
        }
    }
    out
}
