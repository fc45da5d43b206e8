//! A PO round trip through translate-toolkit (`xliff2po`, then `po2xliff -t
//! EXPORT`, then `xliff import`) changes nothing and warns of nothing; an
//! entry edited in the PO is named in one warning, not imported. Skipped,
//! with a message, when translate-toolkit is not installed
//! (`pip install translate-toolkit`).

use std::path::Path;
use std::process::Command;

use crate::common::{cli, project_copy, snapshot};

/// Runs a translate-toolkit converter; `false` when it is not installed.
fn toolkit(args: &[&str]) -> bool {
    match Command::new(args[0]).args(&args[1..]).output() {
        Ok(o) => {
            assert!(
                o.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            true
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!(
                "{} not found (pip install translate-toolkit): PO round trip skipped",
                args[0]
            );
            false
        }
        Err(e) => panic!("cannot run {}: {e}", args[0]),
    }
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn a_po_round_trip_changes_nothing_and_warns_of_nothing() {
    let dir = project_copy();
    let root = dir.path();
    let (xlf, po, back) = (
        root.join("en.xlf"),
        root.join("en.po"),
        root.join("back.xlf"),
    );
    let out = cli(&[
        "-C",
        s(root),
        "xliff",
        "export",
        "--lang",
        "en",
        "-o",
        s(&xlf),
    ]);
    assert!(out.status.success());
    if !toolkit(&["xliff2po", s(&xlf), s(&po)]) {
        return;
    }
    let po_text = std::fs::read_to_string(&po).expect("po");
    assert!(
        po_text.contains("#: front-disclaimer/title\n"),
        "the PO names the units"
    );
    assert!(toolkit(&["po2xliff", "-t", s(&xlf), s(&po), s(&back)]));
    let before = snapshot(&root.join("source"));
    let out = cli(&["-C", s(root), "xliff", "import", s(&back)]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("warning"), "{err}");
    assert!(err.contains("no translation file changed"), "{err}");
    assert_eq!(before, snapshot(&root.join("source")));

    // an entry edited in the PO: named in one warning, nothing written
    let edited = po_text.replacen("msgstr \"Disclaimer\"", "msgstr \"Legal notice\"", 1);
    assert_ne!(edited, po_text);
    std::fs::write(&po, edited).expect("write");
    assert!(toolkit(&["po2xliff", "-t", s(&xlf), s(&po), s(&back)]));
    let out = cli(&["-C", s(root), "xliff", "import", s(&back)]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let warnings = err.lines().filter(|l| l.starts_with("warning")).count();
    assert_eq!(warnings, 1, "{err}");
    assert!(
        err.contains("1 unit(s) edited in a PO file, not imported: `front-disclaimer/title`"),
        "{err}"
    );
    assert_eq!(before, snapshot(&root.join("source")));
}

#[test]
fn a_unit_renumbered_without_resname_is_found_by_its_location() {
    let dir = project_copy();
    let root = dir.path();
    let xlf = root.join("en.xlf");
    let out = cli(&[
        "-C",
        s(root),
        "xliff",
        "export",
        "--lang",
        "en",
        "-o",
        s(&xlf),
    ]);
    assert!(out.status.success());
    let x = std::fs::read_to_string(&xlf).expect("xlf");
    let renamed = x
        .replacen(
            "<trans-unit id=\"front-disclaimer/title\" resname=\"front-disclaimer.title\"",
            "<trans-unit id=\"17\"",
            1,
        )
        .replacen(">Disclaimer</target>", ">Legal notice</target>", 1);
    assert_ne!(renamed, x);
    std::fs::write(&xlf, renamed).expect("write");
    let out = cli(&["-C", s(root), "xliff", "import", s(&xlf)]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("warning"), "{err}");
    assert!(err.contains("1 unit(s) updated"), "{err}");
    let t = std::fs::read_to_string(root.join("source/en/00-voorwerk.toml")).expect("read");
    assert!(t.contains("title = \"Legal notice\""), "{t}");
}
