//! The command line: with no subcommand the window opens; with one, it runs
//! headless over the same journal API, without loading the window's libraries. Data goes to
//! stdout (or `--out`), and every problem to stderr with an exit code.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Local, NaiveDate, SecondsFormat, Utc};
use clap::{Args, Parser, Subcommand, ValueEnum};

use retro_core::export::{self, envelope, json, markdown, MarkdownRequest};
use retro_core::journal::{
    EntryContent, EntryQuery, EntryState, ErrorCode, Id, Journal, JournalError, NewRetro,
    PartnerChoice, Person, Progress, RetroKind, RetroState, RoleChoice, TrendsQuery,
};

#[derive(Debug, Parser)]
#[command(name = "retro-companion", version, about = "A private journal for the needs behind the planning argument.", after_help = EXIT_CODES)]
pub struct Cli {
    /// The journal file to use instead of journal.sqlite3 in the app data directory.
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        env = "RETRO_COMPANION_JOURNAL"
    )]
    pub journal: Option<PathBuf>,

    /// A file from your partner to open in the window (a sealed entry or
    /// an update). When the window is already open on this journal, the file
    /// goes to it.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

const EXIT_CODES: &str = "With no command, the app's window opens (on FILE, when one is given).\n\nExit codes:\n  0  success\n  1  the journal refused the request, or a file could not be read or written (the message says why)\n  2  the command line was not understood\n  3  the journal file is damaged (check, or any command that finds it so)\n  4  the journal is busy: another program (the window) kept it locked; try again";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print where the journal file is, opening (and creating) it to check it is usable.
    Path,
    /// Tell a new journal who keeps it (or correct it), as the window's first screen does.
    Init {
        /// Your name.
        #[arg(long)]
        name: String,
        /// Your role: product, engineering, or any other role by name.
        #[arg(long)]
        role: String,
    },
    /// Start a retro and print its id alone on stdout, so a script can go on
    /// with it (`show ID`, `write ID`, `export ID`): solo, or with a partner.
    New {
        /// What the retro is called.
        #[arg(long)]
        title: String,
        /// The day of the conversation, YYYY-MM-DD; today (local time) when omitted.
        #[arg(long, value_name = "DATE", value_parser = day)]
        date: Option<NaiveDate>,
        /// A paired retro with this partner (their name, as `list` shows it).
        #[arg(long, value_name = "NAME")]
        partner: Option<String>,
        /// A partner not yet in this journal is added with this role:
        /// product, engineering, or any other role by name.
        #[arg(long, value_name = "ROLE", requires = "partner")]
        partner_role: Option<String>,
        /// Held on two laptops: the entries travel as sealed envelopes
        /// (`envelope send`, `envelope open`, `code`, `reveal`).
        #[arg(long, requires = "partner")]
        remote: bool,
    },
    /// Save my entry in a retro from a JSON file in the shape the JSON export
    /// gives an entry's `content` (docs/journal-format.md); seal it if asked.
    Write {
        /// The retro's id, as `list` prints it.
        retro: Id,
        /// The entry, as JSON.
        #[arg(long, value_name = "FILE")]
        content: PathBuf,
        /// Seal it once saved.
        #[arg(long)]
        seal: bool,
    },
    /// Sealed envelopes for a retro on two laptops (docs/remote-reveal.md).
    #[command(subcommand)]
    Envelope(EnvelopeCommand),
    /// Print my reveal code for a retro on two laptops, alone on stdout: only
    /// once my entry is sealed and sent and my partner's envelope is in.
    Code {
        /// The retro's id, as `list` prints it.
        retro: Id,
    },
    /// Deals, reviews and later notes of a revealed retro on two laptops,
    /// passed between the two journals.
    #[command(subcommand)]
    Update(UpdateCommand),
    /// Reveal a retro on two laptops with my partner's code.
    Reveal {
        /// The retro's id, as `list` prints it.
        retro: Id,
        /// My partner's reveal code, as they read it out.
        #[arg(long)]
        code: String,
    },
    /// List every retro, newest first: id, date, kind, state, title and partner, tab-separated.
    List,
    /// Search my own entries, best match first: retro id, date, title and the
    /// matching words (between « and »), tab-separated. With no words, my
    /// entries newest first, each with the sentence I had not said.
    Search {
        /// Words to look for; each matches as a prefix (bill finds billing).
        words: Vec<String>,
        /// Only entries that rated this need or named it the one to be heard.
        #[arg(long, value_name = "NAME")]
        need: Option<String>,
        /// Only retros with this partner.
        #[arg(long, value_name = "NAME")]
        partner: Option<String>,
        /// First day to include, YYYY-MM-DD.
        #[arg(long, value_name = "DATE", value_parser = day)]
        from: Option<NaiveDate>,
        /// Last day to include, YYYY-MM-DD.
        #[arg(long, value_name = "DATE", value_parser = day)]
        to: Option<NaiveDate>,
        /// At most this many.
        #[arg(long, short = 'n', default_value_t = 20)]
        limit: usize,
    },
    /// Show one retro: who took part, where each entry stands, and its deals.
    Show {
        /// The retro's id, as `list` prints it.
        retro: Id,
    },
    /// Export a revealed retro, a date range, or the whole journal.
    Export(ExportArgs),
    /// Import a journal file written by `export --format json` into this
    /// journal, which must be empty.
    Import {
        /// The JSON file to read.
        file: PathBuf,
    },
    /// Write a consistent copy of the journal (an SQLite file) to FILE.
    Backup {
        /// Where to write the copy.
        file: PathBuf,
    },
    /// Replace the journal with a backup, after checking it; the journal as it
    /// was is kept in the backups folder first.
    Restore {
        /// The backup to restore (an SQLite file written by `backup` or the app).
        backup: PathBuf,
    },
    /// Check the journal file for damage (SQLite's integrity and foreign key checks).
    Check,
    /// What keeps coming back: each need over time and the patterns, for you
    /// alone or for you and one partner.
    Trends(TrendsArgs),
}

