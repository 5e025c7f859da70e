//! A 1:1 on two laptops through the real binary, with two journal files and
//! the envelopes passed through a folder: every command of the flow, the
//! first-time question of who the partner is, and refusals that change
//! nothing.

use std::path::Path;
use std::process::Output;

use retro_companion_tests::run_on as run;

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: Output) -> Output {
    assert!(o.status.success(), "{}", err(&o));
    o
}

/// Everything the journal holds, as JSON, without the moment of export.
fn dump(journal: &Path) -> String {
    out(&ok(run(journal, &["export", "--all", "--format", "json"])))
        .lines()
        .filter(|l| !l.contains("\"exportedAt\""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn two_journals_reveal_through_envelopes_and_codes() {
    let dir = tempfile::tempdir().expect("dir");
    let (maya, dev) = (
        dir.path().join("maya.sqlite3"),
        dir.path().join("dev.sqlite3"),
    );
    let file = |name: &str| dir.path().join(name);
    let arg = |p: &Path| p.display().to_string();
    ok(run(
        &dev,
        &["init", "--name", "Dev", "--role", "engineering"],
    ));
    // Maya's journal knows Dev as a partner; the retro is on two laptops.
    let retro = retro_companion_tests::maya_with_a_remote_retro(&maya);
    std::fs::write(
        file("maya.json"),
        r#"{"ratings":[{"needId":1,"rating":2,"note":"Dates slip"}],"topNeedId":1,
            "unsaid":"I need dates that hold","position":"","concern":"","proxies":[],
            "cycleStage":null,"guesses":[],"offer":"","ask":"","privateNotes":"mine only"}"#,
    )
    .expect("content");
    let early = run(
        &maya,
        &["envelope", "send", &retro, "--out", &arg(&file("m.txt"))],
    );
    assert_eq!(early.status.code(), Some(1), "not sealed yet");
    ok(run(
        &maya,
        &[
            "write",
            &retro,
            "--content",
            &arg(&file("maya.json")),
            "--seal",
        ],
    ));
    ok(run(
        &maya,
        &["envelope", "send", &retro, "--out", &arg(&file("m.txt"))],
    ));
    let envelope = std::fs::read_to_string(file("m.txt")).expect("envelope");
    assert!(!envelope.contains("dates that hold") && !envelope.contains("mine only"));

    // Dev: who is Maya? Then the retro is there, her entry sealed.
    let first = run(&dev, &["envelope", "open", &arg(&file("m.txt"))]);
    assert_eq!(first.status.code(), Some(1));
    assert!(
        err(&first).contains("Say who Maya is in your journal with --partner NAME"),
        "{}",
        err(&first)
    );
    let opened = ok(run(
        &dev,
        &[
            "envelope",
            "open",
            &arg(&file("m.txt")),
            "--partner",
            "Maya",
        ],
    ));
    assert!(
        err(&opened).contains("Took in Maya's sealed entry"),
        "{}",
        err(&opened)
    );
    let list = out(&ok(run(&dev, &["list"])));
    assert!(list.contains("Week 12") && list.contains("Maya"), "{list}");
    let dev_retro = list.split('\t').next().expect("id").to_owned();
    assert_eq!(
        run(&dev, &["code", &dev_retro]).status.code(),
        Some(1),
        "not sent yet"
    );
    std::fs::write(
        file("dev.json"),
        r#"{"ratings":[{"needId":5,"rating":1,"note":"No room"}],"topNeedId":5,
            "unsaid":"I need a pace that lasts","position":"","concern":"","proxies":[],
            "cycleStage":null,"guesses":[],"offer":"","ask":"","privateNotes":""}"#,
    )
    .expect("content");
    ok(run(
        &dev,
        &[
            "write",
            &dev_retro,
            "--content",
            &arg(&file("dev.json")),
            "--seal",
        ],
    ));
    ok(run(
        &dev,
        &[
            "envelope",
            "send",
            &dev_retro,
            "--out",
            &arg(&file("d.txt")),
        ],
    ));
    let dev_code = out(&ok(run(&dev, &["code", &dev_retro]))).trim().to_owned();
    assert_eq!(dev_code.len(), 69, "{dev_code}");

    // Maya opens Dev's reply without being asked who he is.
    ok(run(&maya, &["envelope", "open", &arg(&file("d.txt"))]));
    let maya_code = out(&ok(run(&maya, &["code", &retro]))).trim().to_owned();

    // A code with a typo changes nothing; the right one reveals both.
    let before = dump(&maya);
    let mut typo = dev_code.clone().into_bytes();
    typo[5] = if typo[5] == b'Z' { b'Y' } else { b'Z' };
    let bad = run(
        &maya,
        &[
            "reveal",
            &retro,
            "--code",
            &String::from_utf8(typo).expect("ascii"),
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(err(&bad).contains("typo"), "{}", err(&bad));
    assert_eq!(dump(&maya), before);
    ok(run(
        &maya,
        &["reveal", &retro, "--code", &dev_code.to_lowercase()],
    ));
    let revealed = ok(run(&dev, &["reveal", &dev_retro, "--code", &maya_code]));
    assert!(
        err(&revealed).contains(&format!("(export {dev_retro})")),
        "{}",
        err(&revealed)
    );
    // Revealed again with the same code, the retro is named as revealed,
    // with nothing asked of a window the command line does not have.
    let before = dump(&dev);
    let twice = run(&dev, &["reveal", &dev_retro, "--code", &maya_code]);
    assert_eq!(twice.status.code(), Some(1));
    assert!(
        err(&twice).contains("was revealed already") && !err(&twice).contains("note"),
        "{}",
        err(&twice)
    );
    assert_eq!(dump(&dev), before);
    // Opened again afterwards, the envelope says the retro is revealed.
    let again = ok(run(&dev, &["envelope", "open", &arg(&file("m.txt"))]));
    assert!(
        err(&again).contains("It is revealed already"),
        "{}",
        err(&again)
    );
    let mut exports = Vec::new();
    for (journal, id) in [(&maya, &retro), (&dev, &dev_retro)] {
        let shown = out(&ok(run(journal, &["export", id])));
        assert!(shown.contains("I need dates that hold"), "{shown}");
        assert!(shown.contains("I need a pace that lasts"), "{shown}");
        assert!(!shown.contains("mine only"), "{shown}");
        let without_stamp: Vec<String> = shown
            .lines()
            .filter(|l| !l.starts_with("exported_at:"))
            .map(String::from)
            .collect();
        exports.push(without_stamp);
    }
    assert_eq!(exports[0], exports[1], "one record on both laptops");

    // A deal written down on Maya's laptop reaches Dev's as an update.
    {
        let mut j = retro_core::journal::Journal::open(&maya).expect("open");
        let id: i64 = retro.parse().expect("id");
        let people = j.retro(id).expect("retro").participants;
        j.add_agreement(
            id,
            &retro_core::journal::AgreementInput {
                title: "Ship Friday, polish next week".into(),
                commitments: vec![retro_core::journal::Commitment {
                    person_id: people[1].person.id,
                    body: "Two days for the build".into(),
                }],
                need_ids: vec![1],
                owner_id: people[0].person.id,
                review_on: "2026-12-07".into(),
            },
        )
        .expect("a deal");
    }
    ok(run(
        &maya,
        &["update", "send", &retro, "--out", &arg(&file("u.txt"))],
    ));
    let took = ok(run(&dev, &["update", "open", &arg(&file("u.txt"))]));
    assert!(
        err(&took).contains("New from your partner: 1 deal, 1 change of status and 0 later notes"),
        "{}",
        err(&took)
    );
    let again = ok(run(&dev, &["update", "open", &arg(&file("u.txt"))]));
    assert!(
        err(&again).contains("0 deals, 0 changes of status and 0 later notes"),
        "{}",
        err(&again)
    );
    let stamp_free = |journal: &Path, id: &str| -> Vec<String> {
        out(&ok(run(journal, &["export", id])))
            .lines()
            .filter(|l| !l.starts_with("exported_at:"))
            .map(String::from)
            .collect()
    };
    let dev_md = stamp_free(&dev, &dev_retro);
    assert!(
        dev_md.iter().any(|l| l.contains("Ship Friday")),
        "{dev_md:?}"
    );
    assert_eq!(stamp_free(&maya, &retro), dev_md, "still one record");
}
