//! The whole journal as one versioned JSON document, and importing it back.
//!
//! The file is what leaves the app, so it holds what the person at the
//! keyboard may read: anyone else's unrevealed entry appears with its state
//! only, others' private notes never, and the exporter's own private notes
//! only when they opt in. The format is documented in `docs/journal-format.md`.
//! Reading it back checks the format and the shape of every field here, and
//! hands each record to the journal's import, which applies the same rules
//! as the editor, in one transaction.

use serde::{Deserialize, Serialize};

use crate::journal::{
    Addendum, Agreement, EntryView, FileAddendum, FileAgreement, FileEntry, FilePerson, FileRetro,
    Id, ImportSummary, Journal, JournalError, Need, Result, Retro, RetroState, Role, TensionPair,
};

/// The `format` every journal file carries.
pub const FORMAT: &str = "retro-companion-journal";
/// The version of the format this build writes and reads.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JournalFile {
    pub format: String,
    pub version: u32,
    pub exported_at: String,
    pub app_version: String,
    pub roles: Vec<Role>,
    pub people: Vec<FilePerson>,
    pub needs: Vec<Need>,
    pub tension_pairs: Vec<TensionPair>,
    pub retros: Vec<FileRetro>,
}

// ---- export --------------------------------------------------------------

/// Who may take what out: the person at the keyboard, and whether their own
/// private notes come along.
#[derive(Clone, Copy)]
struct Reader {
    writer: Option<Id>,
    include_private: bool,
}

impl Reader {
    fn of(j: &Journal, include_private: bool) -> Result<Self> {
        // Before onboarding nobody is at the keyboard, and the journal is empty.
        let writer = j
            .me()?
            .map(|_| j.active_writer())
            .transpose()?
            .map(|p| p.id);
        Ok(Reader {
            writer,
            include_private,
        })
    }

    /// Some retros as the reader may take them out, read together.
    fn retros(self, j: &Journal, retros: Vec<Retro>) -> Result<Vec<FileRetro>> {
        let mut made = j.deals_made_in(&retros, None)?;
        Ok(j.entries_of(retros)?
            .into_iter()
            .map(|(r, views)| {
                let deals = made.remove(&r.id).unwrap_or_default();
                self.retro(r, views, deals)
            })
            .collect())
    }

    fn retro(self, r: Retro, views: Vec<EntryView>, made: Vec<Agreement>) -> FileRetro {
        let entries = views
            .into_iter()
            .filter_map(|e| {
                let state = e.state?;
                let content = e.content.map(|mut c| {
                    if !(self.include_private && Some(e.person.id) == self.writer) {
                        c.private_notes.clear();
                    }
                    c
                });
                Some(FileEntry {
                    person_id: e.person.id,
                    state,
                    content,
                    saved_at: e.saved_at,
                    addenda: e.addenda.into_iter().map(addendum).collect(),
                })
            })
            .collect();
        let agreements = made
            .into_iter()
            .map(|a| FileAgreement {
                id: a.id,
                title: a.title,
                owner_id: a.owner.id,
                review_on: a.review_on,
                commitments: a.commitments,
                need_ids: a.need_ids,
                history: a.history,
            })
            .collect();
        FileRetro {
            id: r.id,
            title: r.title,
            held_on: r.held_on,
            kind: r.kind,
            revealed: r.state == RetroState::Revealed,
            participants: r.participants.iter().map(|p| p.person.id).collect(),
            entries,
            agreements,
        }
    }
}

/// Retros read together by an export: enough to make each read worth it,
/// few enough that memory stays flat however large the journal.
const CHUNK: usize = 512;

/// Everything of the file but its retros, which are read one at a time.
fn head(j: &Journal, exported_at: &str) -> Result<JournalFile> {
    let mut people = Vec::new();
    if let Some(me) = j.me()? {
        people.push(me);
    }
    people.extend(j.partners()?);
    Ok(JournalFile {
        format: FORMAT.into(),
        version: VERSION,
        exported_at: exported_at.into(),
        app_version: env!("CARGO_PKG_VERSION").into(),
        roles: j.roles()?,
        people: people
            .into_iter()
            .map(|p| FilePerson {
                id: p.id,
                name: p.name,
                role_id: p.role.id,
                is_me: p.is_me,
            })
            .collect(),
        needs: j.needs()?,
        tension_pairs: j.tension_pairs()?,
        retros: Vec::new(),
    })
}