#[derive(Debug, Subcommand)]
pub enum EnvelopeCommand {
    /// Seal my entry for my partner and write the envelope to FILE. Once
    /// sent, the entry can no longer be unsealed; sending again writes the
    /// same file.
    Send {
        /// The retro's id, as `list` prints it.
        retro: Id,
        /// Where to write the envelope.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Take in my partner's envelope: the retro appears with their entry sealed.
    Open {
        /// The envelope my partner sent.
        file: PathBuf,
        /// Who the writer is in my journal (a partner's name, or a new
        /// partner's): required the first time, and refused when it would
        /// contradict an earlier match.
        #[arg(long, value_name = "NAME")]
        partner: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum UpdateCommand {
    /// Write what my partner's journal should have of this retro (deals made
    /// or reviewed in it, later notes) to FILE.
    Send {
        /// The retro's id, as `list` prints it.
        retro: Id,
        /// Where to write the update.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Take in an update from my partner: what this journal lacks is added;
    /// the same update twice changes nothing.
    Open {
        /// The update my partner sent.
        file: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Markdown for the team's retro doc.
    Md,
    /// The journal file format (docs/journal-format.md), for import.
    Json,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["retro", "from", "all"]))]
pub struct ExportArgs {
    /// The retro to export, as `list` prints it.
    retro: Option<Id>,
    #[arg(long, value_enum, default_value = "md")]
    format: Format,
    /// Write to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Include your own private notes (never anyone else's).
    #[arg(long)]
    include_private: bool,
    /// First day of a range to export, YYYY-MM-DD.
    #[arg(long, requires = "to", value_name = "DATE", value_parser = day)]
    from: Option<NaiveDate>,
    /// Last day of the range, YYYY-MM-DD.
    #[arg(long, requires = "from", value_name = "DATE", value_parser = day)]
    to: Option<NaiveDate>,
    /// Everything in the journal.
    #[arg(long)]
    all: bool,
}

#[derive(Debug, Args)]
pub struct TrendsArgs {
    /// The pair view with this partner (their name, as `list` shows it).
    #[arg(long, value_name = "NAME")]
    partner: Option<String>,
    /// First day to include, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = day)]
    from: Option<NaiveDate>,
    /// Last day to include, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = day)]
    to: Option<NaiveDate>,
    /// md for the team's retro doc; json in the trends format (docs/trends-format.md).
    #[arg(long, value_enum, default_value = "md", hide_possible_values = true)]
    format: Format,
    /// Write to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// A day as typed on the command line, with a message that shows the form.
fn day(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|e| match e.kind() {
        chrono::format::ParseErrorKind::OutOfRange | chrono::format::ParseErrorKind::Impossible => {
            "there is no such day; type it as YYYY-MM-DD, like 2026-03-16".into()
        }
        _ => "type the day as YYYY-MM-DD, like 2026-03-16".into(),
    })
}

impl Cli {
    /// The journal this invocation works on.
    pub fn journal_path(&self) -> Option<PathBuf> {
        self.journal
            .clone()
            .or_else(retro_core::default_journal_path)
    }
}

/// Why a command failed: the journal's own error, or damage `check` found.
enum Failure {
    Journal(JournalError),
    Damaged(String),
}

impl From<JournalError> for Failure {
    fn from(e: JournalError) -> Self {
        Failure::Journal(e)
    }
}

/// The exit code for a kind of failure, as `--help` lists them.
pub fn exit_code(code: ErrorCode) -> u8 {
    match code {
        ErrorCode::JournalCorrupt => 3,
        ErrorCode::JournalBusy => 4,
        _ => 1,
    }
}

/// Runs a headless subcommand. Data goes to stdout, problems to stderr.
pub fn run(command: &Command, journal_path: PathBuf) -> ExitCode {
    let (code, message) = match execute(command, &journal_path) {
        Ok(()) => return ExitCode::SUCCESS,
        Err(Failure::Journal(e)) => (exit_code(e.code()), e.to_string()),
        Err(Failure::Damaged(message)) => (3, message),
    };
    eprintln!("retro-companion: {message}");
    ExitCode::from(code)
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn execute(command: &Command, path: &Path) -> Result<(), Failure> {
    let mut j = Journal::open(path)?;
    match command {
        Command::Path => println!("{}", path.display()),
        Command::Init { name, role } => {
            // A role typed by name picks the role of that name, whatever its case.
            let role = RoleChoice::New { name: role.clone() };
            let me = j.set_me(name, &role)?;
            eprintln!(
                "This journal is kept by {} ({}): {}.",
                one_line(&me.name),
                one_line(&me.role.name),
                path.display()
            );
        }
        Command::New {
            title,
            date,
            partner,
            partner_role,
            remote,
        } => {
            let held_on = date.unwrap_or_else(|| Local::now().date_naive());
            let partner = match (partner, partner_role) {
                (None, _) => None,
                (Some(name), None) => Some(PartnerChoice::Existing {
                    id: partner_named(&j, name)?,
                }),
                // Known by that name: that partner (or the message that
                // two share it); otherwise a new one, with the role given.
                (Some(name), Some(role)) if !is_partner(&j, name)? => Some(PartnerChoice::New {
                    name: name.clone(),
                    role: RoleChoice::New { name: role.clone() },
                }),
                (Some(name), Some(_)) => Some(PartnerChoice::Existing {
                    id: partner_named(&j, name)?,
                }),
            };
            let new = NewRetro {
                title: title.clone(),
                held_on: held_on.to_string(),
                partner,
            };
            let r = if *remote {
                j.create_remote_retro(&new)?
            } else {
                j.create_retro(&new)?
            };
            emit(None, &format!("{}\n", r.id))?;
        }
        Command::Write {
            retro,
            content,
            seal,
        } => {
            let text =
                std::fs::read_to_string(content).map_err(|e| JournalError::read(content, e))?;
            let mut reader = serde_json::Deserializer::from_str(&text);
            let entry: EntryContent =
                serde_path_to_error::deserialize(&mut reader).map_err(|e| {
                    let at = match e.path().to_string() {
                        top if top == "." => String::new(),
                        path => format!(" at {path}"),
                    };
                    JournalError::Invalid(format!(
                        "The entry in {} can't be read{at}: {}. Nothing was changed. It takes every field of an entry's content, as docs/journal-format.md shows.",
                        content.display(),
                        e.inner()
                    ))
                })?;
            j.save_entry(*retro, &entry)?;
            if *seal {
                j.seal_entry(*retro)?;
            }
            eprintln!(
                "Saved your entry{}.",
                if *seal { " and sealed it" } else { "" }
            );
        }
        Command::Envelope(EnvelopeCommand::Send { retro, out }) => {
            let sent = envelope::send(&mut j, *retro)?;
            emit(Some(out), &sent.text)?;
            eprintln!(
                "Send it to your partner, and compare its fingerprint on the call: {}. Your entry can no longer be unsealed.",
                sent.fingerprint
            );
        }
        Command::Envelope(EnvelopeCommand::Open { file, partner }) => {
            let text = envelope::read_partner_file(file)?;
            let choice = match partner {
                None => None,
                Some(name) if !is_partner(&j, name)? => Some(new_partner_from(&text, name)?),
                Some(name) => Some(PartnerChoice::Existing {
                    id: partner_named(&j, name)?,
                }),
            };
            let got = envelope::receive(&mut j, &text, choice.as_ref()).map_err(|e| match e {
                JournalError::PartnerUnknown(name) => JournalError::Invalid(format!(
                    "Say who {} is in your journal with --partner NAME: one of your partners, or a new one's name. People are never matched by name alone.",
                    one_line(&name)
                )),
                other => other,
            })?;
            let then = if got.retro.state == RetroState::Revealed {
                format!(
                    "It is revealed already: export {} shows both entries.",
                    got.retro.id
                )
            } else {
                format!(
                    "It can't be read until {} gives you their code.",
                    one_line(&got.from.name)
                )
            };
            eprintln!(
                "{} {}'s sealed entry for \"{}\" ({}), retro {}; fingerprint {}. {then}",
                if got.new { "Took in" } else { "Already had" },
                one_line(&got.from.name),
                one_line(&got.retro.title),
                got.retro.held_on,
                got.retro.id,
                got.fingerprint,
            );
        }
        Command::Update(UpdateCommand::Send { retro, out }) => {
            emit(Some(out), &envelope::update_send(&j, *retro)?)?;
        }
        Command::Update(UpdateCommand::Open { file }) => {
            let text = envelope::read_partner_file(file)?;
            let (_, done) = envelope::update_open(&mut j, &text)?;
            let count = |n: usize, one: &str, many: &str| {
                format!("{n} {}", if n == 1 { one } else { many })
            };
            eprintln!(
                "New from your partner: {}, {} and {}.",
                count(done.deals, "deal", "deals"),
                count(done.changes, "change of status", "changes of status"),
                count(done.notes, "later note", "later notes")
            );
        }
        Command::Code { retro } => emit(None, &format!("{}\n", envelope::code(&mut j, *retro)?))?,
        Command::Reveal { retro, code } => {
            let r = envelope::reveal(&mut j, *retro, code)?;
            eprintln!(
                "Revealed \"{}\": both entries can be read now (export {}).",
                one_line(&r.title),
                r.id
            );
        }
        Command::List => {
            let mut out = String::new();
            for r in j.retros()? {
                let partner = r
                    .participants
                    .iter()
                    .find(|p| !p.person.is_me)
                    .map_or(String::new(), |p| p.person.name.clone());
                out.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\n",
                    r.id,
                    r.held_on,
                    kind(r.kind),
                    state_of(&r),
                    one_line(&r.title),
                    one_line(&partner)
                ));
            }
            emit(None, &out)?;
        }
        Command::Search {
            words,
            need,
            partner,
            from,
            to,
            limit,
        } => {
            let need_id = match need {
                None => None,
                Some(name) => Some(need_named(&j, name)?),
            };
            let partner_id = match partner {
                None => None,
                Some(name) => Some(partner_named(&j, name)?),
            };
            let page = j.journal_page(&EntryQuery {
                text: words.join(" "),
                need_id,
                partner_id,
                from: from.map(|d| d.to_string()),
                to: to.map(|d| d.to_string()),
                limit: Some(*limit),
                ..EntryQuery::default()
            })?;
            let mut out = String::new();
            for i in &page.items {
                let text = match &i.snippet {
                    Some(s) => s.replace('\u{E000}', "«").replace('\u{E001}', "»"),
                    None => i.unsaid.clone(),
                };
                out.push_str(&format!(
                    "{}\t{}\t{}\t{}\n",
                    i.retro_id,
                    i.held_on,
                    one_line(&i.title),
                    one_line(&text)
                ));
            }
            emit(None, &out)?;
            if let Some(n) = page.ranked_newest {
                eprintln!(
                    "At least {n} of your entries match; these are the best of the newest {n}. \
                     Add words, or --from and --to, to search further back."
                );
            }
            if page.next.is_some() {
                eprintln!("There are more: raise --limit to see them.");
            }
        }
        Command::Show { retro } => emit(None, &show(&j, *retro)?)?,
        Command::Export(args) => export(&j, args)?,
        Command::Import { file } => {
            let bar = progress_bar("Importing");
            let done = json::import_file(&mut j, file, &mut |d, t| bar.advance(d, t))?;
            bar.finish_and_clear();
            eprintln!(
                "Imported {} retros, {} entries and {} deals into {}.",
                done.retros,
                done.entries,
                done.agreements,
                path.display()
            );
        }
        Command::Backup { file } => {
            let bar = progress_bar("Backing up");
            j.backup_with(file, &mut |d, t| bar.advance(d, t))?;
            bar.finish_and_clear();
            eprintln!("Backed up {} to {}.", path.display(), file.display());
        }
        Command::Restore { backup } => {
            let bar = progress_bar("Restoring");
            let kept = j.restore_backup_with(backup, &mut |d, t| bar.advance(d, t))?;
            bar.finish_and_clear();
            eprintln!(
                "Restored {} from {}. The journal as it was is kept in {}.",
                path.display(),
                backup.display(),
                kept.display()
            );
        }
        Command::Trends(args) => trends(&j, args)?,
        Command::Check => {
            let bar = progress_bar("Checking the journal");
            bar.spin();
            let problems = j.problems();
            bar.finish_and_clear();
            let problems = problems?;
            if !problems.is_empty() {
                return Err(Failure::Damaged(format!(
                    "the journal at {} is damaged: {}. Restore it from a backup (the app keeps daily ones in {}).",
                    path.display(),
                    problems.join("; "),
                    retro_core::journal::backups_dir(path).display()
                )));
            }
            println!("ok: {} is intact.", path.display());
        }
    }
    Ok(())
}

fn export(j: &Journal, args: &ExportArgs) -> Result<(), Failure> {
    let range = match (args.from, args.to) {
        (Some(from), Some(to)) => Some((from, to)),
        _ => None,
    };
    let text = match args.format {
        Format::Md => {
            let request = match (args.retro, range) {
                (Some(id), _) => MarkdownRequest::Retro {
                    id,
                    include_private: args.include_private,
                },
                (None, Some((from, to))) => MarkdownRequest::Range {
                    from,
                    to,
                    include_private: args.include_private,
                },
                (None, None) => MarkdownRequest::Range {
                    from: NaiveDate::MIN,
                    to: NaiveDate::MAX,
                    include_private: args.include_private,
                },
            };
            // The document streams to its file as it is rendered.
            stream(
                args.out.as_deref(),
                |path, p| markdown::save_with(j, &request, path, &now(), p),
                |out, to, p| markdown::write(j, &request, &now(), out, to, p),
            )?;
            return Ok(());
        }
        // The whole journal streams to its file as it is read.
        Format::Json if args.retro.is_none() && range.is_none() => {
            let private = args.include_private;
            stream(
                args.out.as_deref(),
                |path, p| json::save_with(j, private, &now(), path, p),
                |out, to, p| json::write(j, private, &now(), out, to, p),
            )?;
            return Ok(());
        }
        Format::Json => {
            let mut file = json::export(j, args.include_private, &now())?;
            if let Some(id) = args.retro {
                j.retro(id)?;
                file.retros.retain(|r| r.id == id);
            } else if let Some((from, to)) = range {
                file.retros.retain(|r| r.held_on >= from && r.held_on <= to);
            }
            json::to_json(&file)
        }
    };
    emit(args.out.as_deref(), &text)
}

fn trends(j: &Journal, args: &TrendsArgs) -> Result<(), Failure> {
    let partner_id = match &args.partner {
        None => None,
        Some(name) => Some(partner_named(j, name)?),
    };
    let t = j.trends_to_share(&TrendsQuery {
        partner_id,
        from: args.from,
        to: args.to,
    })?;
    let text = match args.format {
        Format::Md => export::trends::markdown(&t, &now()),
        Format::Json => export::trends::json(&t, &now()),
    };
    emit(args.out.as_deref(), &text)
}

/// A new partner called `name`, with the role the envelope gives its writer.
fn new_partner_from(text: &str, name: &str) -> Result<PartnerChoice, Failure> {
    let file = envelope::read(text).map_err(JournalError::from)?;
    Ok(PartnerChoice::New {
        name: name.to_owned(),
        role: RoleChoice::New {
            name: file.label.writer.role,
        },
    })
}

/// The need with this name, whatever its case; refused, with the names
/// there are, when there is none.
fn need_named(j: &Journal, name: &str) -> Result<Id, Failure> {
    let needs = j.needs()?;
    let wanted = name.trim().to_lowercase();
    match needs.iter().find(|n| n.name.to_lowercase() == wanted) {
        Some(n) => Ok(n.id),
        None => {
            let names: Vec<&str> = needs.iter().map(|n| n.name.as_str()).collect();
            Err(JournalError::Invalid(format!(
                "There is no need called \"{}\". The needs are: {}.",
                one_line(name),
                names.join(", ")
            ))
            .into())
        }
    }
}

/// The partner with this name, whatever its case; refused, with the names
/// there are, when there is none or more than one.
/// Whether some partner is called `name` (in any case).
fn is_partner(j: &Journal, name: &str) -> Result<bool, Failure> {
    Ok(!partners_named(&j.partners()?, name).is_empty())
}

fn partners_named(partners: &[Person], name: &str) -> Vec<Id> {
    let wanted = name.trim().to_lowercase();
    partners
        .iter()
        .filter(|p| p.name.to_lowercase() == wanted)
        .map(|p| p.id)
        .collect()
}

fn partner_named(j: &Journal, name: &str) -> Result<Id, Failure> {
    let partners = j.partners()?;
    let matching = partners_named(&partners, name);
    match matching[..] {
        [id] => Ok(id),
        _ => {
            let names: Vec<&str> = partners.iter().map(|p| p.name.as_str()).collect();
            let known = if names.is_empty() {
                "This journal has no partners yet: add one with --partner-role ROLE.".to_owned()
            } else {
                format!(
                    "The partners are: {}. Add a new one with --partner-role ROLE.",
                    names.join(", ")
                )
            };
            let why = if matching.is_empty() {
                format!("There is no partner called \"{}\". {known}", one_line(name))
            } else {
                format!(
                    "More than one partner is called \"{}\"; rename one in the app first.",
                    one_line(name)
                )
            };
            Err(JournalError::Invalid(why).into())
        }
    }
}

/// A progress bar for whole-journal work, on stderr and only when stderr is
/// a terminal: scripts and pipes see nothing of it.
struct Bar(indicatif::ProgressBar);

fn progress_bar(what: &'static str) -> Bar {
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {percent:>3}%") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what);
    Bar(bar)
}

impl Bar {
    /// Moves the bar to `done` of `total` (retros, bytes or pages).
    fn advance(&self, done: u64, total: u64) -> retro_core::journal::Result<()> {
        self.0.set_length(total);
        self.0.set_position(done);
        Ok(())
    }

    /// For work that can't say how far it has come.
    fn spin(&self) {
        if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg}…") {
            self.0.set_style(style);
        }
        self.0
            .enable_steady_tick(std::time::Duration::from_millis(120));
    }

