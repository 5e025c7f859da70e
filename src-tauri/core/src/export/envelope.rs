//! Sealed envelopes: an entry on its way to a partner's laptop, which no one
//! can read until its writer hands over the reveal code, and which no one can
//! change unnoticed. `docs/remote-reveal.md` describes the file and what it
//! does and does not protect.
//!
//! The entry is encrypted with XChaCha20-Poly1305 under a fresh random
//! 256-bit key. The header (who wrote it, for whom, for which retro) travels
//! in the clear, so the partner's app can say whose envelope it is before
//! the code exists, and is the AEAD's associated data, so changing it breaks
//! the seal. A SHA-256 commitment to the key, in the header, holds the
//! writer to the one key they sealed with. The plaintext is padded to a
//! bucket so the file's length says little about the entry's. A digest of
//! the whole file catches a damaged or truncated copy as soon as it is
//! opened, before any code; its first characters are the fingerprint the
//! two people compare on the call.
//!
//! Nothing here knows the journal: the caller decides what the plaintext
//! holds and where the header's ids come from.

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use chrono::NaiveDate;
use data_encoding::{Encoding, BASE64};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::journal::{
    self, Id, Incoming, Journal, JournalError, PartnerChoice, Received, RevealKeys, SealedEntry,
    SentEnvelope, Side, Update, UpdateSummary,
};
use hmac::{Hmac, Mac};

/// The format this build writes, and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;

/// The first line of every envelope: what the file is, for a person who
/// opens it in a text editor.
const FIRST_LINE: &str = "Retro Companion sealed entry. Open it in Retro Companion.";
const FORMAT_NAME: &str = "retro-companion-envelope";
const DIGEST_PREFIX: &str = "sha256:";
const COMMITMENT_TAG: &[u8] = b"retro-companion key commitment v1";
const CODE_CHECK_TAG: &[u8] = b"retro-companion reveal code v1";

/// The smallest padded plaintext, and the largest: an entry at every field's
/// limit fits several times over.
const SMALLEST_BUCKET: usize = 4 << 10;
pub const LARGEST_PLAINTEXT: usize = 4 << 20;
/// An envelope file is refused beyond this many bytes, before it is parsed.
pub const LARGEST_FILE: usize = LARGEST_PLAINTEXT * 2;

/// Bytes of checksum at the end of a reveal code: a typo is caught with a
/// chance of one in 16 million of slipping through, before any decryption.
const CODE_CHECK: usize = 3;
/// Characters per group in a reveal code and a fingerprint.
const GROUP: usize = 4;
/// Bytes of the file's digest shown as its fingerprint.
const FINGERPRINT: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    #[error("This is not a sealed entry from Retro Companion. Ask your partner to send the file again, as it was saved.")]
    NotAnEnvelope,
    #[error("This sealed entry was made by a newer version of Retro Companion (format {found}; this version reads up to {FORMAT_VERSION}). Update the app to open it.")]
    NewerFormat { found: u32 },
    #[error("This sealed entry is damaged or incomplete ({0}). Ask your partner to send the file again, as it was saved.")]
    Damaged(String),
    #[error("This entry is too large to seal ({0} bytes; the limit is {LARGEST_PLAINTEXT}).")]
    TooLarge(usize),
    #[error(
        "That reveal code has a typo: {0}. Check it with your partner, character by character."
    )]
    CodeTypo(String),
    #[error("That reveal code does not open this entry. It may be the code for another retro, or your own code: ask your partner to read theirs again.")]
    WrongCode,
    #[error("This sealed entry was changed after it was sealed, so it can't be trusted. Ask your partner to send it again, and compare fingerprints on the call.")]
    Tampered,
}

pub type Result<T, E = EnvelopeError> = std::result::Result<T, E>;

/// A retro, as the envelope names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RetroLabel {
    pub id: String,
    pub title: String,
    pub held_on: NaiveDate,
}

/// A person, as the envelope names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PersonLabel {
    pub id: String,
    pub name: String,
    pub role: String,
}

/// What an envelope says in the clear: whose entry, for whom, for which
/// retro. All of it is bound to the sealed entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Label {
    pub retro: RetroLabel,
    pub writer: PersonLabel,
    pub partner: PersonLabel,
}

