//! Turning a journal into documents: Markdown for the team's retro doc, JSON
//! for a full export that can be imported again, and sealed envelopes for a
//! partner on another laptop.
//!
//! Exports read through the journal API, so they contain exactly what the
//! person at the keyboard may read: revealed content, and private notes only
//! when their writer opts in.

pub mod envelope;
pub mod json;
pub mod markdown;
pub mod trends;

pub use crate::store::{write_atomically, write_atomically_with};
pub use markdown::{markdown, save, suggested_name, MarkdownRequest};

use crate::journal::JournalError;

/// How much of a document the window previews, in bytes: a longer one
/// would only slow the window down, and Save as… writes it whole.
pub const PREVIEW_LIMIT: usize = 256 * 1024;

/// What a preview shows of `text`: all of it when it fits in `limit` bytes,
/// else up to the end of the last line that fits. `true` when that is all.
pub fn beginning(text: &str, limit: usize) -> (&str, bool) {
    if text.len() <= limit {
        return (text, true);
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let end = text[..end].rfind('\n').map_or(end, |at| at + 1);
    (&text[..end], false)
}

/// Why writing a document stopped: the journal, or the file.
enum Failed {
    Journal(JournalError),
    Io(std::io::Error),
}

impl Failed {
    /// The journal's own error, or the file's, naming `to`.
    fn naming(self, to: &std::path::Path) -> JournalError {
        match self {
            Failed::Journal(e) => e,
            Failed::Io(e) => JournalError::write(to, e),
        }
    }
}

impl From<JournalError> for Failed {
    fn from(e: JournalError) -> Self {
        Failed::Journal(e)
    }
}

impl From<std::io::Error> for Failed {
    fn from(e: std::io::Error) -> Self {
        Failed::Io(e)
    }
}

/// A file name for a document: `YYYY-MM-DD-<slug>.md`.
pub fn file_name(day: chrono::NaiveDate, title: &str, extension: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(60).collect();
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        format!("{day}-retro.{extension}")
    } else {
        format!("{day}-{slug}.{extension}")
    }
}

#[cfg(test)]
mod round_trip;
#[cfg(test)]
mod tests;
