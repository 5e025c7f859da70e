//! Envelopes on their own: sealed and opened, every byte of one changed,
//! codes with typos and codes for other envelopes, other files, newer
//! formats, and arbitrary bytes.

use proptest::prelude::*;

use super::*;

fn label(retro: &str) -> Label {
    Label {
        retro: RetroLabel {
            id: retro.into(),
            title: "Week 12 · ship or polish".into(),
            held_on: NaiveDate::from_ymd_opt(2026, 11, 23).expect("day"),
        },
        writer: PersonLabel {
            id: "a6a1a7d2-0c1e-4f5e-9a3b-5d2f0e1c7b11".into(),
            name: "Maya".into(),
            role: "product".into(),
        },
        partner: PersonLabel {
            id: "5f0b9c44-7e2a-4d8b-8c1f-2a9e6d3b4c22".into(),
            name: "Dev".into(),
            role: "engineering".into(),
        },
    }
}

const RETRO: &str = "0b7e3f8a-2d4c-4e6f-9a1b-3c5d7e9f1a33";
const ENTRY: &[u8] = "{\"unsaid\":\"I need dates that hold — and 🙂\"}".as_bytes();

/// What a person's app does with a file and a code: read it, then open it.
fn open_file(bytes: &[u8], key: &RevealKey) -> Result<Vec<u8>> {
    let text = std::str::from_utf8(bytes).map_err(|_| EnvelopeError::NotAnEnvelope)?;
    read(text)?.open(key)
}

#[test]
fn a_sealed_entry_opens_with_its_code_and_shows_the_same_fingerprint() {
    let sealed = seal(&label(RETRO), ENTRY).expect("seal");
    assert!(sealed.text.starts_with(FIRST_LINE));
    let envelope = read(&sealed.text).expect("read");
    assert_eq!(envelope.label, label(RETRO), "whose entry, before any code");
    assert_eq!(envelope.fingerprint(), sealed.fingerprint);
    assert_eq!(sealed.fingerprint.len(), 16 + 3, "four groups of four");
    let code = sealed.key.code();
    assert_eq!(code.len(), 56 + 13, "fourteen groups of four");
    let key = RevealKey::from_code(&code).expect("code");
    assert_eq!(envelope.open(&key).expect("open"), ENTRY);
    // Read aloud and typed back: any case, no dashes, I/L for 1, O for 0.
    let typed = code
        .replace('-', " ")
        .to_lowercase()
        .replace('1', "l")
        .replace('0', "o");
    assert_eq!(RevealKey::from_code(&typed).expect("typed"), key);
    // Through a chat that turned the line ends into CRLF.
    let crlf = sealed.text.replace('\n', "\r\n");
    assert_eq!(open_file(crlf.as_bytes(), &key).expect("crlf"), ENTRY);
}

#[test]
fn every_key_is_fresh() {
    let a = seal(&label(RETRO), ENTRY).expect("seal");
    let b = seal(&label(RETRO), ENTRY).expect("seal");
    assert_ne!(a.key, b.key);
    assert_ne!(a.text, b.text);
    assert_ne!(a.fingerprint, b.fingerprint);
}

#[test]
fn changing_any_single_byte_is_refused() {
    let sealed = seal(&label(RETRO), ENTRY).expect("seal");
    let bytes = sealed.text.as_bytes();
    for at in 0..bytes.len() {
        for new in [bytes[at] ^ 0x01, bytes[at] ^ 0x20, b'A', b'\n'] {
            if new == bytes[at] {
                continue;
            }
            let mut changed = bytes.to_vec();
            changed[at] = new;
            assert!(
                open_file(&changed, &sealed.key).is_err(),
                "byte {at} changed from {:?} to {:?} went unnoticed",
                bytes[at] as char,
                new as char
            );
        }
    }
}

#[test]
fn a_truncated_file_is_refused() {
    let sealed = seal(&label(RETRO), ENTRY).expect("seal");
    let whole = sealed.text.trim_end_matches('\n');
    for cut in 0..whole.len() {
        if let Some(part) = whole.get(..cut) {
            assert!(read(part).is_err(), "cut at {cut} went unnoticed");
        }
    }
}

#[test]
fn a_sealed_entry_whose_lines_were_joined_is_called_damaged() {
    let sealed = seal(&label(RETRO), ENTRY).expect("seal");
    for joined in [
        sealed.text.replace('\n', ""),
        sealed.text.replace('\n', " "),
    ] {
        assert_eq!(
            read(&joined).err(),
            Some(EnvelopeError::Damaged(
                "its line breaks were lost on the way".into()
            ))
        );
    }
}