    fn finish_and_clear(&self) {
        self.0.finish_and_clear();
    }
}

/// Streams a document as it is written, with a progress bar on a terminal:
/// to the file `out` through `save` (whole or not at all), or to the
/// standard output through `write`.
fn stream(
    out: Option<&Path>,
    save: impl FnOnce(&Path, &mut Progress) -> retro_core::journal::Result<()>,
    write: impl FnOnce(&mut dyn Write, &Path, &mut Progress) -> retro_core::journal::Result<()>,
) -> Result<(), Failure> {
    let bar = progress_bar("Exporting");
    let mut told = |done, total| bar.advance(done, total);
    match out {
        Some(path) => {
            save(path, &mut told)?;
            bar.finish_and_clear();
            eprintln!("Wrote {}.", path.display());
        }
        None => {
            to_stdout(|out, to| write(out, to, &mut told))?;
            bar.finish_and_clear();
        }
    }
    Ok(())
}

/// Streams a document to the standard output through a buffer.
fn to_stdout(
    write: impl FnOnce(&mut dyn Write, &Path) -> retro_core::journal::Result<()>,
) -> Result<(), Failure> {
    let to = Path::new("the standard output");
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    write(&mut out, to)?;
    out.flush().map_err(|e| JournalError::write(to, e))?;
    Ok(())
}