/// The header line, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Header {
    format: String,
    version: u32,
    #[serde(flatten)]
    label: Label,
    nonce: String,
    commitment: String,
}

/// The key an entry was sealed with. Its reveal code is what the writer
/// reads out on the call.
#[derive(Clone, PartialEq, Eq)]
pub struct RevealKey([u8; 32]);

impl std::fmt::Debug for RevealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RevealKey(…)")
    }
}

/// Crockford's base 32: digits and capitals without I, L, O and U, read
/// back in either case, with I and L read as 1 and O as 0.
static CROCKFORD: std::sync::LazyLock<Encoding> = std::sync::LazyLock::new(|| {
    let mut spec = data_encoding::Specification::new();
    spec.symbols.push_str("0123456789ABCDEFGHJKMNPQRSTVWXYZ");
    spec.translate.from.push_str("abcdefghjkmnpqrstvwxyziIlLoO");
    spec.translate.to.push_str("ABCDEFGHJKMNPQRSTVWXYZ111100");
    spec.encoding().expect("a valid alphabet")
});

fn grouped(text: &str) -> String {
    text.as_bytes()
        .chunks(GROUP)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

impl RevealKey {
    fn fresh() -> Self {
        RevealKey(XChaCha20Poly1305::generate_key(&mut OsRng).into())
    }

    /// The key a writer keeps until the reveal, as stored in their journal.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        RevealKey(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The key as people read it aloud or paste it: 56 characters of
    /// Crockford base 32 (the key and a three-byte checksum), in groups of
    /// four.
    pub fn code(&self) -> String {
        let mut bytes = self.0.to_vec();
        bytes.extend_from_slice(&code_check(&self.0));
        grouped(&CROCKFORD.encode(&bytes))
    }

    /// Reads a reveal code back, in either case and with or without its
    /// dashes and spaces. A typo is caught by the checksum before any
    /// decryption is tried.
    pub fn from_code(code: &str) -> Result<Self> {
        let compact: String = code
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        let expected = (32 + CODE_CHECK) * 8 / 5;
        if compact.chars().count() != expected {
            return Err(EnvelopeError::CodeTypo(format!(
                "it has {} characters, and a code has {expected}",
                compact.chars().count()
            )));
        }
        let bytes = CROCKFORD.decode(compact.as_bytes()).map_err(|e| {
            let bad = compact.chars().nth(e.position).unwrap_or('?');
            EnvelopeError::CodeTypo(format!(
                "\"{bad}\" (character {}) is not used in codes",
                e.position + 1
            ))
        })?;
        let (key, check) = bytes.split_at(32);
        let key: [u8; 32] = key.try_into().map_err(|_| EnvelopeError::WrongCode)?;
        if check != code_check(&key) {
            return Err(EnvelopeError::CodeTypo(
                "its characters do not add up".into(),
            ));
        }
        Ok(RevealKey(key))
    }
}

fn code_check(key: &[u8; 32]) -> [u8; CODE_CHECK] {
    let digest = Sha256::new()
        .chain_update(CODE_CHECK_TAG)
        .chain_update(key)
        .finalize();
    let mut check = [0; CODE_CHECK];
    check.copy_from_slice(&digest[..CODE_CHECK]);
    check
}

/// The commitment to `key` for an envelope with this label: binds the key
/// to the retro, the writer and the partner, so a code for another envelope
/// never passes.
fn commitment(label: &Label, key: &RevealKey) -> [u8; 32] {
    let mut h = Sha256::new().chain_update(COMMITMENT_TAG);
    for part in [&label.retro.id, &label.writer.id, &label.partner.id] {
        // Length-prefixed, so no two different id lists hash alike.
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    h.update(FORMAT_VERSION.to_be_bytes());
    h.update(key.as_bytes());
    h.finalize().into()
}

/// `payload`, prefixed with its length and padded with zeros to the next
/// power of two (at least [`SMALLEST_BUCKET`]).
fn pad(payload: &[u8]) -> Result<Vec<u8>> {
    if payload.len() > LARGEST_PLAINTEXT {
        return Err(EnvelopeError::TooLarge(payload.len()));
    }
    let bucket = (payload.len() + 4).next_power_of_two().max(SMALLEST_BUCKET);
    let mut padded = Vec::with_capacity(bucket);
    let length =
        u32::try_from(payload.len()).map_err(|_| EnvelopeError::TooLarge(payload.len()))?;
    padded.extend_from_slice(&length.to_be_bytes());
    padded.extend_from_slice(payload);
    padded.resize(bucket, 0);
    Ok(padded)
}

fn unpad(mut padded: Vec<u8>) -> Result<Vec<u8>> {
    let tampered = || EnvelopeError::Tampered;
    let length: [u8; 4] = padded
        .get(..4)
        .ok_or_else(tampered)?
        .try_into()
        .map_err(|_| tampered())?;
    let length = u32::from_be_bytes(length) as usize;
    if length > padded.len() - 4 || padded[4 + length..].iter().any(|b| *b != 0) {
        return Err(tampered());
    }
    padded.truncate(4 + length);
    padded.drain(..4);
    Ok(padded)
}

/// A file from a partner with the line ends a chat may add (CRLF, trailing
/// blank lines) taken off, and nothing else forgiven; `None` when it is too
/// large to be one.
fn normalized(text: &str) -> Option<String> {
    (text.len() <= LARGEST_FILE)
        .then(|| text.replace("\r\n", "\n").trim_end_matches('\n').to_owned())
}

/// Whether a header line of the `format` named is of a version this build
/// reads, looked at before anything else so that a newer file gets the
/// message that says so; `None` when it is no such header.
fn readable_version(line: &str, format: &str) -> Option<Result<()>> {
    let header: serde_json::Value = serde_json::from_str(line).ok()?;
    if header.get("format")?.as_str()? != format {
        return None;
    }
    let version = header.get("version")?.as_u64()?;
    Some(if version > u64::from(FORMAT_VERSION) {
        Err(EnvelopeError::NewerFormat {
            found: u32::try_from(version).unwrap_or(u32::MAX),
        })
    } else {
        Ok(())
    })
}

fn digest_of(body: &str) -> [u8; 32] {
    Sha256::digest(body.as_bytes()).into()
}

/// An envelope read from a file: its label checked, its seal not yet opened.
#[derive(Debug, Clone)]
pub struct Envelope {
    pub label: Label,
    header_line: String,
    nonce: [u8; 24],
    commitment: [u8; 32],
    sealed: Vec<u8>,
    digest: [u8; 32],
}

/// A freshly sealed envelope: the file to send and the key to keep.
#[derive(Debug)]
pub struct Sealed {
    pub text: String,
    pub key: RevealKey,
    pub fingerprint: String,
}

/// Seals `payload` (what the partner will read on reveal, and nothing
/// more) under a fresh key.
pub fn seal(label: &Label, payload: &[u8]) -> Result<Sealed> {
    let key = RevealKey::fresh();
    let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
    let header = Header {
        format: FORMAT_NAME.into(),
        version: FORMAT_VERSION,
        label: label.clone(),
        nonce: BASE64.encode(&nonce),
        commitment: BASE64.encode(&commitment(label, &key)),
    };
    let header_line = serde_json::to_string(&header).expect("a header serializes");
    let cipher = XChaCha20Poly1305::new(Key::from_slice(key.as_bytes()));
    let sealed = cipher
        .encrypt(
            &nonce,
            Payload {
                msg: &pad(payload)?,
                aad: header_line.as_bytes(),
            },
        )
        .map_err(|_| EnvelopeError::TooLarge(payload.len()))?;
    let body = format!("{FIRST_LINE}\n{header_line}\n{}", BASE64.encode(&sealed));
    let digest = digest_of(&body);
    let text = format!("{body}\n{DIGEST_PREFIX}{}\n", hex(&digest));
    Ok(Sealed {
        text,
        key,
        fingerprint: fingerprint_of(&digest),
    })
}

fn hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(bytes)
}

fn fingerprint_of(digest: &[u8; 32]) -> String {
    grouped(&CROCKFORD.encode(&digest[..FINGERPRINT]))
}

/// Reads an envelope file without its key: checks that it is one, of a
/// format this build reads, whole and unchanged since it was written.
pub fn read(text: &str) -> Result<Envelope> {
    let text = normalized(text).ok_or(EnvelopeError::NotAnEnvelope)?;
    let lines: Vec<&str> = text.split('\n').collect();
    let damaged = |why: &str| EnvelopeError::Damaged(why.into());
    if lines.first() != Some(&FIRST_LINE) {
        // A chat that joins lines still leaves the first words in place.
        return Err(if text.starts_with(FIRST_LINE) {
            damaged("its line breaks were lost on the way")
        } else {
            EnvelopeError::NotAnEnvelope
        });
    }
    let header_line = *lines
        .get(1)
        .ok_or_else(|| damaged("it ends after its first line"))?;
    readable_version(header_line, FORMAT_NAME)
        .ok_or_else(|| damaged("its header can't be read"))??;
    let [_, _, sealed_line, digest_line] = lines.as_slice() else {
        return Err(damaged("it does not have its four lines"));
    };
    let body = format!("{FIRST_LINE}\n{header_line}\n{sealed_line}");
    let digest = digest_of(&body);
    if *digest_line != format!("{DIGEST_PREFIX}{}", hex(&digest)) {
        return Err(damaged("its check digest does not match"));
    }
    let header: Header =
        serde_json::from_str(header_line).map_err(|_| damaged("its header can't be read"))?;
    if header.version != FORMAT_VERSION {
        return Err(damaged("its header can't be read"));
    }
    let nonce = BASE64
        .decode(header.nonce.as_bytes())
        .ok()
        .and_then(|n| <[u8; 24]>::try_from(n).ok())
        .ok_or_else(|| damaged("its nonce can't be read"))?;
    let commitment = BASE64
        .decode(header.commitment.as_bytes())
        .ok()
        .and_then(|c| <[u8; 32]>::try_from(c).ok())
        .ok_or_else(|| damaged("its commitment can't be read"))?;
    let sealed = BASE64
        .decode(sealed_line.as_bytes())
        .map_err(|_| damaged("its sealed part can't be read"))?;
    Ok(Envelope {
        label: header.label,
        header_line: header_line.to_owned(),
        nonce,
        commitment,
        sealed,
        digest,
    })
}

impl Envelope {
    /// A short, readable summary of the whole file: the same on both
    /// laptops when they hold the same envelope.
    pub fn fingerprint(&self) -> String {
        fingerprint_of(&self.digest)
    }

    /// Opens the seal with the writer's key: the key must be the one the
    /// writer committed to, and the entry and its label exactly as sealed.
    pub fn open(&self, key: &RevealKey) -> Result<Vec<u8>> {
        if commitment(&self.label, key) != self.commitment {
            return Err(EnvelopeError::WrongCode);
        }
        let cipher = XChaCha20Poly1305::new(Key::from_slice(key.as_bytes()));
        let padded = cipher
            .decrypt(
                XNonce::from_slice(&self.nonce),
                Payload {
                    msg: &self.sealed,
                    aad: self.header_line.as_bytes(),
                },
            )
            .map_err(|_| EnvelopeError::Tampered)?;
        unpad(padded)
    }
}

impl From<EnvelopeError> for JournalError {
    fn from(e: EnvelopeError) -> Self {
        match e {
            EnvelopeError::CodeTypo(_) | EnvelopeError::WrongCode => {
                JournalError::RevealCode(e.to_string())
            }
            _ => JournalError::PartnerFile(e.to_string()),
        }
    }
}

/// Seals my entry of a remote retro for my partner, and keeps the file and
/// its key: sending again gives the same file, and the entry stays sealed.
pub fn send(j: &mut Journal, retro_id: Id) -> journal::Result<SentEnvelope> {
    if let Some(sent) = j.sent_envelope(retro_id)? {
        return Ok(sent);
    }
    let out = j.outgoing(retro_id)?;
    let label = Label {
        retro: RetroLabel {
            id: out.retro_uid.clone(),
            title: out.retro.title.clone(),
            held_on: out.retro.held_on,
        },
        writer: person_label(&out.writer),
        partner: person_label(&out.partner),
    };
    let payload = serde_json::to_vec(&out.entry).expect("an entry serializes");
    let sealed = seal(&label, &payload)?;
    let sent = SentEnvelope {
        text: sealed.text,
        fingerprint: sealed.fingerprint,
    };
    j.keep_sent(retro_id, &sent, sealed.key.as_bytes())
}

fn person_label(side: &Side) -> PersonLabel {
    PersonLabel {
        id: side.uid.clone(),
        name: side.person.name.clone(),
        role: side.role.clone(),
    }
}

/// Takes in a partner's envelope file: checked whole and unchanged, then
/// kept in the journal with the retro it belongs to (`Journal::receive`).
pub fn receive(
    j: &mut Journal,
    text: &str,
    choice: Option<&PartnerChoice>,
) -> journal::Result<Received> {
    let file = read(text)?;
    let incoming = Incoming {
        retro_uid: file.label.retro.id.clone(),
        title: file.label.retro.title.clone(),
        held_on: file.label.retro.held_on,
        writer_uid: file.label.writer.id.clone(),
        writer_name: file.label.writer.name.clone(),
        partner_uid: file.label.partner.id.clone(),
        body: text.to_owned(),
        fingerprint: file.fingerprint(),
    };
    j.receive(&incoming, choice)
}

/// My reveal code for a remote retro, once both envelopes are in.
pub fn code(j: &mut Journal, retro_id: Id) -> journal::Result<String> {
    Ok(RevealKey::from_bytes(j.reveal_key(retro_id)?).code())
}

/// Reveals a remote retro with my partner's code: the code is checked for
/// typos, then against their envelope's commitment, and their entry must
/// open exactly as sealed before anything is written.
pub fn reveal(j: &mut Journal, retro_id: Id, code: &str) -> journal::Result<journal::Retro> {
    let key = RevealKey::from_code(code)?;
    let file = read(&j.partner_envelope(retro_id)?)?;
    let payload = file.open(&key)?;
    let sealed: SealedEntry = serde_json::from_slice(&payload).map_err(|e| {
        JournalError::PartnerFile(format!(
            "Your partner's entry opened but can't be read ({e}). Ask them to send it again."
        ))
    })?;
    j.reveal_remote(retro_id, key.as_bytes(), &sealed)
}

/// The first line of every update file.
const UPDATE_FIRST_LINE: &str = "Retro Companion update. Open it in Retro Companion.";
const UPDATE_FORMAT: &str = "retro-companion-update";
const UPDATE_KEY_TAG: &[u8] = b"retro-companion update key v1";
const MAC_PREFIX: &str = "hmac-sha256:";

/// The update file's header line: what it is, and the update itself.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct UpdateFile {
    format: String,
    version: u32,
    #[serde(flatten)]
    update: Update,
}