#[test]
fn a_header_changed_and_its_digest_redone_breaks_the_seal() {
    let sealed = seal(&label(RETRO), ENTRY).expect("seal");
    let redo = |text: &str| {
        let body = text.lines().take(3).collect::<Vec<_>>().join("\n");
        format!("{body}\n{DIGEST_PREFIX}{}\n", hex(&digest_of(&body)))
    };
    // Someone on the way renames the retro, and fixes the digest.
    let renamed = redo(&sealed.text.replace("ship or polish", "ship it now"));
    let envelope = read(&renamed).expect("the digest alone can be redone");
    assert_eq!(envelope.open(&sealed.key), Err(EnvelopeError::Tampered));
    // Or swaps in the sealed part of another envelope for the same retro.
    let other = seal(&label(RETRO), b"{\"unsaid\":\"something else\"}").expect("seal");
    let third = other.text.lines().nth(2).expect("sealed line");
    let mut lines: Vec<&str> = sealed.text.lines().collect();
    lines[2] = third;
    let swapped = redo(&lines.join("\n"));
    assert_eq!(
        read(&swapped).expect("read").open(&sealed.key),
        Err(EnvelopeError::Tampered)
    );
    assert_eq!(
        read(&swapped).expect("read").open(&other.key),
        Err(EnvelopeError::WrongCode),
        "the other key is not the one this header committed to"
    );
}

#[test]
fn a_code_with_a_typo_or_for_another_envelope_is_refused() {
    let sealed = seal(&label(RETRO), ENTRY).expect("seal");
    let envelope = read(&sealed.text).expect("read");
    let code = sealed.key.code();
    // One character swapped for another, anywhere.
    for at in (0..code.len()).filter(|i| code.as_bytes()[*i] != b'-') {
        let mut typo = code.clone().into_bytes();
        typo[at] = if typo[at] == b'7' { b'8' } else { b'7' };
        let typo = String::from_utf8(typo).expect("ascii");
        assert!(
            matches!(RevealKey::from_code(&typo), Err(EnvelopeError::CodeTypo(_))),
            "a typo at {at} went unnoticed"
        );
    }
    for short in [&code[..code.len() - 1], "", "hello"] {
        assert!(matches!(
            RevealKey::from_code(short),
            Err(EnvelopeError::CodeTypo(_))
        ));
    }
    assert!(matches!(
        RevealKey::from_code(&code.replace(&code[..1], "U")),
        Err(EnvelopeError::CodeTypo(_))
    ));
    // A code for another retro, or the partner's envelope for this one.
    let other_retro = seal(&label("c2f1e0d9-8b7a-4c6d-9e5f-4a3b2c1d0e44"), ENTRY).expect("seal");
    assert_eq!(
        envelope.open(&other_retro.key),
        Err(EnvelopeError::WrongCode)
    );
    let mut theirs = label(RETRO);
    std::mem::swap(&mut theirs.writer, &mut theirs.partner);
    let reply = seal(&theirs, ENTRY).expect("seal");
    assert_eq!(envelope.open(&reply.key), Err(EnvelopeError::WrongCode));
}

#[test]
fn other_files_and_newer_formats_are_refused_with_their_reason() {
    for other in [
        "",
        "hello",
        "{\"format\":\"retro-companion\",\"version\":1}",
        "# A retro\n\nSome Markdown.",
    ] {
        assert_eq!(
            read(other).err(),
            Some(EnvelopeError::NotAnEnvelope),
            "{other:?}"
        );
    }
    let sealed = seal(&label(RETRO), ENTRY).expect("seal");
    let newer = sealed.text.replacen("\"version\":1", "\"version\":2", 1);
    assert_eq!(
        read(&newer).err(),
        Some(EnvelopeError::NewerFormat { found: 2 })
    );
    let huge = format!("{FIRST_LINE}\n{}", "A".repeat(LARGEST_FILE));
    assert_eq!(read(&huge).err(), Some(EnvelopeError::NotAnEnvelope));
}

#[test]
fn the_length_tells_only_a_coarse_size() {
    let size = |n: usize| {
        seal(&label(RETRO), &vec![b'x'; n])
            .expect("seal")
            .text
            .len()
    };
    assert_eq!(size(10), size(3_000), "both in the smallest bucket");
    assert!(size(5_000) > size(3_000));
    assert_eq!(size(5_000), size(8_000), "the next bucket");
    assert_eq!(
        seal(&label(RETRO), &vec![0; LARGEST_PLAINTEXT + 1]).err(),
        Some(EnvelopeError::TooLarge(LARGEST_PLAINTEXT + 1))
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let _ = read(text);
        }
        let _ = RevealKey::from_code(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn a_mutated_envelope_never_panics_and_never_opens_changed(
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        cut in any::<prop::sample::Index>(),
        insert in any::<bool>(),
    ) {
        let sealed = seal(&label(RETRO), ENTRY).expect("seal");
        let bytes = crate::mutate::mutated(sealed.text.clone().into_bytes(), at, byte, cut, insert);
        if let Ok(opened) = open_file(&bytes, &sealed.key) {
            // Only a change the format forgives (a trailing line end) opens,
            // and then to exactly what was sealed.
            prop_assert_eq!(opened, ENTRY);
        }
    }
}
