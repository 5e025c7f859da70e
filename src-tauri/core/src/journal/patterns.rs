//! "This keeps coming back": the patterns the journal notices across retros.
//!
//! Each rule is a pure function over entries the viewer may read (the
//! caller has already applied `readable`), and every threshold is a named
//! constant here, sent to the window in [`PatternRules`] so no screen repeats
//! one. A pattern is told in one calm sentence with no score, and comes with
//! a question the two people could talk about and the retros it was drawn
//! from.
//!
//! An unrated retro does not break a streak: a streak counts the retros that
//! rated the need, because leaving a need unrated says nothing about it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::compare::{lit, strained, PAIN_AT_MOST};
use crate::store::{AgreementStatus, CycleStage, Id, TensionPair, TrendDeal, TrendEntry};

/// A rating at or below this is unmet.
pub const UNMET_AT_MOST: i64 = PAIN_AT_MOST;
/// Unmet in this many rated retros in a row, or more, is a streak.
pub const STREAK_AT_LEAST: usize = 3;
/// "Again" looks at this many of the latest retros or entries…
pub const AGAIN_WINDOW: usize = 5;
/// …and needs this many of them.
pub const AGAIN_AT_LEAST: usize = 3;
/// The same need most wanted heard in this many entries in a row.
pub const NOT_HEARD_AT_LEAST: usize = 3;
/// Withdrawal looks at this many of a person's latest entries…
pub const WITHDRAWAL_WINDOW: usize = 3;
/// …and needs this many of them.
pub const WITHDRAWAL_AT_LEAST: usize = 2;
/// Broken deals serving one need…
pub const BROKEN_AT_LEAST: usize = 2;
/// …within this many days of each other.
pub const BROKEN_WITHIN_DAYS: i64 = 183;
/// Getting better: rated this or higher…
pub const BETTER_AT_LEAST: i64 = 4;
/// …in each of the last this many retros since a deal serving it was kept.
pub const BETTER_RETROS: usize = 2;
/// A need rated in fewer retros than this is too sparse to chart.
pub const SPARSE_BELOW: usize = 3;

/// Every threshold above, as the window reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PatternRules {
    #[ts(type = "number")]
    pub unmet_at_most: i64,
    pub streak_at_least: usize,
    pub again_window: usize,
    pub again_at_least: usize,
    pub not_heard_at_least: usize,
    pub withdrawal_window: usize,
    pub withdrawal_at_least: usize,
    pub broken_at_least: usize,
    #[ts(type = "number")]
    pub broken_within_days: i64,
    #[ts(type = "number")]
    pub better_at_least: i64,
    pub better_retros: usize,
    pub sparse_below: usize,
}

pub const RULES: PatternRules = PatternRules {
    unmet_at_most: UNMET_AT_MOST,
    streak_at_least: STREAK_AT_LEAST,
    again_window: AGAIN_WINDOW,
    again_at_least: AGAIN_AT_LEAST,
    not_heard_at_least: NOT_HEARD_AT_LEAST,
    withdrawal_window: WITHDRAWAL_WINDOW,
    withdrawal_at_least: WITHDRAWAL_AT_LEAST,
    broken_at_least: BROKEN_AT_LEAST,
    broken_within_days: BROKEN_WITHIN_DAYS,
    better_at_least: BETTER_AT_LEAST,
    better_retros: BETTER_RETROS,
    sparse_below: SPARSE_BELOW,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum PatternKind {
    UnmetStreak,
    SharedPainAgain,
    TensionAgain,
    ArgumentAgain,
    StillNotHeard,
    Withdrawal,
    DealsDontHold,
    GettingBetter,
}

/// A retro a pattern was drawn from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Evidence {
    #[ts(type = "number")]
    pub retro_id: Id,
    pub held_on: NaiveDate,
    pub title: String,
}

/// One card of "This keeps coming back".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Pattern {
    /// Stable while the pattern lasts: what it is about, not when.
    pub key: String,
    pub kind: PatternKind,
    /// One calm sentence; never a score or a verdict.
    pub sentence: String,
    /// Something the two of them could talk about.
    pub question: String,
    /// Oldest first.
    pub evidence: Vec<Evidence>,
    /// Set aside with "I've seen this", and not grown since.
    pub set_aside: bool,
}