/// The key an update is authenticated with: only the two people of the
/// retro hold both reveal keys, and only once it is revealed.
fn update_mac(keys: &RevealKeys, body: &str) -> Hmac<Sha256> {
    let (lo, hi) = if keys[0] <= keys[1] {
        (keys[0], keys[1])
    } else {
        (keys[1], keys[0])
    };
    let key = Sha256::new()
        .chain_update(UPDATE_KEY_TAG)
        .chain_update(lo)
        .chain_update(hi)
        .finalize();
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).expect("any key length");
    mac.update(body.as_bytes());
    mac
}

/// Everything of a revealed remote retro that my partner's journal should
/// have too (deals made or reviewed in it, later notes), as a file: text,
/// with a MAC only the two of us can make.
pub fn update_send(j: &Journal, retro_id: Id) -> journal::Result<String> {
    let (update, keys) = j.update_out(retro_id)?;
    let line = serde_json::to_string(&UpdateFile {
        format: UPDATE_FORMAT.into(),
        version: FORMAT_VERSION,
        update,
    })
    .expect("an update serializes");
    let body = format!("{UPDATE_FIRST_LINE}\n{line}");
    let tag = update_mac(&keys, &body).finalize().into_bytes();
    Ok(format!("{body}\n{MAC_PREFIX}{}\n", hex(&tag)))
}

