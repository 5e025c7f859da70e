//! The journal's memory: each need's ratings over time, for me alone or for
//! me and one partner, with what else moves between retros (the need most
//! wanted heard, the cycle stage, proxy arguments, deals and how they went)
//! and the patterns that keep coming back.
//!
//! Everything here is read through the same `readable` rule as an entry:
//! a partner's entry counts only once revealed, a sealed paired entry not
//! even for its writer, and private notes never. While a partner has the
//! keyboard, the memory is closed, like the rest of the owner's journal.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::compare::Signal;
use super::entries::readable;
use super::patterns::{self, Names, Pattern, PatternRules, RULES, UNMET_AT_MOST};
use super::{Journal, JournalError, Result};
use crate::store::{
    self, Agreement, AgreementStatus, CycleStage, EntryRow, Id, Need, Person, Retro, TrendDeal,
    TrendEntry, TrendScope,
};

const FIRST_DAY: NaiveDate = NaiveDate::from_ymd_opt(1, 1, 1).expect("a day");
const LAST_DAY: NaiveDate = NaiveDate::from_ymd_opt(9999, 12, 31).expect("a day");

/// Whose memory, and over which days. Empty fields mean "me" and "everything".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TrendsQuery {
    /// The pair view with this partner; `None` for my own entries.
    #[ts(type = "number | null")]
    pub partner_id: Option<Id>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// A retro on the time axis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TrendRetro {
    #[ts(type = "number")]
    pub id: Id,
    pub title: String,
    pub held_on: NaiveDate,
}

/// What people said, retro by retro: one row a person (in `people` order),
/// one cell a retro (in `retros` order), `None` where that person said
/// nothing there: a gap, never a zero. A row ends at its person's last
/// value, so a person who said nothing has an empty row.
pub type Grid<T> = Vec<Vec<Option<T>>>;

/// One need over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NeedTrend {
    pub need: Need,
    /// Each person's rating, retro by retro.
    #[ts(type = "Array<Array<number | null>>")]
    pub ratings: Grid<i64>,
    /// How many retros rated it at all: below `rules.sparseBelow`, the
    /// window says what will appear instead of drawing a lonely dot.
    pub rated_retros: usize,
    /// In the pair view, the retros where both rated it `rules.unmetAtMost`
    /// or lower.
    #[ts(type = "Array<number>")]
    pub both_low: Vec<Id>,
}

/// How often a proxy argument came up, per person (in `people` order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProxyCount {
    pub tag: String,
    pub counts: Vec<usize>,
}

/// A deal serving a need, and how it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DealOutcome {
    #[ts(type = "number")]
    pub id: Id,
    pub title: String,
    #[ts(type = "number")]
    pub retro_id: Id,
    pub held_on: NaiveDate,
    pub status: AgreementStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NeedDeals {
    #[ts(type = "number")]
    pub need_id: Id,
    pub deals: Vec<DealOutcome>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Trends {
    /// Me, then the partner in the pair view.
    pub people: Vec<Person>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Every retro that counts, oldest first: the time axis.
    pub retros: Vec<TrendRetro>,
    /// The viewer's role first.
    pub needs: Vec<NeedTrend>,
    /// The need each person most wanted heard, retro by retro.
    #[ts(type = "Array<Array<number | null>>")]
    pub heard: Grid<Id>,
    /// Where each person felt they were in the cycle, retro by retro.
    pub stages: Grid<CycleStage>,
    /// Most frequent first.
    pub proxies: Vec<ProxyCount>,
    pub deals: Vec<NeedDeals>,
    pub patterns: Vec<Pattern>,
    pub rules: PatternRules,
}

/// What a new retro opens with: what keeps coming back, and where the last
/// one left off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SinceLastTime {
    /// Patterns not set aside: with the partner in a paired retro, my own in a solo one.
    pub patterns: Vec<Pattern>,
    /// The last revealed retro with the same partner, before this one.
    pub last: Option<TrendRetro>,
    /// Its needs where both were hurting.
    pub shared_pain: Vec<Need>,
    /// Its biggest gaps, widest first.
    pub gaps: Vec<Need>,
    /// The deals to review today.
    pub review: Vec<Agreement>,
}