/// What the rules need to word their sentences.
pub struct Names<'a> {
    pub people: &'a HashMap<Id, String>,
    pub needs: &'a HashMap<Id, String>,
    /// The journal's owner, who reads the sentences: named "you".
    pub me: Option<Id>,
}

/// A person as a sentence names them: the reader, or someone named.
enum Who<'a> {
    Reader,
    Named(&'a str),
}

impl Who<'_> {
    /// "you" or "Maya".
    fn subject(&self) -> &str {
        match self {
            Who::Reader => "you",
            Who::Named(name) => name,
        }
    }
    /// "you have" or "Maya has".
    fn subject_has(&self) -> String {
        match self {
            Who::Reader => "you have".into(),
            Who::Named(name) => format!("{name} has"),
        }
    }
    /// "your" or "Maya's".
    fn possessive(&self) -> String {
        match self {
            Who::Reader => "your".into(),
            Who::Named(name) => format!("{name}'s"),
        }
    }
    /// "you" or "they".
    fn they(&self) -> &str {
        match self {
            Who::Reader => "you",
            Who::Named(_) => "they",
        }
    }
    /// "your" or "their".
    fn their(&self) -> &str {
        match self {
            Who::Reader => "your",
            Who::Named(_) => "their",
        }
    }
}

impl Names<'_> {
    fn person(&self, id: Id) -> Who<'_> {
        if self.me == Some(id) {
            Who::Reader
        } else {
            Who::Named(self.people.get(&id).map_or("Someone", String::as_str))
        }
    }

    fn need(&self, id: Id) -> String {
        self.needs
            .get(&id)
            .map_or("a need no longer in the catalog".into(), |n| {
                n.to_lowercase()
            })
    }
}

fn evidence(entries: &[&TrendEntry]) -> Vec<Evidence> {
    let mut seen = BTreeSet::new();
    let mut out: Vec<Evidence> = entries
        .iter()
        .filter(|e| seen.insert(e.retro_id))
        .map(|e| Evidence {
            retro_id: e.retro_id,
            held_on: e.held_on,
            title: e.title.clone(),
        })
        .collect();
    out.sort_by_key(|e| (e.held_on, e.retro_id));
    out
}

fn card(
    key: String,
    kind: PatternKind,
    sentence: String,
    question: String,
    from: &[&TrendEntry],
) -> Pattern {
    Pattern {
        key,
        kind,
        sentence,
        question,
        evidence: evidence(from),
        set_aside: false,
    }
}

/// Each person's entries, oldest first (the input is already in date order).
fn by_person(entries: &[TrendEntry]) -> BTreeMap<Id, Vec<&TrendEntry>> {
    let mut out: BTreeMap<Id, Vec<&TrendEntry>> = BTreeMap::new();
    for e in entries {
        out.entry(e.person_id).or_default().push(e);
    }
    out
}

fn rating(e: &TrendEntry, need: Id) -> Option<i64> {
    e.ratings.iter().find(|(n, _)| *n == need).map(|(_, r)| *r)
}

/// Each need's entries that rated it, in order, by need: one pass over the
/// entries. A person rates a handful of needs, so they are found by a
/// look along a short list rather than in a map.
fn rated_by_need<'e>(entries: &[&'e TrendEntry]) -> Vec<(Id, Vec<&'e TrendEntry>)> {
    let mut out: Vec<(Id, Vec<&TrendEntry>)> = Vec::new();
    for e in entries {
        for (need, _) in &e.ratings {
            match out.iter_mut().find(|(n, _)| n == need) {
                Some((_, rated)) => rated.push(e),
                None => out.push((*need, vec![e])),
            }
        }
    }
    out.sort_unstable_by_key(|(need, _)| *need);
    out
}

/// The latest unbroken run of entries (counted from the newest back) for
/// which `holds` is true.
fn latest_run<'e>(
    entries: &[&'e TrendEntry],
    holds: impl Fn(&TrendEntry) -> bool,
) -> Vec<&'e TrendEntry> {
    let mut run: Vec<&TrendEntry> = entries
        .iter()
        .rev()
        .take_while(|e| holds(e))
        .copied()
        .collect();
    run.reverse();
    run
}

