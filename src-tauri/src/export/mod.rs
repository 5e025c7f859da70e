//! Turning a journal into documents: Markdown for the team's retro doc, and
//! JSON for a full export that can be imported again.
//!
//! Exports read through the journal API, so they contain exactly what the
//! person at the keyboard may read: revealed content, and private notes only
//! when their writer opts in.

pub mod json;
pub mod markdown;

pub use markdown::{markdown, MarkdownRequest};

#[cfg(test)]
mod tests;
