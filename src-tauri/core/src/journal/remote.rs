//! A 1:1 on two laptops, as the journal sees it: which retros are remote,
//! what an envelope to the partner carries (what they will see on the reveal
//! and nothing more), and the rule that an entry sent sealed stays sealed.
//! The envelope file and its cryptography are `export::envelope`'s.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::rules::{self, Source};
use super::{Journal, JournalError, NewRetro, PartnerChoice, Result};
use crate::store::{self, EntryContent, EntryState, Id, Person, Retro, RetroKind};

/// A need as an envelope names it, so the partner's app can match it to
/// its own catalog: a built-in need to its built-in twin, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NeedLabel {
    /// The need's id in the writer's journal, as the content refers to it.
    pub id: Id,
    pub name: String,
    pub role: String,
    pub builtin: bool,
}

/// What an envelope carries: the entry as the partner will read it on the
/// reveal, without private notes, and the needs it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SealedEntry {
    pub content: EntryContent,
    pub needs: Vec<NeedLabel>,
}

/// One side of a remote retro, as an envelope names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    pub uid: String,
    pub person: Person,
    pub role: String,
}

/// Everything needed to seal my envelope for a remote retro.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub retro: Retro,
    pub retro_uid: String,
    pub writer: Side,
    pub partner: Side,
    pub entry: SealedEntry,
}

/// My envelope as it was sent: the same file every time it is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentEnvelope {
    pub text: String,
    pub fingerprint: String,
}

/// Where a retro on two laptops stands, as its window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RemoteStatus {
    pub partner: Person,
    /// My envelope's fingerprint, once it is sent.
    pub sent: Option<String>,
    /// My partner's envelope's fingerprint, once it is in.
    pub received: Option<String>,
    /// When I showed my reveal code: from then on my partner can read my
    /// entry, whether or not they give me theirs.
    pub code_given_at: Option<String>,
}

impl Journal {
    /// Creates a paired retro held on two laptops: each person writes in
    /// their own journal and the entries travel as sealed envelopes.
    pub fn create_remote_retro(&mut self, new: &NewRetro) -> Result<Retro> {
        if new.partner.is_none() {
            return Err(JournalError::Invalid(
                "A retro on two laptops needs a partner.".into(),
            ));
        }
        self.new_retro(new, true)
    }

    pub fn is_remote(&self, retro_id: Id) -> Result<bool> {
        Ok(store::is_remote(self.db.conn(), retro_id)?)
    }

    /// Where a retro on two laptops stands: both envelopes and my code.
    pub fn remote_status(&self, retro_id: Id) -> Result<RemoteStatus> {
        let (partner, mine, theirs) = self.remote_sides(retro_id)?;
        Ok(RemoteStatus {
            partner,
            sent: mine.as_ref().map(|m| m.fingerprint.clone()),
            received: theirs.map(|t| t.fingerprint),
            code_given_at: mine.and_then(|m| m.code_given_at),
        })
    }

    /// My envelope for a remote retro, if it has been sent.
    pub fn sent_envelope(&self, retro_id: Id) -> Result<Option<SentEnvelope>> {
        let me = self.require_me()?;
        Ok(
            store::envelope(self.db.conn(), retro_id, me.id)?.map(|row| SentEnvelope {
                text: row.body,
                fingerprint: row.fingerprint,
            }),
        )
    }

    /// What my envelope for a remote retro holds and names, before it is
    /// sealed. My entry must be sealed; its private notes stay here.
    pub fn outgoing(&self, retro_id: Id) -> Result<Outgoing> {
        self.owner_at_keyboard()?;
        let me = self.require_me()?;
        let retro = self.retro(retro_id)?;
        let conn = self.db.conn();
        if !store::is_remote(conn, retro_id)? {
            return Err(one_laptop(
                &retro,
                "This retro is held on one laptop: reveal it together here instead of sending it.",
            ));
        }
        let partner = partner_of(&retro, me.id)?;
        // My own sealed entry, read for the envelope only: until the reveal
        // the window shows it to nobody, me included.
        let row = store::entry_row(conn, retro_id, me.id)?
            .filter(|row| row.state == EntryState::Sealed)
            .ok_or_else(|| {
                JournalError::Invalid(
                    "Seal your entry before sending it: once sent, it can't be changed.".into(),
                )
            })?;
        let (mut content, _) = store::entry_content(conn, row.id)?;
        content.private_notes.clear();
        let used: Vec<Id> = content
            .ratings
            .iter()
            .map(|r| r.need_id)
            .chain(content.top_need_id)
            .chain(content.guesses.iter().copied())
            .collect();
        let needs = need_labels(conn, &used)?;
        // Named as the partner's journal knows us, once it has told us.
        let side = |person: &Person| -> Result<Side> {
            Ok(Side {
                uid: shared_uid(conn, partner.id, person.id)?,
                person: person.clone(),
                role: person.role.name.clone(),
            })
        };
        Ok(Outgoing {
            retro_uid: store::uid_of(conn, "retros", retro_id)?
                .ok_or(JournalError::NotFound("That retro"))?,
            writer: side(&me)?,
            partner: side(&partner)?,
            retro,
            entry: SealedEntry { content, needs },
        })
    }