/// A person rated the same need [`UNMET_AT_MOST`] or lower in each of their
/// last [`STREAK_AT_LEAST`] or more retros that rated it.
pub fn unmet_streaks(entries: &[TrendEntry], names: &Names) -> Vec<Pattern> {
    let mut out = Vec::new();
    for (person, mine) in by_person(entries) {
        for (need, rated) in rated_by_need(&mine) {
            let run = latest_run(&rated, |e| {
                rating(e, need).is_some_and(|r| r <= UNMET_AT_MOST)
            });
            if run.len() >= STREAK_AT_LEAST {
                out.push(card(
                    format!("unmet:{person}:{need}"),
                    PatternKind::UnmetStreak,
                    capitalised(&format!(
                        "{} rated {} {UNMET_AT_MOST} or lower in each of the last {} retros that rated it.",
                        names.person(person).subject_has(),
                        names.need(need),
                        run.len()
                    )),
                    format!(
                        "What would make {} a little easier to meet in the next cycle?",
                        names.need(need)
                    ),
                    &run,
                ));
            }
        }
    }
    out
}

/// The pair's revealed retros, oldest first, each with both entries.
fn pair_retros(entries: &[TrendEntry]) -> Vec<[&TrendEntry; 2]> {
    let mut by_retro: BTreeMap<(NaiveDate, Id), Vec<&TrendEntry>> = BTreeMap::new();
    for e in entries.iter().filter(|e| e.revealed) {
        by_retro.entry((e.held_on, e.retro_id)).or_default().push(e);
    }
    by_retro
        .into_values()
        .filter_map(|two| match two[..] {
            [a, b] => Some([a, b]),
            _ => None,
        })
        .collect()
}

fn last<T>(items: &[T], n: usize) -> &[T] {
    &items[items.len().saturating_sub(n)..]
}

/// Both rated the same need [`UNMET_AT_MOST`] or lower in [`AGAIN_AT_LEAST`]
/// or more of the pair's last [`AGAIN_WINDOW`] revealed retros.
pub fn shared_pain_again(entries: &[TrendEntry], names: &Names) -> Vec<Pattern> {
    let retros = pair_retros(entries);
    let recent = last(&retros, AGAIN_WINDOW);
    let mut hurting: BTreeMap<Id, Vec<&TrendEntry>> = BTreeMap::new();
    for [a, b] in recent {
        for (need, r) in &a.ratings {
            if *r <= UNMET_AT_MOST && rating(b, *need).is_some_and(|r| r <= UNMET_AT_MOST) {
                hurting.entry(*need).or_default().extend([*a, *b]);
            }
        }
    }
    hurting
        .into_iter()
        .filter(|(_, es)| es.len() / 2 >= AGAIN_AT_LEAST)
        .map(|(need, es)| {
            card(
                format!("pain:{need}"),
                PatternKind::SharedPainAgain,
                format!(
                    "You both rated {} {UNMET_AT_MOST} or lower in {} of your last {} retros together.",
                    names.need(need),
                    es.len() / 2,
                    recent.len()
                ),
                format!(
                    "What is one thing about {} you could change together, rather than each on your own?",
                    names.need(need)
                ),
                &es,
            )
        })
        .collect()
}

/// The same tension pair lit up in [`AGAIN_AT_LEAST`] or more of the pair's
/// last [`AGAIN_WINDOW`] revealed retros.
pub fn tension_again(entries: &[TrendEntry], pairs: &[TensionPair], names: &Names) -> Vec<Pattern> {
    let retros = pair_retros(entries);
    let recent = last(&retros, AGAIN_WINDOW);
    let mut lit_in: BTreeMap<Id, (&TensionPair, Vec<&TrendEntry>)> = BTreeMap::new();
    for [a, b] in recent {
        let of =
            |e: &TrendEntry| strained(e.ratings.iter().map(|(n, r)| (*n, Some(*r))), e.top_need_id);
        for (pair, _) in lit(pairs, &of(a), &of(b)) {
            lit_in
                .entry(pair.id)
                .or_insert((pair, Vec::new()))
                .1
                .extend([*a, *b]);
        }
    }
    lit_in
        .into_values()
        .filter(|(_, es)| es.len() / 2 >= AGAIN_AT_LEAST)
        .map(|(pair, es)| {
            card(
                format!("tension:{}", pair.id),
                PatternKind::TensionAgain,
                format!(
                    "{} and {} pulled against each other in {} of your last {} retros together.",
                    capitalised(&names.need(pair.need_a)),
                    names.need(pair.need_b),
                    es.len() / 2,
                    recent.len()
                ),
                pair.question.clone(),
                &es,
            )
        })
        .collect()
}

