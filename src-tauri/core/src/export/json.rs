//! The whole journal as one versioned JSON document, and importing it back.
//!
//! The file is what leaves the app, so it holds what the person at the
//! keyboard may read: anyone else's unrevealed entry appears with its state
//! only, others' private notes never, and the exporter's own private notes
//! only when they opt in. The format is documented in `docs/journal-format.md`.
//! Reading it back checks the format and the shape of every field here, and
//! hands each record to the journal's import, which applies the same rules
//! as the editor, in one transaction.

use serde::de::DeserializeSeed;
use serde::{Deserialize, Serialize};

use crate::journal::{
    Addendum, Agreement, EntryView, FileAddendum, FileAgreement, FileEntry, FilePerson, FileRetro,
    Id, ImportSummary, Importer, Journal, JournalError, Need, Progress, Result, Retro, RetroState,
    Role, Schedule, TensionPair,
};

use super::Failed;

/// The `format` every journal file carries.
pub const FORMAT: &str = "retro-companion-journal";
/// The version of the format this build writes; it reads every version up
/// to this one. Version 2 added the partners' 1:1 schedules.
pub const VERSION: u32 = 2;

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
    /// The partners' 1:1 schedules; absent from files written before them.
    #[serde(default)]
    pub schedules: Vec<Schedule>,
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
        schedules: j.schedules()?,
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

/// Writes the journal file to `out` as it reads the journal, one retro at a
/// time, so memory does not grow with the journal. The same bytes as
/// [`to_json`] of [`export`]. `to` names `out` in a message.
pub fn write(
    j: &Journal,
    include_private: bool,
    exported_at: &str,
    out: &mut dyn std::io::Write,
    to: &std::path::Path,
    progress: &mut Progress,
) -> Result<()> {
    write_to(j, include_private, exported_at, out, progress).map_err(|e| e.naming(to))
}

/// Writes the journal file to `path` as it reads the journal: whole, or
/// not at all.
pub fn save(
    j: &Journal,
    include_private: bool,
    exported_at: &str,
    path: &std::path::Path,
) -> Result<()> {
    save_with(j, include_private, exported_at, path, &mut |_, _| Ok(()))
}

/// [`save`], telling `progress` how many retros of how many are written.
pub fn save_with(
    j: &Journal,
    include_private: bool,
    exported_at: &str,
    path: &std::path::Path,
    progress: &mut Progress,
) -> Result<()> {
    super::write_atomically_with(path, |out| {
        write_to(j, include_private, exported_at, out, progress)
    })
    .map_err(|e| e.naming(path))
}

fn write_to(
    j: &Journal,
    include_private: bool,
    exported_at: &str,
    out: &mut dyn std::io::Write,
    progress: &mut Progress,
) -> std::result::Result<(), Failed> {
    // The whole journal passes through: with the file unmapped, memory
    // stays flat however large it is.
    j.unmapped(|| {
        let reader = Reader::of(j, include_private)?;
        let head = head(j, exported_at)?;
        let mut retros = j.retros()?;
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
    })
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
    progress: std::cell::RefCell<&'a mut Progress<'a>>,
}

impl Serialize for Streamed<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let h = self.head;
        let mut file = s.serialize_struct("JournalFile", 10)?;
        file.serialize_field("format", &h.format)?;
        file.serialize_field("version", &h.version)?;
        file.serialize_field("exportedAt", &h.exported_at)?;
        file.serialize_field("appVersion", &h.app_version)?;
        file.serialize_field("roles", &h.roles)?;
        file.serialize_field("people", &h.people)?;
        file.serialize_field("needs", &h.needs)?;
        file.serialize_field("tensionPairs", &h.tension_pairs)?;
        file.serialize_field("schedules", &h.schedules)?;
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
        let mut fail = |e: JournalError| {
            let message = e.to_string();
            *self.failed.borrow_mut() = Some(e);
            S::Error::custom(message)
        };
        loop {
            let chunk: Vec<Retro> = retros.by_ref().take(CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            for file in &self.reader.retros(self.j, chunk).map_err(&mut fail)? {
                seq.serialize_element(file)?;
                done += 1;
                progress(done, total as u64).map_err(&mut fail)?;
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
    import_from(j, json.as_bytes(), json.len() as u64, &mut |_, _| Ok(()))
}

/// Reads a journal file from `input` (`size` bytes long) as it adds it to an
/// empty journal: each retro goes through the journal's rules as soon as it
/// is parsed, so memory does not grow with the file. Everything happens in
/// one transaction, so a bad value anywhere, a file that ends halfway, or a
/// stop asked for through `progress` (told the bytes read so far) leaves the
/// journal exactly as it was.
pub fn import_from(
    j: &mut Journal,
    input: impl std::io::Read,
    size: u64,
    progress: &mut Progress,
) -> Result<ImportSummary> {
    let read = std::cell::Cell::new(0);
    let counted = Counted {
        inner: input,
        read: &read,
    };
    let mut de =
        serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(1 << 16, counted));
    j.import(|to| {
        let mut failed = None;
        let mut track = serde_path_to_error::Track::new();
        let mut told = || progress(read.get(), size);
        let file = FileSeed {
            to,
            failed: &mut failed,
            progress: &mut told,
        };
        let parsed = file
            .deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track))
            .and_then(|()| de.end());
        match (failed, parsed) {
            (Some(refused), _) => Err(refused),
            (None, Ok(())) => Ok(()),
            (None, Err(e)) => Err(not_read(&e, &track.path().to_string())),
        }
    })
}

