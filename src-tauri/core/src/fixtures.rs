//! The journals tests and benchmarks are built from, written through the
//! public API exactly as the app writes them. One builder serves the core's
//! unit tests, the journey and e2e tests and the benchmarks (the `fixtures`
//! feature), so a change to how a 1:1 is written is made once.

use std::path::Path;

use crate::journal::{EntryContent, Id, Journal, NewRetro, Retro, RoleChoice};

/// A journal kept by `name` in the built-in role `role` (1 product,
/// 2 engineering): at `path`, or in memory.
pub fn kept_by(path: Option<&Path>, name: &str, role: Id) -> Journal {
    let mut j = match path {
        Some(path) => Journal::open(path),
        None => Journal::open_in_memory(),
    }
    .expect("a journal opens");
    j.set_me(name, &RoleChoice::Existing { id: role })
        .expect("onboarding");
    j
}

/// Maya's journal (product), in memory.
pub fn maya() -> Journal {
    kept_by(None, "Maya", 1)
}

/// Both write and seal a paired retro, the owner first, then the partner on
/// their turn; the owner has the keyboard back at the end.
pub fn both_sealed(j: &mut Journal, r: &Retro, mine: &EntryContent, theirs: &EntryContent) {
    let (me, partner) = (r.participants[0].person.id, r.participants[1].person.id);
    j.save_entry(r.id, mine).expect("my entry");
    j.seal_entry(r.id).expect("seal mine");
    j.pass_turn(r.id).expect("pass the laptop");
    j.take_turn(r.id, partner, None)
        .expect("the partner's turn");
    j.save_entry(r.id, theirs).expect("their entry");
    j.seal_entry(r.id).expect("seal theirs");
    j.take_turn(r.id, me, None).expect("back to me");
}

/// A whole 1:1 on one laptop: the retro is created, both write and seal,
/// and it is revealed together.
pub fn revealed(
    j: &mut Journal,
    new: &NewRetro,
    mine: &EntryContent,
    theirs: &EntryContent,
) -> Retro {
    let r = j.create_retro(new).expect("a paired retro");
    both_sealed(j, &r, mine, theirs);
    j.reveal(r.id).expect("the reveal")
}

// ---- ten years of weekly 1:1s ------------------------------------------------

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::journal::{
    AgreementInput, AgreementStatus, Commitment, CycleStage, NeedRating, PartnerChoice,
};

/// Weeks in the ten-year journal.
pub const WEEKS: i64 = 520;
/// The built-in needs, by id (schema v1 seeds them in this order).
pub const PREDICTABILITY: Id = 1;
pub const RESPONSIVENESS: Id = 2;
pub const AUTONOMY: Id = 4;
pub const SUSTAINABILITY: Id = 5;
pub const CRAFT: Id = 6;

const WORDS: &[&str] = &[
    "billing",
    "release",
    "estimate",
    "customer",
    "outage",
    "roadmap",
    "deadline",
    "refactor",
    "migration",
    "onboarding",
    "latency",
    "dashboard",
    "contract",
    "renewal",
    "pager",
    "tests",
    "review",
    "scope",
    "launch",
    "import",
    "export",
    "search",
    "budget",
    "hiring",
    "sprint",
    "promise",
    "quality",
    "debt",
    "pace",
    "trust",
];

/// Deterministic filler text: the same seed gives the same words.
pub fn sentence(seed: i64, len: usize) -> String {
    let mut x = Seeded::new(seed);
    (0..len)
        .map(|_| WORDS[x.below(WORDS.len())])
        .collect::<Vec<_>>()
        .join(" ")
}

/// A small seeded generator (a linear congruential step): the same seed
/// always writes the same journal, so tests can name where each pattern is.
struct Seeded(u64);

impl Seeded {
    fn new(seed: i64) -> Self {
        Seeded((seed as u64).wrapping_mul(6_364_136_223_846_793_005) ^ 0x9E37_79B9_7F4A_7C15)
    }

    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize % n
    }
}

/// The ten-year journal and who is in it.
pub struct TenYears {
    pub journal: Journal,
    pub maya: Id,
    pub dev: Id,
    /// Week by week.
    pub retros: Vec<Id>,
}

