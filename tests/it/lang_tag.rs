//! The PDF's `/Lang` is the language's full BCP 47 tag: the folder's name
//! when it has a region (`en-GB`), or the `tag` its `language.toml` names.

use std::path::Path;

use crate::common::{cli, copy_dir, project_copy};

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Builds `lang` (a draft) and returns the catalog's `/Lang`.
fn lang_of_pdf(root: &Path, lang: &str) -> String {
    let pdf = root.join(format!("{lang}.pdf"));
    let out = cli(&[
        "-C",
        s(root),
        "build",
        "--lang",
        lang,
        "--draft",
        "-o",
        s(&pdf),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = lopdf::Document::load(&pdf).expect("lopdf reads the PDF");
    let lang = doc
        .catalog()
        .expect("catalog")
        .get(b"Lang")
        .expect("/Lang")
        .as_str()
        .expect("a string")
        .to_vec();
    String::from_utf8(lang).expect("utf-8")
}

fn prepend(root: &Path, file: &str, text: &str) {
    let p = root.join(file);
    let t = std::fs::read_to_string(&p).expect("read");
    std::fs::write(&p, format!("{text}{t}")).expect("write");
}

#[test]
fn the_tag_of_language_toml_or_the_folder_is_the_pdf_lang() {
    let dir = project_copy();
    let root = dir.path();
    prepend(root, "source/ar/language.toml", "tag = \"ar-EG\"\n");
    assert_eq!(lang_of_pdf(root, "ar"), "ar-EG");

    // a folder named with a region: its name is the tag
    copy_dir(&root.join("source/en"), &root.join("source/en-US"));
    let b = root.join("source/brochure.toml");
    let t = std::fs::read_to_string(&b).expect("read");
    std::fs::write(&b, t.replace("\"hi\"]", "\"hi\", \"en-US\"]")).expect("write");
    assert_eq!(lang_of_pdf(root, "en-US"), "en-US");

    // a tag that is not BCP 47: an error at its place
    prepend(root, "source/hi/language.toml", "tag = \"Hindi\"\n");
    let out = cli(&["-C", s(root), "check", "--lang", "hi"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("`Hindi` cannot be used") && err.contains("source/hi/language.toml:1:"),
        "{err}"
    );
}
