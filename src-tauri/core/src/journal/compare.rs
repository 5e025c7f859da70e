//! The side-by-side comparison of a revealed retro: where both are hurting,
//! where they differ most, how well each guessed the other, and which tension
//! pairs light up. It is computed only from entries the viewer may read, so
//! it exists only after the reveal.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Journal, JournalError, Result};
use crate::store::{
    self, EntryContent, EntryView, Id, Need, Person, RetroState, Role, TensionPair,
};

/// A rating at or below this is pain.
pub const PAIN_AT_MOST: i64 = 2;
/// Two ratings this far apart or more are a gap worth talking about.
pub const GAP_AT_LEAST: i64 = 2;
/// Below this, a person's lowest ratings count as what they need most.
const LOWEST_COUNTS_AT_MOST: i64 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Signal {
    /// Both rated it [`PAIN_AT_MOST`] or lower.
    SharedPain,
    /// The two ratings differ by [`GAP_AT_LEAST`] or more.
    Gap,
    /// Only one of them rated it.
    OnlyOne,
}

/// One need, side by side: a rating and a note per person, in `people` order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NeedRow {
    pub need: Need,
    #[ts(type = "Array<number | null>")]
    pub ratings: Vec<Option<i64>>,
    pub notes: Vec<String>,
    pub signal: Option<Signal>,
    /// The signal in words: "Both hurting", "Gap of 3", "Only Dev rated this".
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NeedGroup {
    pub role: Role,
    pub rows: Vec<NeedRow>,
}

/// One person's guess at the other's top needs, against what the other
/// named as the need they most want heard and the needs they rated lowest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Perspective {
    pub guesser: Person,
    pub about: Person,
    #[ts(type = "Array<number>")]
    pub guessed: Vec<Id>,
    /// The guesses that match `named` or `lowest`.
    #[ts(type = "Array<number>")]
    pub hits: Vec<Id>,
    #[ts(type = "number | null")]
    pub named: Option<Id>,
    /// The needs `about` rated lowest, when that is 3 or lower.
    #[ts(type = "Array<number>")]
    pub lowest: Vec<Id>,
    /// The check in one calm sentence; a miss is stated as plainly as a hit.
    pub sentence: String,
}

/// A tension pair that lit up: each side is strained for one of the two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Tension {
    pub pair: TensionPair,
    /// Two sides, in `people` order: the need that strains that person.
    #[ts(type = "Array<number>")]
    pub needs: Vec<Id>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Comparison {
    /// Me first, then the partner.
    pub people: Vec<Person>,
    /// Shared pain is both rated this or lower ([`PAIN_AT_MOST`]); every
    /// screen and export that explains the signals reads it from here.
    #[ts(type = "number")]
    pub pain_at_most: i64,
    /// A gap is ratings this far apart or more ([`GAP_AT_LEAST`]).
    #[ts(type = "number")]
    pub gap_at_least: i64,
    /// The needs either of them rated or wrote about, grouped by role.
    pub groups: Vec<NeedGroup>,
    pub perspective: Vec<Perspective>,
    pub tensions: Vec<Tension>,
}

/// What every comparison reads besides the two entries: the needs, the
/// roles and the tension pairs. Read once for any number of retros.
pub struct CompareCatalog {
    needs: Vec<Need>,
    roles: Vec<Role>,
    pairs: Vec<TensionPair>,
}

impl Journal {
    /// The comparison of a revealed retro, as the person at the keyboard may read it.
    pub fn comparison(&self, retro_id: Id) -> Result<Comparison> {
        let retro = self.retro(retro_id)?;
        if retro.state != RetroState::Revealed {
            return Err(JournalError::Invalid(
                "The comparison appears once the entries are revealed together.".into(),
            ));
        }
        Comparison::of(self.entries(retro_id)?, &self.compare_catalog()?)
    }

    pub fn compare_catalog(&self) -> Result<CompareCatalog> {
        let conn = self.db.conn();
        Ok(CompareCatalog {
            needs: store::needs(conn)?,
            roles: store::roles(conn)?,
            pairs: store::tension_pairs(conn)?,
        })
    }
}