impl Journal {
    /// The memory, as the journal's owner may read it, and reads it in the
    /// window: the patterns call them "you".
    pub fn trends(&self, query: &TrendsQuery) -> Result<Trends> {
        self.memory(query, true)
    }

    /// The same memory to export, for a document others read too: the
    /// patterns name everyone.
    pub fn trends_to_share(&self, query: &TrendsQuery) -> Result<Trends> {
        self.memory(query, false)
    }

    fn memory(&self, query: &TrendsQuery, owner_reads: bool) -> Result<Trends> {
        self.owner_at_keyboard()?;
        let me = self.require_me()?;
        let mut people = vec![me.clone()];
        if let Some(id) = query.partner_id {
            let partner = self
                .person(id)
                .ok()
                .filter(|p| !p.is_me)
                .ok_or(JournalError::NotFound("That partner"))?;
            people.push(partner);
        }
        // Dates are compared as text in SQL: the bounds keep four-digit years.
        let from = query.from.unwrap_or(FIRST_DAY);
        let to = query.to.unwrap_or(LAST_DAY);
        if from > to {
            return Err(JournalError::Invalid(
                "The range starts after it ends. Swap the two dates.".into(),
            ));
        }
        let conn = self.db.conn();
        let ids: Vec<Id> = people.iter().map(|p| p.id).collect();
        let scope = TrendScope {
            me: me.id,
            partner: query.partner_id,
            from,
            to,
        };
        let entries: Vec<TrendEntry> = store::trend_entries(conn, scope)?
            .into_iter()
            .filter(|e| {
                let row = EntryRow {
                    id: e.entry_id,
                    state: e.state,
                    kind: e.kind,
                };
                // The owner takes part in every retro of their journal.
                readable(row, e.person_id, Some(me.id), true)
                    && (query.partner_id.is_none() || e.revealed)
            })
            .collect();
        let deals = store::trend_deals(conn, scope)?;
        let needs = store::needs(conn)?;
        let names = Names {
            people: &people.iter().map(|p| (p.id, p.name.clone())).collect(),
            needs: &needs.iter().map(|n| (n.id, n.name.clone())).collect(),
            me: owner_reads.then_some(me.id),
        };
        let pairs = store::tension_pairs(conn)?;
        let mut found = patterns::all(&entries, &deals, &pairs, people.len() == 2, &names);
        let aside = store::set_aside(conn)?;
        for p in &mut found {
            let latest = p.evidence.last().map(|e| e.retro_id);
            p.set_aside = aside.get(&p.key).is_some_and(|&r| Some(r) == latest);
        }
        let (retros, cells) = axis(&entries, &ids);
        Ok(Trends {
            needs: need_trends(&needs, &entries, &cells, people.len(), me.role.id),
            heard: grid(&entries, &cells, people.len(), |e| e.top_need_id),
            stages: grid(&entries, &cells, people.len(), |e| e.cycle_stage),
            proxies: proxy_counts(&entries, &ids),
            deals: need_deals(&deals),
            retros,
            patterns: found,
            rules: RULES,
            from: query.from,
            to: query.to,
            people,
        })
    }

    /// The note beside one rating, when the owner may read it.
    pub fn trend_note(&self, retro_id: Id, person_id: Id, need_id: Id) -> Result<String> {
        self.owner_at_keyboard()?;
        let entry = self
            .entries(retro_id)?
            .into_iter()
            .find(|e| e.person.id == person_id)
            .and_then(|e| e.content)
            .ok_or(JournalError::NotFound("That rating"))?;
        Ok(entry
            .ratings
            .into_iter()
            .find(|r| r.need_id == need_id)
            .map(|r| r.note)
            .unwrap_or_default())
    }

    /// Sets a pattern card aside until the pattern grows past `last_retro_id`.
    pub fn set_pattern_aside(&mut self, key: &str, last_retro_id: Id) -> Result<()> {
        self.owner_at_keyboard()?;
        let key = super::rules::line(
            super::rules::Source::Typed,
            "key",
            "The pattern",
            key,
            super::MAX_TITLE,
        )?;
        self.retro(last_retro_id)?;
        let now = self.now();
        self.db
            .write(|tx| store::put_aside(tx, &key, last_retro_id, &now))?;
        Ok(())
    }