/// The day of week `n` (the first 1:1 was on Monday 7 November 2016).
pub fn week_day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2016, 11, 7).expect("a day") + Duration::weeks(n)
}

fn at_ten(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(10, 0, 0).expect("a time").and_utc()
}

/// What Maya (`side` 0) or Dev (`side` 1) writes in week `n`: calm by
/// default (ratings 3 to 5, five of the six needs, the need most wanted
/// heard and the proxy tag changing every week), with the patterns planted
/// at the weeks the tests name.
fn ten_year_entry(n: i64, side: i64, rng: &mut Seeded) -> EntryContent {
    let last = |k: i64| n == WEEKS - k;
    let skipped = if n >= WEEKS - 10 {
        0
    } else {
        (n + side) % 6 + 1
    };
    let mut ratings: Vec<NeedRating> = (1..=6)
        .filter(|need| *need != skipped)
        .map(|need| NeedRating {
            need_id: need,
            rating: Some(3 + rng.below(3) as i64),
            note: sentence(n * 13 + side * 7 + need, 6),
        })
        .collect();
    let mut set = |need: Id, value: i64| {
        if let Some(r) = ratings.iter_mut().find(|r| r.need_id == need) {
            r.rating = Some(value);
        } else {
            ratings.push(NeedRating {
                need_id: need,
                rating: Some(value),
                note: String::new(),
            });
        }
    };
    // Their own role's needs, in turn: never three weeks on the same one.
    let own = if side == 0 { [1, 2, 3] } else { [4, 5, 6] };
    let mut top = own[(n % 3) as usize];
    let stages = [
        CycleStage::Trigger,
        CycleStage::Frustration,
        CycleStage::ProxyArguments,
        CycleStage::NotInIt,
    ];
    let mut stage = stages[((n + side) % 4) as usize];
    let tags = [
        "deadline",
        "scope",
        "the roadmap",
        "tests",
        "velocity",
        "quality",
    ];
    let mut proxies = vec![tags[((n + side * 3) % 6) as usize].to_owned()];

    if side == 0 {
        // Maya: predictability unmet in each of the last four weeks.
        if n >= WEEKS - 4 {
            set(PREDICTABILITY, 2 - (n % 2));
        }
        // Both hurting on sustainability in 3 of the last 5, with her
        // responsiveness named, so responsiveness–sustainability lights up.
        if last(5) || last(3) || last(1) {
            set(SUSTAINABILITY, 2);
            top = RESPONSIVENESS;
        } else if n >= WEEKS - 5 {
            set(SUSTAINABILITY, 4);
        }
        // Stepping back in 2 of her last 3 entries.
        if last(3) || last(1) {
            stage = CycleStage::Withdrawal;
        }
    } else {
        if last(5) || last(3) || last(1) {
            set(SUSTAINABILITY, 1);
        } else if n >= WEEKS - 5 {
            set(SUSTAINABILITY, 3);
        }
        // Craft most wanted heard in his last three entries.
        if n >= WEEKS - 3 {
            top = CRAFT;
        }
        // "estimate" in 3 of his last 5 entries.
        if last(5) || last(4) || last(2) {
            proxies.push("estimate".into());
        }
        // Autonomy: unmet three weeks running in year six, a deal kept
        // for it, and rated 4 or higher ever since.
        if (300..303).contains(&n) {
            set(AUTONOMY, 2);
        } else if n > 303 {
            set(AUTONOMY, 4 + (n % 2));
        }
    }
    EntryContent {
        ratings,
        top_need_id: Some(top),
        unsaid: format!("I need {}", sentence(n * 2 + side, 12)),
        position: sentence(n + side + 1, 20),
        concern: sentence(n + side + 2, 20),
        proxies,
        cycle_stage: Some(stage),
        guesses: vec![own[((n + 1) % 3) as usize] + if side == 0 { 3 } else { -3 }],
        offer: sentence(n + side + 3, 15),
        ask: sentence(n + side + 4, 15),
        private_notes: sentence(n + side + 5, 40),
    }
}