impl Comparison {
    /// The comparison of a revealed retro's entries, as `Journal::entries`
    /// gave them to the person at the keyboard.
    pub fn of(entries: Vec<EntryView>, catalog: &CompareCatalog) -> Result<Comparison> {
        let mut people = Vec::new();
        let mut contents = Vec::new();
        for view in entries {
            // Only a reader who takes part reaches here with the content;
            // anyone else would have got a retro that is not in view.
            let content = view.content.ok_or(JournalError::NotParticipant)?;
            people.push(view.person);
            contents.push(content);
        }
        let needs = &catalog.needs;
        let names: HashMap<Id, &str> = needs.iter().map(|n| (n.id, n.name.as_str())).collect();
        let name = |id: Id| {
            names
                .get(&id)
                .map_or("a need no longer in the catalog", |n| n)
                .to_owned()
        };
        Ok(Comparison {
            groups: groups(&catalog.roles, needs, &contents, &people),
            perspective: perspective(&people, &contents, &name),
            tensions: tensions(&catalog.pairs, &contents),
            people,
            pain_at_most: PAIN_AT_MOST,
            gap_at_least: GAP_AT_LEAST,
        })
    }
}

fn groups(
    roles: &[Role],
    needs: &[Need],
    contents: &[EntryContent],
    people: &[Person],
) -> Vec<NeedGroup> {
    let by_need: Vec<HashMap<Id, (Option<i64>, &str)>> = contents
        .iter()
        .map(|c| {
            c.ratings
                .iter()
                .map(|r| (r.need_id, (r.rating, r.note.as_str())))
                .collect()
        })
        .collect();
    roles
        .iter()
        .map(|role| NeedGroup {
            role: role.clone(),
            rows: needs
                .iter()
                .filter(|n| n.role_id == role.id)
                .filter_map(|need| {
                    let cells: Vec<_> = by_need
                        .iter()
                        .map(|m| m.get(&need.id).copied().unwrap_or((None, "")))
                        .collect();
                    if cells
                        .iter()
                        .all(|(r, note)| r.is_none() && note.trim().is_empty())
                    {
                        return None;
                    }
                    let ratings: Vec<Option<i64>> = cells.iter().map(|c| c.0).collect();
                    let signal = signal(&ratings);
                    Some(NeedRow {
                        need: need.clone(),
                        label: signal.map(|s| label(s, &ratings, people)),
                        signal,
                        notes: cells.iter().map(|c| c.1.to_owned()).collect(),
                        ratings,
                    })
                })
                .collect(),
        })
        .filter(|g| !g.rows.is_empty())
        .collect()
}

fn signal(ratings: &[Option<i64>]) -> Option<Signal> {
    match ratings {
        [Some(a), Some(b)] if *a <= PAIN_AT_MOST && *b <= PAIN_AT_MOST => Some(Signal::SharedPain),
        [Some(a), Some(b)] if (a - b).abs() >= GAP_AT_LEAST => Some(Signal::Gap),
        [Some(_), None] | [None, Some(_)] => Some(Signal::OnlyOne),
        _ => None,
    }
}

fn label(signal: Signal, ratings: &[Option<i64>], people: &[Person]) -> String {
    match signal {
        Signal::SharedPain => "Both hurting".to_owned(),
        Signal::Gap => {
            let [Some(a), Some(b)] = ratings else {
                return "Gap".to_owned();
            };
            format!("Gap of {}", (a - b).abs())
        }
        Signal::OnlyOne => {
            let who = ratings
                .iter()
                .position(Option::is_some)
                .and_then(|i| people.get(i))
                .map_or("one of you", |p| p.name.as_str());
            format!("Only {who} rated this")
        }
    }
}