    /// Brings a card set aside back among the others, as if never seen.
    pub fn bring_pattern_back(&mut self, key: &str) -> Result<()> {
        self.owner_at_keyboard()?;
        self.db.write(|tx| store::take_back(tx, key))?;
        Ok(())
    }

    /// What a new retro opens with. Closed while a partner has the keyboard.
    pub fn since_last_time(&self, retro_id: Id) -> Result<SinceLastTime> {
        self.owner_at_keyboard()?;
        let retro = self.retro(retro_id)?;
        let partner = retro
            .participants
            .iter()
            .find(|p| !p.person.is_me)
            .map(|p| p.person.id);
        let query = TrendsQuery {
            partner_id: partner,
            from: None,
            to: Some(retro.held_on),
        };
        let mut since = SinceLastTime {
            patterns: self
                .trends(&query)?
                .patterns
                .into_iter()
                .filter(|p| !p.set_aside)
                .collect(),
            last: None,
            shared_pain: Vec::new(),
            gaps: Vec::new(),
            review: self.review_agenda(retro_id)?,
        };
        if partner.is_some() {
            if let Some(last) = self.last_revealed_before(&retro)? {
                let c = self.comparison(last.id)?;
                let rows: Vec<_> = c.groups.into_iter().flat_map(|g| g.rows).collect();
                let mut gaps: Vec<_> = rows
                    .iter()
                    .filter(|r| r.signal == Some(Signal::Gap))
                    .collect();
                gaps.sort_by_key(|r| {
                    let spread = match r.ratings[..] {
                        [Some(a), Some(b)] => (a - b).abs(),
                        _ => 0,
                    };
                    std::cmp::Reverse(spread)
                });
                since.gaps = gaps.into_iter().take(3).map(|r| r.need.clone()).collect();
                since.shared_pain = rows
                    .into_iter()
                    .filter(|r| r.signal == Some(Signal::SharedPain))
                    .map(|r| r.need)
                    .collect();
                since.last = Some(TrendRetro {
                    id: last.id,
                    title: last.title,
                    held_on: last.held_on,
                });
            }
        }
        Ok(since)
    }

    /// The latest revealed retro with the same partner held before `retro`.
    fn last_revealed_before(&self, retro: &Retro) -> Result<Option<Retro>> {
        let Some(partner) = retro.participants.iter().find(|p| !p.person.is_me) else {
            return Ok(None);
        };
        let before = store::RetroCursor {
            held_on: retro.held_on,
            id: retro.id,
        };
        store::last_revealed_with(self.db.conn(), partner.person.id, before)?
            .map(|id| self.retro(id))
            .transpose()
    }
}

/// The time axis: every retro with an entry that counts, oldest first, and
/// each entry's cell in a [`Grid`]: its person's row and its retro's place
/// on the axis (entries come in retro order). `None` for someone not shown.
fn axis(entries: &[TrendEntry], people: &[Id]) -> (Vec<TrendRetro>, Vec<Option<(usize, usize)>>) {
    let mut retros: Vec<TrendRetro> = Vec::new();
    let mut cells = Vec::with_capacity(entries.len());
    for e in entries {
        if retros.last().is_none_or(|r| r.id != e.retro_id) {
            retros.push(TrendRetro {
                id: e.retro_id,
                title: e.title.clone(),
                held_on: e.held_on,
            });
        }
        let who = people.iter().position(|p| *p == e.person_id);
        cells.push(who.map(|who| (who, retros.len() - 1)));
    }
    (retros, cells)
}

/// One value of each entry, set in its cell.
fn grid<T: Copy>(
    entries: &[TrendEntry],
    cells: &[Option<(usize, usize)>],
    people: usize,
    value: impl Fn(&TrendEntry) -> Option<T>,
) -> Grid<T> {
    let mut out: Grid<T> = vec![Vec::new(); people];
    for (e, cell) in entries.iter().zip(cells) {
        if let (Some((who, when)), Some(v)) = (cell, value(e)) {
            set(&mut out[*who], *when, v);
        }
    }
    out
}

/// Sets a cell in a grid's row, the gaps before it left empty.
fn set<T: Copy>(row: &mut Vec<Option<T>>, at: usize, value: T) {
    if row.len() <= at {
        row.resize(at + 1, None);
    }
    row[at] = Some(value);
}