/// The same proxy argument in [`AGAIN_AT_LEAST`] or more of a person's last
/// [`AGAIN_WINDOW`] entries.
pub fn argument_again(entries: &[TrendEntry], names: &Names) -> Vec<Pattern> {
    let mut out = Vec::new();
    for (person, mine) in by_person(entries) {
        let recent = last(&mine, AGAIN_WINDOW);
        let mut tags: BTreeMap<String, (String, Vec<&TrendEntry>)> = BTreeMap::new();
        for e in recent {
            let mut once = BTreeSet::new();
            for tag in e.proxies() {
                let key = tag.to_lowercase();
                if once.insert(key.clone()) {
                    tags.entry(key)
                        .or_insert((tag.to_owned(), Vec::new()))
                        .1
                        .push(e);
                }
            }
        }
        for (key, (tag, es)) in tags {
            if es.len() >= AGAIN_AT_LEAST {
                out.push(card(
                    format!("argument:{person}:{key}"),
                    PatternKind::ArgumentAgain,
                    format!(
                        "\u{201c}{tag}\u{201d} came up in {} of {} last {} entries.",
                        es.len(),
                        names.person(person).possessive(),
                        recent.len()
                    ),
                    format!("Which need might be sitting under \u{201c}{tag}\u{201d}?"),
                    &es,
                ));
            }
        }
    }
    out
}

/// The same need named as the one most wanted heard in [`NOT_HEARD_AT_LEAST`]
/// or more entries in a row, up to the latest.
pub fn still_not_heard(entries: &[TrendEntry], names: &Names) -> Vec<Pattern> {
    let mut out = Vec::new();
    for (person, mine) in by_person(entries) {
        let Some(need) = mine.last().and_then(|e| e.top_need_id) else {
            continue;
        };
        let run = latest_run(&mine, |e| e.top_need_id == Some(need));
        if run.len() >= NOT_HEARD_AT_LEAST {
            out.push(card(
                format!("heard:{person}:{need}"),
                PatternKind::StillNotHeard,
                capitalised(&format!(
                    "{} named {} as the need {} most want heard in {} entries in a row.",
                    names.person(person).subject_has(),
                    names.need(need),
                    names.person(person).they(),
                    run.len()
                )),
                format!("What would it take for {} to feel heard?", names.need(need)),
                &run,
            ));
        }
    }
    out
}

/// The cycle stage "withdrawal" in [`WITHDRAWAL_AT_LEAST`] of a person's
/// last [`WITHDRAWAL_WINDOW`] entries.
pub fn withdrawal(entries: &[TrendEntry], names: &Names) -> Vec<Pattern> {
    let mut out = Vec::new();
    for (person, mine) in by_person(entries) {
        let recent = last(&mine, WITHDRAWAL_WINDOW);
        let withdrawn: Vec<&TrendEntry> = recent
            .iter()
            .copied()
            .filter(|e| e.cycle_stage == Some(CycleStage::Withdrawal))
            .collect();
        if withdrawn.len() >= WITHDRAWAL_AT_LEAST {
            out.push(card(
                format!("withdrawal:{person}"),
                PatternKind::Withdrawal,
                {
                    let who = names.person(person);
                    capitalised(&format!(
                        "{} felt {} were stepping back from the conversation in {} of {} last {} entries.",
                        who.subject(),
                        who.they(),
                        withdrawn.len(),
                        who.their(),
                        recent.len()
                    ))
                },
                "What would make it worth stepping back into the conversation?".into(),
                &withdrawn,
            ));
        }
    }
    out
}

/// The day a deal was given the status it has now.
fn status_day(a: &TrendDeal) -> Option<NaiveDate> {
    DateTime::parse_from_rfc3339(&a.status_at)
        .ok()
        .map(|t| t.date_naive())
}