/// The journal as the person at the keyboard may take it out of the app.
pub fn export(j: &Journal, include_private: bool, exported_at: &str) -> Result<JournalFile> {
    let reader = Reader::of(j, include_private)?;
    let mut file = head(j, exported_at)?;
    let mut retros = j.retros()?;
    retros.reverse();
    for chunk in retros.chunks(CHUNK) {
        file.retros.extend(reader.retros(j, chunk.to_vec())?);
    }
    Ok(file)
}

/// Why writing a journal file stopped: the journal, or the file.
enum Failed {
    Journal(JournalError),
    Io(std::io::Error),
}

impl From<std::io::Error> for Failed {
    fn from(e: std::io::Error) -> Self {
        Failed::Io(e)
    }
}

/// Writes the journal file to `out` as it reads the journal, one retro at a
/// time, so memory does not grow with the journal. The same bytes as
/// [`to_json`] of [`export`]. `to` names `out` in a message.
pub fn write(
    j: &Journal,
    include_private: bool,
    exported_at: &str,
    out: &mut dyn std::io::Write,
    to: &std::path::Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    write_to(j, include_private, exported_at, out, progress).map_err(|e| match e {
        Failed::Journal(e) => e,
        Failed::Io(e) => JournalError::write(to, e),
    })
}

/// Writes the journal file to `path` as it reads the journal: whole, or
/// not at all.
pub fn save(
    j: &Journal,
    include_private: bool,
    exported_at: &str,
    path: &std::path::Path,
) -> Result<()> {
    save_with(j, include_private, exported_at, path, &mut |_, _| {})
}

/// [`save`], telling `progress` how many retros of how many are written.
pub fn save_with(
    j: &Journal,
    include_private: bool,
    exported_at: &str,
    path: &std::path::Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    super::write_atomically_with(path, |out| {
        write_to(j, include_private, exported_at, out, progress)
    })
    .map_err(|e| match e {
        Failed::Journal(e) => e,
        Failed::Io(e) => JournalError::write(path, e),
    })
}

fn write_to(
    j: &Journal,
    include_private: bool,
    exported_at: &str,
    out: &mut dyn std::io::Write,
    progress: &mut dyn FnMut(usize, usize),
) -> std::result::Result<(), Failed> {
    let reader = Reader::of(j, include_private).map_err(Failed::Journal)?;
    let head = head(j, exported_at).map_err(Failed::Journal)?;
    let mut retros = j.retros().map_err(Failed::Journal)?;
    retros.reverse();
    let stream = Streamed {
        head: &head,
        retros: RetroStream {
            j,
            reader,
            retros: std::cell::RefCell::new(retros.into_iter()),
            failed: std::cell::RefCell::new(None),
            progress: std::cell::RefCell::new(progress),
        },
    };
    let written = serde_json::to_writer_pretty(&mut *out, &stream);
    if let Some(e) = stream.retros.failed.take() {
        return Err(Failed::Journal(e));
    }
    // Plain data always serialises: what is left is the file's own error.
    written.map_err(std::io::Error::from)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// The file with its retros read as they are written.
struct Streamed<'a> {
    head: &'a JournalFile,
    retros: RetroStream<'a>,
}

struct RetroStream<'a> {
    j: &'a Journal,
    reader: Reader,
    retros: std::cell::RefCell<std::vec::IntoIter<Retro>>,
    /// The journal's own error, kept whole for the caller.
    failed: std::cell::RefCell<Option<JournalError>>,
    progress: std::cell::RefCell<&'a mut dyn FnMut(usize, usize)>,
}