/// The deal written in week `n`, if any: most weeks serve one of
/// predictability, responsiveness, partnership or sustainability and are
/// kept; autonomy's deal in week 302 is kept; two deals for craft (weeks
/// 480 and 490) are broken.
fn ten_year_deal(n: i64, maya: Id, dev: Id) -> Option<(AgreementInput, AgreementStatus)> {
    let (need, status) = match n {
        302 => (AUTONOMY, AgreementStatus::Kept),
        480 | 490 => (CRAFT, AgreementStatus::Broken),
        n if n % 4 == 0 && n < WEEKS - 1 => {
            ([1, 2, 3, 5][((n / 4) % 4) as usize], AgreementStatus::Kept)
        }
        _ => return None,
    };
    let input = AgreementInput {
        title: format!("Deal of week {}: {}", n + 1, sentence(n * 3, 4)),
        commitments: vec![
            Commitment {
                person_id: maya,
                body: sentence(n + 7, 10),
            },
            Commitment {
                person_id: dev,
                body: sentence(n + 8, 10),
            },
        ],
        need_ids: vec![need],
        owner_id: if n % 2 == 0 { maya } else { dev },
        review_on: week_day(n + 1).to_string(),
    };
    Some((input, status))
}

/// Ten years of weekly 1:1s between Maya (product) and Dev (engineering):
/// 520 revealed retros written through the journal API with the clock set
/// to each week's day, each with about five rated needs per person, all the
/// text fields filled, and a deal most weeks, reviewed the week after.
/// Seeded: every call writes the same journal, with each pattern at the
/// weeks `ten_year_entry` and `ten_year_deal` name.
pub fn ten_years(path: Option<&Path>) -> TenYears {
    weekly(path, &["Dev"])
}

/// An engineering manager's journal: ten years of weekly 1:1s, as in
/// [`ten_years`], with each of eight partners: 4,160 revealed retros.
/// `dev` is the first partner; `retros` go week by week, partner by
/// partner.
pub fn heavy(path: Option<&Path>) -> TenYears {
    weekly(
        path,
        &[
            "Dev", "Ana", "Kofi", "Lena", "Ravi", "Sofia", "Tomas", "Yuki",
        ],
    )
}

/// Weekly 1:1s between Maya and each of `partners`, as [`ten_years`] says.
fn weekly(path: Option<&Path>, partners: &[&str]) -> TenYears {
    let mut journal = kept_by(path, "Maya", 1);
    let maya = journal.me().expect("me").expect("Maya").id;
    let partners: Vec<(Id, &str)> = partners
        .iter()
        .map(|name| {
            let id = journal
                .add_partner(name, &RoleChoice::Existing { id: 2 })
                .expect("a partner")
                .id;
            (id, *name)
        })
        .collect();
    let mut rng = Seeded::new(42);
    let mut retros = Vec::with_capacity(WEEKS as usize * partners.len());
    let mut pending: Vec<Option<(Id, AgreementStatus)>> = vec![None; partners.len()];
    for n in 0..WEEKS {
        let day = week_day(n);
        journal.set_clock(Box::new(move || at_ten(day)));
        for (&(partner, name), pending) in partners.iter().zip(&mut pending) {
            let new = NewRetro {
                title: format!("Week {} with {name}", n + 1),
                held_on: day.to_string(),
                partner: Some(PartnerChoice::Existing { id: partner }),
            };
            let mine = ten_year_entry(n, 0, &mut rng);
            let theirs = ten_year_entry(n, 1, &mut rng);
            let r = revealed(&mut journal, &new, &mine, &theirs);
            if let Some((deal, status)) = pending.take() {
                journal
                    .set_agreement_status(deal, status, Some(r.id))
                    .expect("the review");
            }
            if let Some((input, status)) = ten_year_deal(n, maya, partner) {
                let deal = journal.add_agreement(r.id, &input).expect("a deal");
                *pending = Some((deal.id, status));
            }
            retros.push(r.id);
        }
    }
    journal.set_clock(Box::new(Utc::now));
    TenYears {
        journal,
        maya,
        dev: partners[0].0,
        retros,
    }
}