/// [`BROKEN_AT_LEAST`] or more broken deals serving the same need, broken
/// within [`BROKEN_WITHIN_DAYS`] days of each other (the latest such run).
pub fn deals_dont_hold(deals: &[TrendDeal], names: &Names) -> Vec<Pattern> {
    let mut broken: BTreeMap<Id, Vec<(NaiveDate, &TrendDeal)>> = BTreeMap::new();
    for a in deals.iter().filter(|a| a.status == AgreementStatus::Broken) {
        if let Some(day) = status_day(a) {
            for need in &a.need_ids {
                broken.entry(*need).or_default().push((day, a));
            }
        }
    }
    let mut out = Vec::new();
    for (need, mut list) in broken {
        list.sort_by_key(|(day, a)| (*day, a.id));
        let Some(&(latest, _)) = list.last() else {
            continue;
        };
        let within: Vec<&TrendDeal> = list
            .iter()
            .filter(|(day, _)| (latest - *day).num_days() <= BROKEN_WITHIN_DAYS)
            .map(|(_, a)| *a)
            .collect();
        if within.len() < BROKEN_AT_LEAST {
            continue;
        }
        out.push(Pattern {
            key: format!("broken:{need}"),
            kind: PatternKind::DealsDontHold,
            sentence: format!(
                "{} deals serving {} were marked broken within six months of each other.",
                within.len(),
                names.need(need)
            ),
            question: format!(
                "What made these hard to keep, and what would a smaller deal for {} look like?",
                names.need(need)
            ),
            evidence: deal_evidence(&within),
            set_aside: false,
        });
    }
    out
}

fn deal_evidence(deals: &[&TrendDeal]) -> Vec<Evidence> {
    let mut seen = BTreeSet::new();
    let mut out: Vec<Evidence> = deals
        .iter()
        .filter(|a| seen.insert(a.retro_id))
        .map(|a| Evidence {
            retro_id: a.retro_id,
            held_on: a.held_on,
            title: a.retro_title.clone(),
        })
        .collect();
    out.sort_by_key(|e| (e.held_on, e.retro_id));
    out
}

