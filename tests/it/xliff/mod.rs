//! `brochure xliff export` / `import` on copies of the real project: round
//! trips, refusals, new translations, inline codes, XML escaping and
//! malformed files.

mod import;
mod markup;
mod round_trip;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use brochure::{source, xliff};

use crate::common::{self, root};

/// A copy of the project (source/ and fonts/) in a temporary folder.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Project {
        Project {
            dir: common::project_copy(),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn file(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.file(rel)).expect("read")
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.file(rel), text).expect("write");
    }

    /// Every file under source/, by path.
    fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
            for e in std::fs::read_dir(dir).expect("read dir") {
                let p = e.expect("entry").path();
                if p.is_dir() {
                    walk(&p, out);
                } else {
                    out.insert(p.clone(), std::fs::read(&p).expect("read"));
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(&self.file("source"), &mut out);
        out
    }

    fn export(&self, lang: &str) -> (PathBuf, String) {
        let out = self.file(&format!("{lang}.xlf"));
        match xliff::export(self.path(), lang, &out) {
            Ok(_) => {}
            Err(e) => panic!("export failed: {}", render(&e.sources, &e.diagnostics)),
        }
        let text = std::fs::read_to_string(&out).expect("read xlf");
        (out, text)
    }

    fn import(&self, xlf: &Path) -> xliff::Imported {
        match xliff::import(self.path(), xlf, false) {
            Ok(i) => i,
            Err(e) => panic!("import failed: {}", render(&e.sources, &e.diagnostics)),
        }
    }

    /// Replaces `from` with `to` in the file `rel`.
    fn edit(&self, rel: &str, from: &str, to: &str) {
        self.write(rel, &self.read(rel).replace(from, to));
    }

    /// Edits the Dutch source of `s1-behandeling-levenskwaliteit`, so that
    /// its translations become stale.
    fn change_dutch_source(&self) {
        let nl = "source/nl/01-inleiding.toml";
        self.edit(
            nl,
            "Behandeling van MS is gericht op",
            "Behandeling van MS richt zich op",
        );
    }

    fn status(&self, lang: &str) -> source::Status {
        let opts = source::Options {
            lang: Some(lang.into()),
            draft: true,
        };
        match source::load_with(self.path(), &opts) {
            Ok(l) => l.status.expect("a translation"),
            Err(e) => panic!("load failed: {}", render(&e.sources, &e.diagnostics)),
        }
    }
}

fn render(sources: &brochure::diag::Sources, diags: &[brochure::diag::Diagnostic]) -> String {
    diags.iter().map(|d| sources.render(d)).collect()
}

/// The `<trans-unit>` element of `id` in an XLIFF text: its byte range.
fn unit_range(xlf: &str, id: &str) -> std::ops::Range<usize> {
    let start = xlf
        .find(&format!("<trans-unit id=\"{id}\""))
        .unwrap_or_else(|| panic!("no unit {id}"));
    let end = start + xlf[start..].find("</trans-unit>").expect("end") + "</trans-unit>".len();
    start..end
}

/// Replaces the `<target …>…</target>` of unit `id` by `target`.
fn set_target(xlf: &str, id: &str, target: &str) -> String {
    let r = unit_range(xlf, id);
    let unit = &xlf[r.clone()];
    let a = unit.find("<target").expect("a target");
    let b = unit.find("</target>").expect("a target end") + "</target>".len();
    format!(
        "{}{}{}{}{}",
        &xlf[..r.start],
        &unit[..a],
        target,
        &unit[b..],
        &xlf[r.end..]
    )
}

/// The inside of the `<target>` of unit `id`.
fn target_of(xlf: &str, id: &str) -> String {
    let unit = &xlf[unit_range(xlf, id)];
    let a = unit.find("<target").expect("a target");
    let a = a + unit[a..].find('>').expect(">") + 1;
    let b = unit.find("</target>").expect("a target end");
    unit[a..b].to_string()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The unit `id` of a status.
fn unit<'a>(st: &'a source::Status, id: &str) -> &'a source::Unit {
    st.units.iter().find(|u| u.id == id).expect("unit")
}

impl Project {
    fn status_of(lang: &str) -> source::Status {
        let opts = source::Options {
            lang: Some(lang.into()),
            draft: true,
        };
        source::load_with(root(), &opts)
            .expect("the project loads")
            .status
            .expect("a translation")
    }
}