/// Takes in an update file from my partner: refused whole unless it is one,
/// of a format this build reads, for a retro we revealed together, and
/// made by one of us two, unchanged.
pub fn update_open(
    j: &mut Journal,
    text: &str,
) -> journal::Result<(journal::Retro, UpdateSummary)> {
    let not_one = || {
        JournalError::PartnerFile("This is not an update from Retro Companion, or it is damaged. Ask your partner to send it again, as it was saved.".into())
    };
    let text = normalized(text).ok_or_else(not_one)?;
    let lines: Vec<&str> = text.split('\n').collect();
    let [first, line, mac] = lines.as_slice() else {
        return Err(not_one());
    };
    if *first != UPDATE_FIRST_LINE {
        return Err(not_one());
    }
    readable_version(line, UPDATE_FORMAT).ok_or_else(not_one)??;
    let file: UpdateFile = serde_json::from_str(line).map_err(|_| not_one())?;
    let tag = mac
        .strip_prefix(MAC_PREFIX)
        .and_then(|h| data_encoding::HEXLOWER.decode(h.as_bytes()).ok())
        .ok_or_else(not_one)?;
    let (retro_id, keys) = j.update_keys(&file.update.retro)?;
    update_mac(&keys, &format!("{UPDATE_FIRST_LINE}\n{line}"))
        .verify_slice(&tag)
        .map_err(|_| {
            JournalError::PartnerFile(
                "This update was changed on its way, or was not made by your partner for this retro, so nothing of it was taken in. Ask them to send it again.".into(),
            )
        })?;
    let added = j.update_in(&file.update)?;
    Ok((j.retro(retro_id)?, added))
}