    /// Keeps my envelope and the key it was sealed with. Once kept, my entry
    /// can't be unsealed, and asking again gives the same file.
    pub fn keep_sent(
        &mut self,
        retro_id: Id,
        sent: &SentEnvelope,
        key: &[u8; 32],
    ) -> Result<SentEnvelope> {
        self.owner_at_keyboard()?;
        let me = self.require_me()?;
        let now = self.now();
        self.db.write(|tx| {
            if let Some(row) = store::envelope(tx, retro_id, me.id)? {
                return Ok(SentEnvelope {
                    text: row.body,
                    fingerprint: row.fingerprint,
                });
            }
            let row = store::EnvelopeRow {
                body: sent.text.clone(),
                fingerprint: sent.fingerprint.clone(),
                key: Some(*key),
                code_given_at: None,
            };
            store::insert_envelope(tx, retro_id, me.id, &row, &now)?;
            Ok::<_, JournalError>(sent.clone())
        })
    }
}

/// A partner's envelope as read from its file: who wrote it, for whom, for
/// which retro (ids as the writer's journal knows them), and the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    pub retro_uid: String,
    pub title: String,
    pub held_on: chrono::NaiveDate,
    pub writer_uid: String,
    pub writer_name: String,
    pub partner_uid: String,
    pub body: String,
    pub fingerprint: String,
}

/// What opening a partner's envelope did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Received {
    pub retro: Retro,
    /// The writer, as a person of my journal.
    pub from: Person,
    pub fingerprint: String,
    /// False when this very envelope was already in: nothing changed.
    pub new: bool,
}

/// Who wrote an envelope, as a person of this journal.
fn writer_of(
    tx: &rusqlite::Transaction,
    me: &Person,
    incoming: &Incoming,
    choice: Option<&PartnerChoice>,
    now: &str,
) -> Result<Id> {
    let claimed = |person: Id| -> Result<bool> {
        Ok(store::uid_of(tx, "people", person)?.as_deref() == Some(incoming.writer_uid.as_str()))
    };
    if claimed(me.id)? || store::known_as_anyone(tx, me.id, &incoming.writer_uid)? {
        return Err(JournalError::PartnerFile(
            "This sealed entry says it was written by you. Open the file your partner sent, not your own."
                .into(),
        ));
    }
    let known = match store::id_of(tx, "people", &incoming.writer_uid)? {
        Some(id) => Some(id),
        None => store::known_person(tx, &incoming.writer_uid)?,
    };
    match (known, choice) {
        (Some(id), None) => Ok(id),
        (Some(id), Some(choice)) => {
            let chosen = super::resolve_partner(tx, choice, now)?;
            if chosen == id {
                Ok(id)
            } else {
                Err(JournalError::Invalid(format!(
                    "{} was matched to another person of your journal before, so this can't be changed now.",
                    incoming.writer_name
                )))
            }
        }
        (None, None) => Err(JournalError::PartnerUnknown(incoming.writer_name.clone())),
        (None, Some(choice)) => {
            let id = super::resolve_partner(tx, choice, now)?;
            if store::known_as(tx, id, id)?.is_some() {
                return Err(JournalError::Invalid(format!(
                    "That person of your journal was matched to another {} before, so this can't be changed now.",
                    incoming.writer_name
                )));
            }
            store::learn_known_as(tx, id, id, &incoming.writer_uid)?;
            Ok(id)
        }
    }
}