/// "a", "a and b", "a, b and c".
fn list_of(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// One sentence for a guess against what the other person said.
fn sentence(p: &Perspective, name: &dyn Fn(Id) -> String) -> String {
    let names = |ids: &[Id]| list_of(&ids.iter().map(|&id| name(id)).collect::<Vec<_>>());
    let (guesser, about) = (&p.guesser.name, &p.about.name);
    let mut said = Vec::new();
    if let Some(named) = p.named {
        said.push(format!("named {}", name(named)));
    }
    let lowest: Vec<Id> = p
        .lowest
        .iter()
        .copied()
        .filter(|&id| Some(id) != p.named)
        .collect();
    if !lowest.is_empty() {
        said.push(format!("rated {} lowest", names(&lowest)));
    }
    let answer = if said.is_empty() {
        format!("{about} did not single out a need")
    } else {
        format!("{about} {}", said.join(" and "))
    };
    if p.hits.is_empty() {
        return format!(
            "{guesser} thought {about} most needed {}; {answer}.",
            names(&p.guessed)
        );
    }
    let missed: Vec<Id> = p
        .guessed
        .iter()
        .copied()
        .filter(|id| !p.hits.contains(id))
        .collect();
    let rest = if missed.is_empty() {
        String::new()
    } else {
        format!(" {guesser} also guessed {}.", names(&missed))
    };
    format!("{guesser} saw {} coming: {answer}.{rest}", names(&p.hits))
}

/// The needs a person said most about: the one they most want heard and
/// their lowest ratings, when those are low enough to mean something.
fn lowest(c: &EntryContent) -> Vec<Id> {
    let min = c.ratings.iter().filter_map(|r| r.rating).min();
    match min {
        Some(min) if min <= LOWEST_COUNTS_AT_MOST => c
            .ratings
            .iter()
            .filter(|r| r.rating == Some(min))
            .map(|r| r.need_id)
            .collect(),
        _ => Vec::new(),
    }
}

fn perspective(
    people: &[Person],
    contents: &[EntryContent],
    name: &dyn Fn(Id) -> String,
) -> Vec<Perspective> {
    let mut out = Vec::new();
    for (g, guesser) in contents.iter().enumerate() {
        for (a, about) in contents.iter().enumerate() {
            if g == a || guesser.guesses.is_empty() {
                continue;
            }
            let lowest = lowest(about);
            let hits = guesser
                .guesses
                .iter()
                .copied()
                .filter(|id| about.top_need_id == Some(*id) || lowest.contains(id))
                .collect();
            let mut check = Perspective {
                guesser: people[g].clone(),
                about: people[a].clone(),
                guessed: guesser.guesses.clone(),
                hits,
                named: about.top_need_id,
                lowest,
                sentence: String::new(),
            };
            check.sentence = sentence(&check, name);
            out.push(check);
        }
    }
    out
}

/// The needs that strain a person in one entry: rated [`PAIN_AT_MOST`] or
/// lower, or named as the need they most want heard.
pub(super) fn strained(
    ratings: impl IntoIterator<Item = (Id, Option<i64>)>,
    top_need: Option<Id>,
) -> BTreeSet<Id> {
    ratings
        .into_iter()
        .filter(|(_, r)| r.is_some_and(|v| v <= PAIN_AT_MOST))
        .map(|(need, _)| need)
        .chain(top_need)
        .collect()
}

/// The tension pairs that light up between two people: one side strains
/// one of them and the other side strains the other. Each comes with its
/// two needs, in the people's order.
pub(super) fn lit<'p>(
    pairs: &'p [TensionPair],
    first: &BTreeSet<Id>,
    second: &BTreeSet<Id>,
) -> Vec<(&'p TensionPair, [Id; 2])> {
    pairs
        .iter()
        .filter_map(|p| {
            if first.contains(&p.need_a) && second.contains(&p.need_b) {
                Some((p, [p.need_a, p.need_b]))
            } else if first.contains(&p.need_b) && second.contains(&p.need_a) {
                Some((p, [p.need_b, p.need_a]))
            } else {
                None
            }
        })
        .collect()
}

fn tensions(pairs: &[TensionPair], contents: &[EntryContent]) -> Vec<Tension> {
    let [first, second] = contents else {
        return Vec::new();
    };
    let of = |c: &EntryContent| {
        strained(
            c.ratings.iter().map(|r| (r.need_id, r.rating)),
            c.top_need_id,
        )
    };
    lit(pairs, &of(first), &of(second))
        .into_iter()
        .map(|(pair, needs)| Tension {
            pair: pair.clone(),
            needs: needs.to_vec(),
        })
        .collect()
}
