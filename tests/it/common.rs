//! Helpers shared by the integration tests.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// The project root (the folder holding `source/` and `fonts/`).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A copy of the project (`source/` and `fonts/`) in a temporary folder, to edit.
pub fn project_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&root().join("source"), &dir.path().join("source"));
    copy_dir(&root().join("fonts"), &dir.path().join("fonts"));
    dir
}

/// Turns `lang` of the project copy at `dir` back into an incomplete draft:
/// removes its translation files of sections 3 to 7 (`source/LANG/03-*.toml`
/// to `07-*.toml`), so that only the front matter and sections 1 and 2 stay
/// translated.
pub fn untranslate_sections_3_to_7(dir: &Path, lang: &str) {
    let folder = dir.join("source").join(lang);
    let mut removed = 0;
    for entry in std::fs::read_dir(&folder).expect("read translation folder") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if ["03-", "04-", "05-", "06-", "07-"]
            .iter()
            .any(|p| name.starts_with(p))
            && name.ends_with(".toml")
        {
            std::fs::remove_file(&path).expect("remove translation file");
            removed += 1;
        }
    }
    assert_eq!(
        removed, 5,
        "{lang}: expected five translation files of sections 3 to 7"
    );
}

/// Runs `pdftotext -enc UTF-8 ARGS - -` on `pdf`; `None` when pdftotext is not
/// installed (the text checks are then skipped, with a message).
pub fn pdftotext(pdf: &[u8], args: &[&str]) -> Option<String> {
    let child = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .args(args)
        .args(["-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("pdftotext not found: text checks skipped");
            return None;
        }
        Err(e) => panic!("cannot run pdftotext: {e}"),
    };
    let mut stdin = child.stdin.take().expect("stdin");
    let input = pdf.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("pdftotext runs");
    writer.join().expect("writer thread").expect("pdf sent");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).expect("pdftotext writes UTF-8"))
}

/// Runs the `brochure` binary in project `root` (`-C root`): exit code,
/// stdout, stderr.
pub fn run_in(root: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["-C", root.to_str().expect("utf-8 path")];
    all.extend_from_slice(args);
    let out = cli(&all);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every file under `dir` (names and bytes), sorted, to compare before and after.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.display().to_string(), std::fs::read(&p).expect("read")));
            }
        }
    }
    out.sort();
    out
}

/// Runs the `brochure` binary; fails the test if it panicked.
pub fn cli(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_brochure"))
        .args(args)
        .output()
        .expect("run brochure");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked"),
        "brochure {args:?} panicked:\n{stderr}"
    );
    out
}

/// An object with references followed.
pub fn deref<'a>(pdf: &'a lopdf::Document, o: &'a lopdf::Object) -> &'a lopdf::Object {
    pdf.dereference(o).expect("reference resolves").1
}

/// A dictionary (or a stream's dictionary), references followed.
pub fn dict<'a>(pdf: &'a lopdf::Document, o: &'a lopdf::Object) -> &'a lopdf::Dictionary {
    match deref(pdf, o) {
        lopdf::Object::Dictionary(d) => d,
        lopdf::Object::Stream(s) => &s.dict,
        other => panic!("expected a dictionary, found {other:?}"),
    }
}

/// The entry `key` of a dictionary, references followed.
pub fn get<'a>(
    pdf: &'a lopdf::Document,
    d: &'a lopdf::Dictionary,
    key: &str,
) -> Option<&'a lopdf::Object> {
    d.get(key.as_bytes()).ok().map(|o| deref(pdf, o))
}

/// The citation numbers in extracted `text` (groups such as `[1–3, 5]`, which
/// may run over a line end), in the order of their first appearance.
pub fn cited_numbers(text: &str) -> Vec<u32> {
    let mut seen = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find(']') else { break };
        let group = &rest[..close];
        if !group
            .chars()
            .all(|c| c.is_ascii_digit() || ", –-\n".contains(c))
        {
            continue;
        }
        for item in group.split(',') {
            let ends: Vec<u32> = item
                .split(['–', '-'])
                .filter_map(|n| n.trim().parse().ok())
                .collect();
            if let (Some(&a), Some(&b)) = (ends.first(), ends.last()) {
                for n in a..=b {
                    if !seen.contains(&n) {
                        seen.push(n);
                    }
                }
            }
        }
    }
    seen
}

/// `brochure.toml` of the small broken projects the diagnostics tests build.
pub const SMALL_BROCHURE: &str = r#"id = "t"
title = "T"
publisher = "P"
edition_date = 2024-12-01
"#;

/// A reference list of one entry, not yet known.
pub const SMALL_REFERENCES: &str = "[[reference]]\nnumber = 1\nstatus = \"missing\"\n";

/// A small project in a temporary folder: [`SMALL_BROCHURE`],
/// [`SMALL_REFERENCES`] and the given files under `source/` (a file named
/// `brochure.toml` replaces the default).
pub fn small_project(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = dir.path().join("source");
    std::fs::create_dir_all(src.join("nl")).unwrap();
    std::fs::write(src.join("brochure.toml"), SMALL_BROCHURE).unwrap();
    std::fs::write(src.join("references.toml"), SMALL_REFERENCES).unwrap();
    for (name, text) in files {
        let p = src.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}