/// Writes to stdout, or to `out` through a temporary file renamed into place.
fn emit(out: Option<&Path>, text: &str) -> Result<(), Failure> {
    match out {
        None => std::io::stdout()
            .write_all(text.as_bytes())
            .map_err(|e| JournalError::write(Path::new("the standard output"), e).into()),
        Some(path) => {
            retro_core::export::write_atomically(path, text.as_bytes())
                .map_err(|e| JournalError::write(path, e))?;
            eprintln!("Wrote {}.", path.display());
            Ok(())
        }
    }
}

fn show(j: &Journal, id: Id) -> Result<String, Failure> {
    let r = j.retro(id)?;
    let mut out = format!(
        "{}\n{} · {} · {}\n\n",
        one_line(&r.title),
        r.held_on,
        kind(r.kind),
        state_of(&r)
    );
    for p in &r.participants {
        let state = match p.entry_state {
            None => "not started",
            Some(EntryState::Draft) => "writing",
            Some(EntryState::Sealed) => "sealed",
            Some(EntryState::Revealed) => "revealed",
        };
        out.push_str(&format!(
            "  {} ({}): {state}\n",
            one_line(&p.person.name),
            one_line(&p.person.role.name)
        ));
    }
    let deals = j.agreements(id)?;
    if !deals.is_empty() {
        out.push_str("\nDeals:\n");
        for a in deals {
            out.push_str(&format!(
                "  [{:?}] {} (owner {}, review on {})\n",
                a.status,
                one_line(&a.title),
                one_line(&a.owner.name),
                a.review_on
            ));
        }
    }
    Ok(out)
}

fn kind(k: RetroKind) -> &'static str {
    k.as_str()
}

fn state_of(r: &retro_core::journal::Retro) -> &'static str {
    match r.state {
        RetroState::Open => "open",
        RetroState::Sealed => "sealed",
        RetroState::Revealed => "revealed",
    }
}

/// Keeps one record to one line, whatever was typed.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