impl Serialize for Streamed<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let h = self.head;
        let mut file = s.serialize_struct("JournalFile", 9)?;
        file.serialize_field("format", &h.format)?;
        file.serialize_field("version", &h.version)?;
        file.serialize_field("exportedAt", &h.exported_at)?;
        file.serialize_field("appVersion", &h.app_version)?;
        file.serialize_field("roles", &h.roles)?;
        file.serialize_field("people", &h.people)?;
        file.serialize_field("needs", &h.needs)?;
        file.serialize_field("tensionPairs", &h.tension_pairs)?;
        file.serialize_field("retros", &self.retros)?;
        file.end()
    }
}

impl Serialize for RetroStream<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut retros = self.retros.borrow_mut();
        let mut progress = self.progress.borrow_mut();
        let total = retros.len();
        let mut seq = s.serialize_seq(Some(total))?;
        let mut done = 0;
        loop {
            let chunk: Vec<Retro> = retros.by_ref().take(CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            match self.reader.retros(self.j, chunk) {
                Ok(files) => {
                    for file in &files {
                        seq.serialize_element(file)?;
                        done += 1;
                        progress(done, total);
                    }
                }
                Err(e) => {
                    let message = e.to_string();
                    *self.failed.borrow_mut() = Some(e);
                    return Err(S::Error::custom(message));
                }
            }
        }
        seq.end()
    }
}

fn addendum(a: Addendum) -> FileAddendum {
    FileAddendum {
        body: a.body,
        created_at: a.created_at,
    }
}

/// The file as pretty-printed JSON, with a final newline.
pub fn to_json(file: &JournalFile) -> String {
    // Every key is a string and every value plain data: this cannot fail.
    let mut s = serde_json::to_string_pretty(file).expect("a journal file serialises");
    s.push('\n');
    s
}

// ---- import --------------------------------------------------------------

/// Reads a journal file and adds it to an empty journal in one transaction,
/// through the journal's rules. The first problem is named with its place.
pub fn import(j: &mut Journal, json: &str) -> Result<ImportSummary> {
    import_with(j, json, &mut |_, _| {})
}

/// [`import`], telling `progress` how many retros of how many are in so
/// far. Nothing is visible in the journal until the last one is.
pub fn import_with(
    j: &mut Journal,
    json: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportSummary> {
    let file = parse(json)?;
    let total = file.retros.len();
    j.import(|to| {
        for (i, r) in file.roles.iter().enumerate() {
            to.role(&format!("roles[{i}]"), r)?;
        }
        for (i, p) in file.people.iter().enumerate() {
            to.person(&format!("people[{i}]"), p)?;
        }
        for (i, n) in file.needs.iter().enumerate() {
            to.need(&format!("needs[{i}]"), n)?;
        }
        for (i, p) in file.tension_pairs.iter().enumerate() {
            to.tension_pair(&format!("tensionPairs[{i}]"), p)?;
        }
        for (i, r) in file.retros.iter().enumerate() {
            to.retro(&format!("retros[{i}]"), r)?;
            progress(i + 1, total);
        }
        Ok(())
    })
}

/// A file that is not a journal this version can read at all.
fn unreadable(at: &str, why: String) -> JournalError {
    JournalError::BadFile {
        at: at.to_owned(),
        why,
    }
}

/// Parses the file, checking the format and version before anything else.
pub fn parse(json: &str) -> Result<JournalFile> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| {
        unreadable(
            "(the file)",
            format!(
                "It is not complete, valid JSON (line {}, column {}: {e}).",
                e.line(),
                e.column()
            ),
        )
    })?;
    let format = value.get("format").and_then(|v| v.as_str());
    if format != Some(FORMAT) {
        return Err(unreadable(
            "format",
            format!("It should be \"{FORMAT}\"; this is not a Retro Companion journal file."),
        ));
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) if v > u64::from(VERSION) => {
            return Err(unreadable(
                "version",
                format!(
                    "It was written in format version {v}, and this version of the app reads \
                     version {VERSION}. Update the app to import it."
                ),
            ))
        }
        other => {
            return Err(unreadable(
                "version",
                format!(
                    "It is {}, and this app reads version {VERSION}.",
                    other.map_or("missing".into(), |v| v.to_string())
                ),
            ))
        }
    }
    // Dates and the shape of each field are checked as the file is read,
    // and a field in the wrong shape is named by its path.
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        unreadable(&path, format!("{}.", e.into_inner()))
    })
}
