//! Retro Companion's desktop shell: the window and its IPC commands, over
//! the journal in `retro-core`. The command line lives in `retro-cli`.

pub mod desktop;
