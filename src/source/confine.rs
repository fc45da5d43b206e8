//! Confinement: the names a source gives that become paths (the brochure
//! `id` and the `languages` entries become file and folder names; images
//! and fonts are read from their paths) are checked before use, so that no
//! source reads or writes outside its project (see `docs/limits.md`).

use std::path::{Component, Path, PathBuf};

/// The longest id or language code, in bytes.
pub const MAX_NAME_LEN: usize = 64;

/// Checks an id that becomes a file name: lowercase ASCII letters, digits
/// and dashes, not starting or ending with a dash, at most
/// [`MAX_NAME_LEN`] bytes. The error says what is wrong.
pub fn check_id(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id.len() <= MAX_NAME_LEN
        && id
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "ids use lowercase letters, digits and dashes (at most {MAX_NAME_LEN})"
        ))
    }
}

/// Checks a language code that becomes a folder and file name: a BCP 47
/// tag in its simple form (a language subtag of 2–3 letters, then subtags
/// of 1–8 letters or digits joined by dashes, such as `nl`, `pt-BR`,
/// `sr-Latn`).
pub fn check_language(code: &str) -> Result<(), String> {
    let mut parts = code.split('-');
    let lang_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_lowercase()));
    let rest_ok =
        parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_alphanumeric()));
    if lang_ok && rest_ok && code.len() <= MAX_NAME_LEN {
        Ok(())
    } else {
        Err("a language is a BCP 47 code such as `nl`, `en` or `pt-BR`".into())
    }
}

/// Resolves `rel`, a path a source names, against `base` (a folder inside
/// `root`): it must be relative, without `..`, and (symlinks followed) stay
/// inside `root`. A path that does not exist is returned joined, for the
/// caller's "not found" error.
pub fn resolve(root: &Path, base: &Path, rel: &str) -> Result<PathBuf, String> {
    let p = Path::new(rel);
    if rel.is_empty() {
        return Err("empty path".into());
    }
    for c in p.components() {
        match c {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => {
                return Err(format!("path {rel} leaves its folder (`..`)"));
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!("path {rel} is absolute"));
            }
        }
    }
    let joined = base.join(p);
    let Ok(real) = joined.canonicalize() else {
        return Ok(joined);
    };
    let inside = root
        .canonicalize()
        .is_ok_and(|root| real.starts_with(&root));
    if inside {
        Ok(joined)
    } else {
        Err(format!(
            "path {rel} leads outside the project (through a symbolic link)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_languages() {
        assert!(check_id("wellnesspraktijken").is_ok());
        for bad in [
            "",
            "../x",
            "/tmp/x",
            "A",
            "-x",
            "x-",
            "a.b",
            &"a".repeat(65),
        ] {
            assert!(check_id(bad).is_err(), "{bad}");
        }
        for good in ["nl", "en", "ar", "hi", "pt-BR", "sr-Latn", "gsw"] {
            assert!(check_language(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "../x",
            "n",
            "NL",
            "nl/..",
            "nl-",
            "x-toolongsubtag",
            "/tmp",
        ] {
            assert!(check_language(bad).is_err(), "{bad}");
        }
    }
}
