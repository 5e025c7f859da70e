//! Build script: the ACL for the app's own commands, and the Tauri context.

/// Every command the webview may call. Anything not listed is refused by the
/// runtime even if a handler exists, and each one must be granted in
/// `capabilities/main.json`.
const COMMANDS: &[&str] = &[
    "journal_status",
    "reopen_journal",
    "restore_latest_backup",
    "set_me",
    "list_roles",
    "list_partners",
    "get_retro",
    "create_retro",
    "rename_retro",
    "delete_retro",
    "list_needs",
    "add_need",
    "update_need",
    "set_need_archived",
    "delete_need",
    "add_role",
    "rename_role",
    "list_entries",
    "save_entry",
    "seal_entry",
    "unseal_entry",
    "search_entries",
    "pass_turn",
    "take_turn",
    "set_pin",
    "reveal_retro",
    "get_comparison",
    "add_addendum",
    "list_agreements",
    "review_agenda",
    "due_agreements",
    "add_agreement",
    "set_agreement_status",
    "renegotiate_agreement",
    "list_tension_pairs",
    "add_tension_pair",
    "delete_tension_pair",
    "export_markdown",
    "save_markdown",
    "backup_now",
    "restore_backup",
    "list_retro_page",
    "get_trends",
    "trend_note",
    "set_pattern_aside",
    "since_last_time",
    "export_trends",
    "save_trends",
    "create_remote_retro",
    "remote_status",
    "send_envelope",
    "make_update",
    "save_partner_file",
    "choose_partner_file",
    "open_partner_file",
    "reveal_code",
    "reveal_with_code",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run the Tauri build script");
}