/// Good news: a need that was in an unmet streak has been rated
/// [`BETTER_AT_LEAST`] or higher in each of the last [`BETTER_RETROS`]
/// retros since a deal serving it was kept. The deal is named.
pub fn getting_better(entries: &[TrendEntry], deals: &[TrendDeal], names: &Names) -> Vec<Pattern> {
    let mut out = Vec::new();
    for (person, mine) in by_person(entries) {
        for (need, rated) in rated_by_need(&mine) {
            let kept = deals
                .iter()
                .filter(|a| a.status == AgreementStatus::Kept && a.need_ids.contains(&need))
                .filter_map(|a| status_day(a).map(|day| (day, a)))
                .max_by_key(|(day, a)| (*day, a.id));
            let Some((kept_on, deal)) = kept else {
                continue;
            };
            let (before, since): (Vec<&TrendEntry>, Vec<&TrendEntry>) =
                rated.iter().partition(|e| e.held_on < kept_on);
            let streak_before = before
                .split(|e| rating(e, need).is_some_and(|r| r > UNMET_AT_MOST))
                .any(|run| run.len() >= STREAK_AT_LEAST);
            let recent = last(&since, BETTER_RETROS);
            let better = recent.len() == BETTER_RETROS
                && recent
                    .iter()
                    .all(|e| rating(e, need).is_some_and(|r| r >= BETTER_AT_LEAST));
            if streak_before && better {
                out.push(card(
                    format!("better:{person}:{need}:{}", deal.id),
                    PatternKind::GettingBetter,
                    format!(
                        "Since the deal \u{201c}{}\u{201d} was kept, {} rated {} {BETTER_AT_LEAST} or higher in each of the last {BETTER_RETROS} retros.",
                        deal.title,
                        names.person(person).subject_has(),
                        names.need(need)
                    ),
                    format!(
                        "What about \u{201c}{}\u{201d} is worth keeping, or doing again?",
                        deal.title
                    ),
                    recent,
                ));
            }
        }
    }
    out
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// Every pattern in `entries` (which the viewer may read) and `deals`.
/// `pair` is true in the view of a pair, where patterns of the two together
/// are looked for as well.
pub fn all(
    entries: &[TrendEntry],
    deals: &[TrendDeal],
    pairs: &[TensionPair],
    pair: bool,
    names: &Names,
) -> Vec<Pattern> {
    let mut out = Vec::new();
    if pair {
        out.extend(shared_pain_again(entries, names));
        out.extend(tension_again(entries, pairs, names));
    }
    out.extend(unmet_streaks(entries, names));
    out.extend(still_not_heard(entries, names));
    out.extend(argument_again(entries, names));
    out.extend(withdrawal(entries, names));
    out.extend(deals_dont_hold(deals, names));
    out.extend(getting_better(entries, deals, names));
    out
}

#[cfg(test)]
mod tests {
    //! Each rule with its near misses: the pattern appears exactly at its
    //! threshold, and not one step short of it.

    use super::*;
    use crate::store::{EntryState, RetroKind};

    const MAYA: Id = 1;
    const DEV: Id = 2;
    const DATES: Id = 1;
    const PACE: Id = 5;

    fn names() -> (HashMap<Id, String>, HashMap<Id, String>) {
        (
            HashMap::from([(MAYA, "Maya".into()), (DEV, "Dev".into())]),
            HashMap::from([
                (DATES, "Predictability".into()),
                (PACE, "Sustainability".into()),
            ]),
        )
    }

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 5).expect("day") + chrono::Duration::weeks(n)
    }

    /// Week `n`'s entry by `person`.
    fn entry(n: i64, person: Id) -> TrendEntry {
        TrendEntry {
            entry_id: n * 10 + person,
            retro_id: n,
            held_on: day(n),
            title: format!("Week {n}"),
            kind: RetroKind::Paired,
            revealed: true,
            state: EntryState::Revealed,
            person_id: person,
            top_need_id: None,
            cycle_stage: None,
            ratings: Vec::new(),
            argued: String::new(),
        }
    }

    /// One person's entries with these ratings of one need (`None`: unrated).
    fn rated(person: Id, need: Id, ratings: &[Option<i64>]) -> Vec<TrendEntry> {
        (0..)
            .zip(ratings)
            .map(|(n, r)| {
                let mut e = entry(n, person);
                e.ratings = r.map(|r| vec![(need, r)]).unwrap_or_default();
                e
            })
            .collect()
    }

    fn run(
        f: impl Fn(&[TrendEntry], &Names) -> Vec<Pattern>,
        entries: &[TrendEntry],
    ) -> Vec<Pattern> {
        let (people, needs) = names();
        f(
            entries,
            &Names {
                people: &people,
                needs: &needs,
                me: None,
            },
        )
    }

    #[test]
    fn an_unmet_streak_is_three_in_a_row_and_an_unrated_retro_does_not_break_it() {
        let two = run(
            unmet_streaks,
            &rated(MAYA, DATES, &[Some(4), Some(2), Some(1)]),
        );
        assert!(two.is_empty(), "two in a row is not a streak");
        let three_and_a_gap = rated(MAYA, DATES, &[Some(2), None, Some(2), Some(1)]);
        let found = run(unmet_streaks, &three_and_a_gap);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].sentence,
            "Maya has rated predictability 2 or lower in each of the last 3 retros that rated it."
        );
        assert_eq!(
            found[0]
                .evidence
                .iter()
                .map(|e| e.retro_id)
                .collect::<Vec<_>>(),
            [0, 2, 3]
        );
        let a_three = run(
            unmet_streaks,
            &rated(MAYA, DATES, &[Some(2), Some(3), Some(2), Some(2)]),
        );
        assert!(
            a_three.is_empty(),
            "a rating of 3 is not unmet, and breaks the streak"
        );
        let over = run(
            unmet_streaks,
            &rated(MAYA, DATES, &[Some(1), Some(1), Some(1), Some(4)]),
        );
        assert!(over.is_empty(), "a streak that ended is not coming back");
    }

    /// The pair's weeks, each with both rating `need` as given.
    fn both(need: Id, weeks: &[(i64, i64)]) -> Vec<TrendEntry> {
        let mut out = Vec::new();
        for (n, (mine, theirs)) in (0..).zip(weeks) {
            for (person, r) in [(MAYA, *mine), (DEV, *theirs)] {
                let mut e = entry(n, person);
                e.ratings = vec![(need, r)];
                out.push(e);
            }
        }
        out
    }

    #[test]
    fn shared_pain_again_is_three_of_the_last_five() {
        let pain = (2, 1);
        let fine = (4, 2);
        let two = both(PACE, &[pain, pain, fine, fine, fine]);
        assert!(
            run(shared_pain_again, &two).is_empty(),
            "2 of the last 5 is not again"
        );
        let old = both(PACE, &[pain, pain, pain, fine, fine, fine, fine, fine]);
        assert!(
            run(shared_pain_again, &old).is_empty(),
            "only the last 5 count"
        );
        let three = both(PACE, &[fine, pain, fine, pain, pain]);
        let found = run(shared_pain_again, &three);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].sentence,
            "You both rated sustainability 2 or lower in 3 of your last 5 retros together."
        );
        assert_eq!(found[0].evidence.len(), 3);
    }

    #[test]
    fn the_same_tension_again_is_three_of_the_last_five() {
        let pair = TensionPair {
            id: 7,
            need_a: 2,
            need_b: PACE,
            question: "Which urgent request would you make room for?".into(),
            builtin: true,
        };
        let week = |n: i64, lit: bool| {
            let mut mine = entry(n, MAYA);
            mine.top_need_id = Some(2);
            let mut theirs = entry(n, DEV);
            theirs.ratings = vec![(PACE, if lit { 1 } else { 3 })];
            [mine, theirs]
        };
        let (people, needs) = names();
        let names = Names {
            people: &people,
            needs: &needs,
            me: None,
        };
        let two: Vec<TrendEntry> = [true, false, true, false, false]
            .into_iter()
            .zip(0..)
            .flat_map(|(lit, n)| week(n, lit))
            .collect();
        assert!(tension_again(&two, std::slice::from_ref(&pair), &names).is_empty());
        let three: Vec<TrendEntry> = [true, false, true, true, false]
            .into_iter()
            .zip(0..)
            .flat_map(|(lit, n)| week(n, lit))
            .collect();
        let found = tension_again(&three, std::slice::from_ref(&pair), &names);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].question, pair.question);
    }

    fn with_tags(person: Id, weeks: &[&[&str]]) -> Vec<TrendEntry> {
        (0..)
            .zip(weeks)
            .map(|(n, tags)| {
                let mut e = entry(n, person);
                e.argued = tags.join("\n");
                e
            })
            .collect()
    }

    #[test]
    fn the_same_argument_again_is_three_of_a_person_s_last_five() {
        let two = with_tags(DEV, &[&["estimate"], &[], &["Estimate"], &[], &[]]);
        assert!(run(argument_again, &two).is_empty());
        let three = with_tags(
            DEV,
            &[&["estimate"], &[], &["Estimate"], &["scope"], &["estimate"]],
        );
        let found = run(argument_again, &three);
        assert_eq!(found.len(), 1, "case does not make another argument");
        assert!(
            found[0].sentence.contains("in 3 of Dev's last 5 entries"),
            "{}",
            found[0].sentence
        );
    }

    fn with_top(person: Id, tops: &[Option<Id>]) -> Vec<TrendEntry> {
        (0..)
            .zip(tops)
            .map(|(n, top)| {
                let mut e = entry(n, person);
                e.top_need_id = *top;
                e
            })
            .collect()
    }

    #[test]
    fn still_not_heard_is_three_entries_in_a_row() {
        let broken = with_top(DEV, &[Some(PACE), Some(PACE), None, Some(PACE), Some(PACE)]);
        assert!(
            run(still_not_heard, &broken).is_empty(),
            "an entry in between breaks the run"
        );
        let run3 = with_top(DEV, &[Some(DATES), Some(PACE), Some(PACE), Some(PACE)]);
        let found = run(still_not_heard, &run3);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].evidence.len(), 3);
    }

    fn with_stages(person: Id, stages: &[Option<CycleStage>]) -> Vec<TrendEntry> {
        (0..)
            .zip(stages)
            .map(|(n, s)| {
                let mut e = entry(n, person);
                e.cycle_stage = *s;
                e
            })
            .collect()
    }

    #[test]
    fn withdrawal_is_two_of_the_last_three() {
        let w = Some(CycleStage::Withdrawal);
        let f = Some(CycleStage::Frustration);
        assert!(run(withdrawal, &with_stages(MAYA, &[w, f, f, w])).is_empty());
        assert_eq!(run(withdrawal, &with_stages(MAYA, &[f, w, f, w])).len(), 1);
    }

    #[test]
    fn the_reader_is_you_and_everyone_else_is_named() {
        let w = Some(CycleStage::Withdrawal);
        let entries = with_stages(MAYA, &[w, w]);
        let (people, needs) = names();
        let said = |me: Option<Id>| {
            let names = Names {
                people: &people,
                needs: &needs,
                me,
            };
            withdrawal(&entries, &names)
                .pop()
                .expect("a pattern")
                .sentence
        };
        assert_eq!(
            said(Some(MAYA)),
            "You felt you were stepping back from the conversation in 2 of your last 2 entries."
        );
        assert_eq!(
            said(Some(DEV)),
            "Maya felt they were stepping back from the conversation in 2 of their last 2 entries."
        );
    }

    /// A deal with its statuses, oldest first: trends see the newest.
    fn deal(id: Id, need: Id, history: &[(AgreementStatus, &str)]) -> TrendDeal {
        let (status, at) = history.last().copied().expect("a status");
        TrendDeal {
            id,
            title: format!("Deal {id}"),
            retro_id: id,
            retro_title: format!("Week {id}"),
            held_on: day(id),
            need_ids: vec![need],
            status,
            status_at: at.into(),
        }
    }

    #[test]
    fn deals_that_don_t_hold_are_two_broken_within_six_months() {
        use AgreementStatus::{Broken, Open};
        let (people, needs) = names();
        let names = Names {
            people: &people,
            needs: &needs,
            me: None,
        };
        let far = [
            deal(
                1,
                PACE,
                &[
                    (Open, "2026-01-01T09:00:00Z"),
                    (Broken, "2026-01-20T09:00:00Z"),
                ],
            ),
            deal(
                2,
                PACE,
                &[
                    (Open, "2026-07-01T09:00:00Z"),
                    (Broken, "2026-09-01T09:00:00Z"),
                ],
            ),
        ];
        assert!(
            deals_dont_hold(&far, &names).is_empty(),
            "seven months apart"
        );
        let near = [
            deal(
                1,
                PACE,
                &[
                    (Open, "2026-01-01T09:00:00Z"),
                    (Broken, "2026-03-20T09:00:00Z"),
                ],
            ),
            deal(
                2,
                PACE,
                &[
                    (Open, "2026-07-01T09:00:00Z"),
                    (Broken, "2026-09-01T09:00:00Z"),
                ],
            ),
            deal(
                3,
                DATES,
                &[
                    (Open, "2026-07-01T09:00:00Z"),
                    (Broken, "2026-09-01T09:00:00Z"),
                ],
            ),
        ];
        let found = deals_dont_hold(&near, &names);
        assert_eq!(found.len(), 1, "the other need has one broken deal");
        assert_eq!(found[0].key, format!("broken:{PACE}"));
    }

    #[test]
    fn getting_better_needs_the_streak_the_kept_deal_and_two_good_retros() {
        use AgreementStatus::{Kept, Open};
        let (people, needs) = names();
        let names = Names {
            people: &people,
            needs: &needs,
            me: None,
        };
        let ratings = [Some(2), Some(1), Some(2), Some(3), Some(4), Some(5)];
        let entries = rated(DEV, PACE, &ratings);
        // Kept between week 3 and week 4.
        let kept_at = format!("{}T09:00:00Z", day(3) + chrono::Duration::days(1));
        let kept = [deal(
            9,
            PACE,
            &[(Open, "2026-01-01T09:00:00Z"), (Kept, &kept_at)],
        )];
        let found = getting_better(&entries, &kept, &names);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].sentence.contains("\u{201c}Deal 9\u{201d}"),
            "{}",
            found[0].sentence
        );

        assert!(
            getting_better(&entries, &[], &names).is_empty(),
            "the good news needs the kept deal"
        );
        let open = [deal(9, PACE, &[(Open, "2026-01-01T09:00:00Z")])];
        assert!(
            getting_better(&entries, &open, &names).is_empty(),
            "an open deal is not kept"
        );
        let no_streak = rated(
            DEV,
            PACE,
            &[Some(2), Some(3), Some(2), Some(3), Some(4), Some(5)],
        );
        assert!(
            getting_better(&no_streak, &kept, &names).is_empty(),
            "there was no streak"
        );
        let one_good = rated(
            DEV,
            PACE,
            &[Some(2), Some(1), Some(2), Some(3), Some(4), Some(3)],
        );
        assert!(
            getting_better(&one_good, &kept, &names).is_empty(),
            "both retros since are 4 or higher"
        );
    }
}
