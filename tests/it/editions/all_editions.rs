//! What holds for every edition: unknown names reported, default file
//! names, qpdf's check.

use std::process::Command;

use super::{booklet, build, handout_4, large_print, print};

#[test]
fn unknown_editions_are_reported() {
    let err = build(Some("prnt"), &[]).expect_err("no such edition");
    assert!(err.contains("unknown edition `prnt`"), "{err}");
    assert!(err.contains("screen, print, booklet, large-print"), "{err}");
    assert!(err.contains("did you mean `print`?"), "{err}");
}

#[test]
fn default_file_names_carry_the_edition() {
    assert_eq!(
        brochure::output_name("gids", "nl", "screen", None),
        "gids-nl.pdf"
    );
    assert_eq!(
        brochure::output_name("gids", "nl", "print", None),
        "gids-nl-print.pdf"
    );
}

#[test]
fn editions_pass_qpdf_check() {
    for built in [print(), booklet(), large_print(), handout_4()] {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("e.pdf");
        std::fs::write(&path, &built.bytes).expect("written");
        match Command::new("qpdf").arg("--check").arg(&path).output() {
            Ok(out) => assert!(
                out.status.success(),
                "qpdf --check fails:\n{}",
                String::from_utf8_lossy(&out.stdout)
            ),
            Err(_) => {
                eprintln!("qpdf not found: check skipped");
                return;
            }
        }
    }
}