impl Journal {
    /// Takes in a partner's sealed envelope. The first time, `choice` says
    /// who the writer is in this journal (people are never matched by name);
    /// after that the match holds, and a choice that contradicts it is
    /// refused. The retro appears with the writer's entry sealed. The same
    /// envelope again changes nothing; a different one for the same retro
    /// and writer is refused.
    pub fn receive(
        &mut self,
        incoming: &Incoming,
        choice: Option<&PartnerChoice>,
    ) -> Result<Received> {
        self.owner_at_keyboard()?;
        let me = self.require_me()?;
        let now = self.now();
        if incoming.writer_uid == incoming.partner_uid {
            return Err(JournalError::PartnerFile(
                "This sealed entry names the same person as writer and partner, so it can't be right. Ask your partner to send it again.".into(),
            ));
        }
        let title = rules::line(
            Source::File("envelope.retro"),
            "title",
            "The title",
            &incoming.title,
            super::MAX_TITLE,
        )?;
        let (retro_id, from, new) = self.db.write(|tx| {
            let from = writer_of(tx, &me, incoming, choice, &now)?;
            // The envelope is for me: the id it gives me is mine, or the one
            // this partner already knows me by, or (the first time) learned.
            let mine = store::uid_of(tx, "people", me.id)?;
            match store::known_as(tx, from, me.id)? {
                Some(uid) if uid != incoming.partner_uid && mine.as_deref() != Some(incoming.partner_uid.as_str()) => {
                    return Err(JournalError::PartnerFile(format!(
                        "This sealed entry is for someone else, not for you. Ask {} to check whom they sent it to.",
                        incoming.writer_name
                    )))
                }
                Some(_) => {}
                None if mine.as_deref() == Some(incoming.partner_uid.as_str()) => {}
                None => store::learn_known_as(tx, from, me.id, &incoming.partner_uid)?,
            }
            let retro_id = match store::id_of(tx, "retros", &incoming.retro_uid)? {
                Some(id) => {
                    let people = store::participants(tx, id)?;
                    let ours = people.len() == 2 && people.contains(&me.id) && people.contains(&from);
                    if !ours || !store::is_remote(tx, id)? {
                        return Err(JournalError::PartnerFile(
                            "This sealed entry is for a retro you are not part of with this partner. Ask your partner to check which file they sent.".into(),
                        ));
                    }
                    id
                }
                None => {
                    let row = store::NewRetroRow {
                        id: None,
                        title: &title,
                        held_on: incoming.held_on,
                        kind: RetroKind::Paired,
                        revealed_at: None,
                        participants: &[me.id, from],
                        uid: Some(&incoming.retro_uid),
                    };
                    let id = store::insert_retro(tx, &row, &now)?;
                    store::mark_remote(tx, id)?;
                    id
                }
            };
            if let Some(row) = store::envelope(tx, retro_id, from)? {
                if row.fingerprint == incoming.fingerprint {
                    return Ok((retro_id, from, false));
                }
                return Err(JournalError::PartnerFile(format!(
                    "{} already sent a different sealed entry for this retro, and the first one stands. Compare fingerprints on the call: yours says {}.",
                    incoming.writer_name, row.fingerprint
                )));
            }
            let entry = match store::entry_id(tx, retro_id, from)? {
                Some(id) => id,
                None => store::insert_entry(tx, retro_id, from, &now)?,
            };
            store::set_entry_state(tx, entry, EntryState::Sealed, &now)?;
            let row = store::EnvelopeRow {
                body: incoming.body.clone(),
                fingerprint: incoming.fingerprint.clone(),
                key: None,
                code_given_at: None,
            };
            store::insert_envelope(tx, retro_id, from, &row, &now)?;
            Ok::<_, JournalError>((retro_id, from, true))
        })?;
        Ok(Received {
            retro: self.retro(retro_id)?,
            from: self.person(from)?,
            fingerprint: incoming.fingerprint.clone(),
            new,
        })
    }
}