/// [`import_from`] the file at `path`, telling `progress` the bytes read.
pub fn import_file(
    j: &mut Journal,
    path: &std::path::Path,
    progress: &mut Progress,
) -> Result<ImportSummary> {
    let file = std::fs::File::open(path).map_err(|e| JournalError::read(path, e))?;
    let size = file
        .metadata()
        .map_err(|e| JournalError::read(path, e))?
        .len();
    import_from(j, file, size, progress)
}

/// Counts the bytes that pass, for progress.
struct Counted<'a, R> {
    inner: R,
    read: &'a std::cell::Cell<u64>,
}

impl<R: std::io::Read> std::io::Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

/// A file that is not a journal this version can read at all.
fn unreadable(at: &str, why: String) -> JournalError {
    JournalError::BadFile {
        at: at.to_owned(),
        why,
    }
}

/// What the JSON parser found wrong, at `path`.
fn not_read(e: &serde_json::Error, path: &str) -> JournalError {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax | Category::Eof => unreadable(
            "(the file)",
            format!(
                "It is not complete, valid JSON (line {}, column {}: {e}).",
                e.line(),
                e.column()
            ),
        ),
        Category::Io => unreadable(
            "(the file)",
            format!("It could not be read to the end: {e}."),
        ),
        Category::Data => unreadable(path, format!("{e}.")),
    }
}

fn not_a_journal_file() -> JournalError {
    unreadable(
        "format",
        format!("It should be \"{FORMAT}\"; this is not a Retro Companion journal file."),
    )
}

fn version_refused(found: &serde_json::Value) -> Option<JournalError> {
    match found.as_u64() {
        Some(v) if (1..=u64::from(VERSION)).contains(&v) => None,
        Some(v) if v > u64::from(VERSION) => Some(unreadable(
            "version",
            format!(
                "It was written in format version {v}, and this version of the app reads \
                 versions up to {VERSION}. Update the app to import it."
            ),
        )),
        _ => Some(unreadable(
            "version",
            format!("It is {found}, and this app reads versions 1 to {VERSION}."),
        )),
    }
}

/// The top of a journal file, read field by field. The export writes the
/// format, the version, the catalog and the people before the retros, and
/// then each retro is taken in as soon as it is parsed. A file whose keys
/// come in another order (sorted by a tool, say) still imports: retros read
/// before the rest of the top are held until it has come.
struct FileSeed<'a, 'j> {
    to: &'a mut Importer<'j>,
    failed: &'a mut Option<JournalError>,
    /// Told after each retro is in.
    progress: &'a mut dyn FnMut() -> Result<()>,
}

/// The parts of the top that the retros need first.
#[derive(Default)]
struct Top {
    format: bool,
    version: bool,
    roles: Option<Vec<Role>>,
    people: Option<Vec<FilePerson>>,
    needs: Option<Vec<Need>>,
    tension_pairs: Option<Vec<TensionPair>>,
    /// Taken in last, once every person is in.
    schedules: Vec<Schedule>,
    taken_in: bool,
}

impl Top {
    /// Takes the catalog and the people in, once all of them have come.
    fn take_in(&mut self, to: &mut Importer) -> Result<bool> {
        if self.taken_in {
            return Ok(true);
        }
        let (true, true, Some(roles), Some(people), Some(needs), Some(pairs)) = (
            self.format,
            self.version,
            &self.roles,
            &self.people,
            &self.needs,
            &self.tension_pairs,
        ) else {
            return Ok(false);
        };
        for (i, r) in roles.iter().enumerate() {
            to.role(&format!("roles[{i}]"), r)?;
        }
        for (i, p) in people.iter().enumerate() {
            to.person(&format!("people[{i}]"), p)?;
        }
        for (i, n) in needs.iter().enumerate() {
            to.need(&format!("needs[{i}]"), n)?;
        }
        for (i, p) in pairs.iter().enumerate() {
            to.tension_pair(&format!("tensionPairs[{i}]"), p)?;
        }
        self.taken_in = true;
        Ok(true)
    }

