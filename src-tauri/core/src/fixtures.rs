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