fn need_trends(
    needs: &[Need],
    entries: &[TrendEntry],
    cells: &[Option<(usize, usize)>],
    people: usize,
    role: Id,
) -> Vec<NeedTrend> {
    // Need ids are small and dense: a table beats hashing each of what may
    // be hundreds of thousands of ratings.
    let top = needs.iter().map(|n| n.id).max().unwrap_or(0);
    let mut index: Vec<Option<usize>> = vec![None; usize::try_from(top).unwrap_or(0) + 1];
    for (i, n) in needs.iter().enumerate() {
        if let Some(slot) = usize::try_from(n.id).ok().and_then(|id| index.get_mut(id)) {
            *slot = Some(i);
        }
    }
    let mut out: Vec<NeedTrend> = needs
        .iter()
        .map(|need| NeedTrend {
            need: need.clone(),
            ratings: vec![Vec::new(); people],
            rated_retros: 0,
            both_low: Vec::new(),
        })
        .collect();
    // Entries come in retro order, so a retro's ratings of a need are
    // together: counting retros and spotting "both low" needs no map.
    let mut low_in: Vec<(Id, usize)> = vec![(0, 0); needs.len()];
    for (e, cell) in entries.iter().zip(cells) {
        let Some((who, when)) = *cell else { continue };
        for &(need, rating) in &e.ratings {
            let Some(i) = usize::try_from(need)
                .ok()
                .and_then(|id| index.get(id).copied().flatten())
            else {
                continue;
            };
            let trend = &mut out[i];
            if low_in[i].0 != e.retro_id {
                trend.rated_retros += 1;
                low_in[i] = (e.retro_id, 0);
            }
            set(&mut trend.ratings[who], when, rating);
            if rating <= UNMET_AT_MOST {
                low_in[i].1 += 1;
                if people == 2 && low_in[i].1 == 2 {
                    trend.both_low.push(e.retro_id);
                }
            }
        }
    }
    out.retain(|n| !(n.need.archived && n.rated_retros == 0));
    // The viewer's own role first, then the others in the catalog's order.
    out.sort_by_key(|n| (n.need.role_id != role, n.need.role_id, n.need.id));
    out
}

/// Tags differing only in case are one argument, shown as first written.
/// A journal has a handful of tags, so they are found along a short list,
/// each spelling lowercased once rather than once per use.
fn proxy_counts(entries: &[TrendEntry], people: &[Id]) -> Vec<ProxyCount> {
    let mut spellings: Vec<(&str, usize)> = Vec::new();
    let mut slots: Vec<(String, ProxyCount)> = Vec::new();
    for e in entries {
        let Some(who) = people.iter().position(|p| *p == e.person_id) else {
            continue;
        };
        for tag in e.proxies() {
            let i = match spellings.iter().find(|(spelt, _)| *spelt == tag) {
                Some(&(_, i)) => i,
                None => {
                    let key = tag.to_lowercase();
                    let i = match slots.iter().position(|(k, _)| *k == key) {
                        Some(i) => i,
                        None => {
                            let counts = vec![0; people.len()];
                            let tag = tag.to_owned();
                            slots.push((key, ProxyCount { tag, counts }));
                            slots.len() - 1
                        }
                    };
                    spellings.push((tag, i));
                    i
                }
            };
            slots[i].1.counts[who] += 1;
        }
    }
    slots.sort_by(|(a, _), (b, _)| a.cmp(b));
    let mut out: Vec<ProxyCount> = slots.into_iter().map(|(_, count)| count).collect();
    out.sort_by_key(|p| std::cmp::Reverse(p.counts.iter().sum::<usize>()));
    out
}

fn need_deals(deals: &[TrendDeal]) -> Vec<NeedDeals> {
    let mut by_need: BTreeMap<Id, Vec<DealOutcome>> = BTreeMap::new();
    for a in deals {
        for need in &a.need_ids {
            by_need.entry(*need).or_default().push(DealOutcome {
                id: a.id,
                title: a.title.clone(),
                retro_id: a.retro_id,
                held_on: a.held_on,
                status: a.status,
            });
        }
    }
    by_need
        .into_iter()
        .map(|(need_id, deals)| NeedDeals { need_id, deals })
        .collect()
}