/// A file my partner sent, read from disk: refused before it is parsed when
/// it is too large to be one, or is not text.
pub fn read_partner_file(path: &std::path::Path) -> journal::Result<String> {
    use std::io::Read;
    let not_ours = || {
        JournalError::PartnerFile(format!(
            "{} is not a file from Retro Companion. Open the file your partner sent, as they saved it.",
            path.display()
        ))
    };
    let file = std::fs::File::open(path).map_err(|e| JournalError::read(path, e))?;
    let mut bytes = Vec::new();
    file.take(LARGEST_FILE as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| JournalError::read(path, e))?;
    if bytes.len() > LARGEST_FILE {
        return Err(not_ours());
    }
    String::from_utf8(bytes).map_err(|_| not_ours())
}

/// What opening a file from my partner did, whichever kind it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum Opened {
    /// A sealed entry, now in the journal (or already there).
    Envelope(Received),
    /// A sealed entry from someone this journal has not matched yet: who
    /// they are must be chosen first. Nothing was written.
    WhoWrote(Writer),
    /// An update for a revealed retro, taken in.
    Update(UpdateOpened),
}

/// Whose sealed entry a file holds, for a person to say who that is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Writer {
    pub name: String,
    pub role: String,
    pub title: String,
    pub held_on: NaiveDate,
    pub fingerprint: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UpdateOpened {
    pub retro: journal::Retro,
    pub added: UpdateSummary,
}