impl Journal {
    /// The partner of a remote retro, and the two envelopes as kept.
    fn remote_sides(
        &self,
        retro_id: Id,
    ) -> Result<(
        Person,
        Option<store::EnvelopeRow>,
        Option<store::EnvelopeRow>,
    )> {
        let me = self.require_me()?;
        let conn = self.db.conn();
        let retro = self.retro(retro_id)?;
        if !store::is_remote(conn, retro_id)? {
            return Err(one_laptop(
                &retro,
                "This retro is held on one laptop: reveal it together here.",
            ));
        }
        let partner = partner_of(&retro, me.id)?;
        let mine = store::envelope(conn, retro_id, me.id)?;
        let theirs = store::envelope(conn, retro_id, partner.id)?;
        Ok((partner, mine, theirs))
    }

    /// My reveal code's key, to read out on the call: only once my sealed
    /// entry is sent and my partner's is in. Giving it is recorded.
    pub fn reveal_key(&mut self, retro_id: Id) -> Result<[u8; 32]> {
        self.owner_at_keyboard()?;
        let me = self.require_me()?;
        let (partner, mine, theirs) = self.remote_sides(retro_id)?;
        let key = mine.and_then(|m| m.key).ok_or_else(|| {
            JournalError::Invalid("Send your sealed entry first; your code comes after.".into())
        })?;
        if theirs.is_none() {
            return Err(JournalError::Invalid(format!(
                "Your code appears once {}'s sealed entry is in: open the file they send you first.",
                partner.name
            )));
        }
        let now = self.now();
        self.db
            .write(|tx| store::set_code_given(tx, retro_id, me.id, &now))?;
        Ok(key)
    }

    /// My partner's envelope, as received, for their code to open.
    pub fn partner_envelope(&self, retro_id: Id) -> Result<String> {
        let (partner, _, theirs) = self.remote_sides(retro_id)?;
        theirs.map(|t| t.body).ok_or_else(|| {
            JournalError::Invalid(format!(
                "{}'s sealed entry is not in yet: open the file they send you first.",
                partner.name
            ))
        })
    }

    /// Reveals a remote retro with my partner's entry as their code opened
    /// it: their needs matched to my catalog, their entry checked by the
    /// same rules as any entry, and both entries revealed in one
    /// transaction. Only once my own code has been given.
    pub fn reveal_remote(
        &mut self,
        retro_id: Id,
        key: &[u8; 32],
        sealed: &SealedEntry,
    ) -> Result<Retro> {
        self.owner_at_keyboard()?;
        let (partner, mine, theirs) = self.remote_sides(retro_id)?;
        let given = mine.as_ref().is_some_and(|m| m.code_given_at.is_some());
        if theirs.is_none() || !given {
            return Err(JournalError::Invalid(format!(
                "Give {} your code first (read it out on the call), then enter theirs: the reveal happens when both codes are in.",
                partner.name
            )));
        }
        super::entries::not_revealed_yet(&self.retro(retro_id)?)?;
        let now = self.now();
        self.db.write(|tx| {
            let content = theirs_in_my_catalog(tx, &partner, sealed)?;
            let content = rules::entry_content(
                tx,
                Source::File("envelope.content"),
                RetroKind::Paired,
                &content,
            )?;
            let row = store::entry_row(tx, retro_id, partner.id)?
                .ok_or(JournalError::NotFound("Your partner's entry"))?;
            // Sealed until now with nothing in it: the content goes in, and
            // the whole retro is revealed, in this one transaction.
            store::set_entry_state(tx, row.id, EntryState::Draft, &now)?;
            store::write_entry_content(tx, row.id, &content, &now)?;
            store::reveal_retro(tx, retro_id, &now)?;
            store::set_envelope_key(tx, retro_id, partner.id, key)?;
            Ok::<_, JournalError>(())
        })?;
        self.retro(retro_id)
    }
}

/// A need a partner's file names, as my catalog knows it: a built-in need is
/// its built-in twin here; a custom one is found by name among that
/// partner's role's needs, or added to my catalog, under another name if a
/// different need already has that one.
pub(super) fn need_in_my_catalog(
    tx: &rusqlite::Transaction,
    partner: &Person,
    label: &NeedLabel,
    record: &str,
) -> Result<Id> {
    let needs = store::needs(tx)?;
    let same_name = needs
        .iter()
        .find(|n| n.name.to_lowercase() == label.name.to_lowercase());
    if let Some(n) = same_name {
        if n.builtin == label.builtin && (n.builtin || n.role_id == partner.role.id) {
            return Ok(n.id);
        }
    }
    let name = match same_name {
        Some(_) => format!("{} ({})", label.name, partner.name),
        None => label.name.clone(),
    };
    let name = rules::line(
        Source::File(record),
        "name",
        "A need's name",
        &name,
        super::MAX_NAME,
    )?;
    if let Some(id) = store::need_by_name(tx, &name)? {
        return Ok(id);
    }
    Ok(store::insert_need(
        tx,
        &store::NewNeed {
            id: None,
            role_id: partner.role.id,
            name: &name,
            explanation: "",
            frustration: "",
            builtin: false,
            archived_at: None,
        },
    )?)
}

