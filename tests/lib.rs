//! Shared helpers for the journey and e2e tests.

use std::path::PathBuf;

/// A fresh journal path inside its own temporary folder; the folder is
/// removed when the returned guard drops.
pub fn temp_journal() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("journal.sqlite3");
    (dir, path)
}

/// The workspace's `target/` folder (honours `CARGO_TARGET_DIR`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"))
}