/// Opens a file from my partner, envelope or update, by its first line.
/// `choice` says who the writer of an envelope is, the first time.
pub fn open_file(
    j: &mut Journal,
    text: &str,
    choice: Option<&PartnerChoice>,
) -> journal::Result<Opened> {
    // By its first words, so that one whose lines were joined is still
    // told apart, and called damaged.
    let is_update = normalized(text).is_some_and(|t| t.starts_with(UPDATE_FIRST_LINE));
    if is_update {
        let (retro, added) = update_open(j, text)?;
        return Ok(Opened::Update(UpdateOpened { retro, added }));
    }
    match receive(j, text, choice) {
        Err(JournalError::PartnerUnknown(_)) => {
            let file = read(text)?;
            Ok(Opened::WhoWrote(Writer {
                fingerprint: file.fingerprint(),
                name: file.label.writer.name,
                role: file.label.writer.role,
                title: file.label.retro.title,
                held_on: file.label.retro.held_on,
            }))
        }
        got => got.map(Opened::Envelope),
    }
}

/// A file name for my envelope: `YYYY-MM-DD-<title>.sealed.txt`.
pub fn suggested_name(retro: &crate::journal::Retro) -> String {
    super::file_name(retro.held_on, &retro.title, "sealed.txt")
}

/// A file name for an update: `YYYY-MM-DD-<title>.update.txt`.
pub fn update_name(retro: &crate::journal::Retro) -> String {
    super::file_name(retro.held_on, &retro.title, "update.txt")
}

#[cfg(test)]
mod tests;