/// My partner's entry with its needs as my catalog knows them.
fn theirs_in_my_catalog(
    tx: &rusqlite::Transaction,
    partner: &Person,
    sealed: &SealedEntry,
) -> Result<EntryContent> {
    let mut map: Vec<(Id, Id)> = Vec::new();
    for label in &sealed.needs {
        map.push((
            label.id,
            need_in_my_catalog(tx, partner, label, "envelope.needs")?,
        ));
    }
    let local = |id: Id| -> Result<Id> {
        map.iter()
            .find(|(theirs, _)| *theirs == id)
            .map(|(_, mine)| *mine)
            .ok_or_else(|| JournalError::PartnerFile(
                "Your partner's entry names a need its envelope does not describe. Ask them to send it again.".into(),
            ))
    };
    let mut content = sealed.content.clone();
    content.private_notes.clear();
    for r in &mut content.ratings {
        r.need_id = local(r.need_id)?;
    }
    content.top_need_id = content.top_need_id.map(local).transpose()?;
    content.guesses = content
        .guesses
        .iter()
        .map(|g| local(*g))
        .collect::<Result<_>>()?;
    Ok(content)
}

impl Journal {
    /// A remote retro's two people in the order both journals agree on: by
    /// the ids their envelopes name them by. `None` for a retro on one
    /// laptop.
    pub fn shared_order(&self, retro_id: Id) -> Result<Option<Vec<Id>>> {
        let conn = self.db.conn();
        if !store::is_remote(conn, retro_id)? {
            return Ok(None);
        }
        let people = store::participants(conn, retro_id)?;
        let me = self.require_me()?.id;
        let Some(&partner) = people.iter().find(|p| **p != me) else {
            return Ok(None);
        };
        let mut named: Vec<(String, Id)> = Vec::new();
        for person in [me, partner] {
            named.push((shared_uid(conn, partner, person)?, person));
        }
        named.sort();
        Ok(Some(named.into_iter().map(|(_, id)| id).collect()))
    }
}

/// The other person of a paired retro.
pub(super) fn partner_of(retro: &Retro, me: Id) -> Result<Person> {
    retro
        .participants
        .iter()
        .map(|p| &p.person)
        .find(|p| p.id != me)
        .cloned()
        .ok_or(JournalError::NotParticipant)
}

/// The id both journals know `person` by, between me and `partner`: the one
/// the partner's journal told us, or else our own.
pub(super) fn shared_uid(conn: &rusqlite::Connection, partner: Id, person: Id) -> Result<String> {
    match store::known_as(conn, partner, person)? {
        Some(uid) => Ok(uid),
        None => store::uid_of(conn, "people", person)?.ok_or(JournalError::NotFound("That person")),
    }
}

/// The needs with these ids, named so a partner's journal can match them.
pub(super) fn need_labels(conn: &rusqlite::Connection, ids: &[Id]) -> Result<Vec<NeedLabel>> {
    let roles = store::roles(conn)?;
    Ok(store::needs(conn)?
        .into_iter()
        .filter(|n| ids.contains(&n.id))
        .map(|n| NeedLabel {
            id: n.id,
            role: roles
                .iter()
                .find(|r| r.id == n.role_id)
                .map(|r| r.name.clone())
                .unwrap_or_default(),
            name: n.name,
            builtin: n.builtin,
        })
        .collect())
}

/// Why a retro with no second laptop has no envelope or code: a solo entry
/// is nobody else's; a paired one is revealed together on this laptop.
fn one_laptop(retro: &Retro, paired: &str) -> JournalError {
    JournalError::Invalid(match retro.kind {
        RetroKind::Solo => {
            "This is a solo entry, yours alone: there is nothing to send or to reveal with a code."
                .into()
        }
        RetroKind::Paired => paired.into(),
    })
}