    /// The first part of the top that never came.
    fn missing(&self) -> JournalError {
        let absent = [
            ("roles", self.roles.is_none()),
            ("people", self.people.is_none()),
            ("needs", self.needs.is_none()),
            ("tensionPairs", self.tension_pairs.is_none()),
        ];
        let at = absent
            .iter()
            .find(|(_, gone)| *gone)
            .map_or("", |(at, _)| at);
        unreadable(at, "It is missing.".into())
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for FileSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for FileSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a Retro Companion journal file (a JSON object)")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<(), A::Error> {
        use serde::de::Error;
        let FileSeed {
            to,
            failed,
            progress,
        } = self;
        let mut refuse = |e: JournalError| {
            *failed = Some(e);
            A::Error::custom("refused")
        };
        let mut top = Top::default();
        let mut seen = std::collections::HashSet::new();
        let mut early: Vec<FileRetro> = Vec::new();
        let mut retros = 0;
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(refuse(unreadable(&key, "It appears twice.".into())));
            }
            match key.as_str() {
                "format" => {
                    if map.next_value::<serde_json::Value>()? != FORMAT {
                        return Err(refuse(not_a_journal_file()));
                    }
                    top.format = true;
                }
                "version" => {
                    if let Some(e) = version_refused(&map.next_value()?) {
                        return Err(refuse(e));
                    }
                    top.version = true;
                }
                "exportedAt" | "appVersion" => {
                    map.next_value::<String>()?;
                }
                "roles" => top.roles = Some(map.next_value()?),
                "people" => top.people = Some(map.next_value()?),
                "needs" => top.needs = Some(map.next_value()?),
                "tensionPairs" => top.tension_pairs = Some(map.next_value()?),
                "schedules" => top.schedules = map.next_value()?,
                "retros" => {
                    let ready = top.take_in(to).map_err(&mut refuse)?;
                    let mut stopped = None;
                    let parsed = map.next_value_seed(RetrosSeed(|r: FileRetro| {
                        let taken = if ready {
                            to.retro(&format!("retros[{retros}]"), &r).and_then(|()| {
                                retros += 1;
                                progress()
                            })
                        } else {
                            early.push(r);
                            Ok(())
                        };
                        taken.map_err(|e| stopped = Some(e)).is_ok()
                    }));
                    if let Some(e) = stopped {
                        return Err(refuse(e));
                    }
                    parsed?;
                }
                _ if !top.format => return Err(refuse(not_a_journal_file())),
                other => {
                    return Err(refuse(unreadable(
                        other,
                        "This field is not part of a journal file.".into(),
                    )))
                }
            }
            top.take_in(to).map_err(&mut refuse)?;
        }
        if !top.format {
            return Err(refuse(not_a_journal_file()));
        }
        if !top.version {
            return Err(refuse(unreadable(
                "version",
                format!("It is missing, and this app reads versions 1 to {VERSION}."),
            )));
        }
        if !top.take_in(to).map_err(&mut refuse)? {
            return Err(refuse(top.missing()));
        }
        if !seen.contains("retros") {
            return Err(refuse(unreadable("retros", "It is missing.".into())));
        }
        for r in early {
            to.retro(&format!("retros[{retros}]"), &r)
                .map_err(&mut refuse)?;
            retros += 1;
            progress().map_err(&mut refuse)?;
        }
        for (i, schedule) in top.schedules.iter().enumerate() {
            to.schedule(&format!("schedules[{i}]"), schedule)
                .map_err(&mut refuse)?;
        }
        Ok(())
    }
}

/// The retros, each handed to `take` as soon as it is parsed; `take` says
/// whether to go on. Why it stopped is kept by the caller: the parser only
/// learns that it must.
struct RetrosSeed<F>(F);

impl<'de, F: FnMut(FileRetro) -> bool> serde::de::DeserializeSeed<'de> for RetrosSeed<F> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(FileRetro) -> bool> serde::de::Visitor<'de> for RetrosSeed<F> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of retros")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        mut self,
        mut seq: A,
    ) -> std::result::Result<(), A::Error> {
        while let Some(r) = seq.next_element::<FileRetro>()? {
            if !(self.0)(r) {
                return Err(serde::de::Error::custom("refused"));
            }
        }
        Ok(())
    }
}
