//! `[print]` of `brochure.toml`: the printing condition editions in CMYK
//! are made for (their PDF/X output intent) and its ICC output profile.
//!
//! Without the table the condition is FOGRA39 with the built-in profile
//! ([`OutputIntent::fogra39`]). A profile file is read here, within
//! [`MAX_PROFILE_BYTES`], and its ICC header checked (a CMYK output
//! profile), so that a wrong file is an error at its key and not a broken
//! PDF later.

use std::path::Path;

use super::tables::Table;
use super::{Cx, confine};
use crate::diag::Diagnostic;
use crate::files::read_regular;
use crate::model::edition::OutputIntent;

/// The largest ICC profile read, in bytes (20 MB).
pub const MAX_PROFILE_BYTES: u64 = 20 * 1024 * 1024;

/// The keys of `[print]`.
const PRINT_KEYS: &[&str] = &["output_intent", "output_condition", "profile"];

impl Cx<'_> {
    /// Reads `[print]`: the default FOGRA39 intent, changed as the table says.
    pub(super) fn output_intent(&self, t: &mut Table<'_, '_>) -> OutputIntent {
        let mut intent = OutputIntent::fogra39();
        let Some(mut p) = t.sub("print", "[print]") else {
            return intent;
        };
        let f = p.file;
        let identifier = p.string("output_intent", false);
        let condition = p.string("output_condition", false);
        let profile = p.string("profile", false);
        match (&identifier, &profile) {
            (Some(id), None) if id.value.value != intent.identifier => {
                p.diags.push(
                    Diagnostic::error(
                        f,
                        id.span.clone(),
                        format!("no profile for the output intent `{}`", id.value.value),
                    )
                    .with_label("the built-in profile is for FOGRA39")
                    .with_note("give `profile`, the ICC output profile of this printing condition"),
                );
            }
            (None, Some(pr)) => {
                p.diags.push(
                    Diagnostic::error(f, pr.span.clone(), "a profile without `output_intent`")
                        .with_label("name the printing condition this profile is for")
                        .with_note(
                            "e.g. output_intent = \"FOGRA51\" (its name in the ICC registry)",
                        ),
                );
            }
            _ => {}
        }
        if let Some(id) = &identifier {
            let v = id.value.value.trim();
            if v.is_empty() || v.chars().any(char::is_control) {
                p.diags.push(
                    Diagnostic::error(f, id.span.clone(), "empty or unprintable output intent")
                        .with_label("a name such as FOGRA39"),
                );
            } else if v != intent.identifier {
                intent.identifier = v.to_string();
                intent.condition = v.to_string();
            }
        }
        if let Some(c) = condition {
            intent.condition = c.value.value;
        }
        if let Some(pr) = profile {
            let rel = pr.value.value.clone();
            let read = confine::resolve(&self.root, &self.root, &rel)
                .and_then(|path| read_profile(&path, &rel));
            match read {
                Ok(bytes) => intent.profile = bytes.into(),
                Err(e) => p
                    .diags
                    .push(Diagnostic::error(f, pr.span.clone(), e).with_label(
                        "a CMYK output profile (.icc), relative to the project folder",
                    )),
            }
        }
        p.finish(PRINT_KEYS);
        intent
    }
}

/// Reads an ICC profile file and checks that it is a CMYK output profile.
fn read_profile(path: &Path, rel: &str) -> Result<Vec<u8>, String> {
    let bytes = read_regular(path, MAX_PROFILE_BYTES)
        .map_err(|e| format!("cannot read profile {rel}: {e}"))?;
    check_profile(&bytes).map_err(|e| format!("{rel} cannot be the output profile: {e}"))?;
    Ok(bytes)
}

/// Checks an ICC profile's header: its size, signature, class (output
/// device) and colour space (CMYK).
pub(crate) fn check_profile(b: &[u8]) -> Result<(), String> {
    if b.len() < 132 || &b[36..40] != b"acsp" {
        return Err("not an ICC profile".into());
    }
    let size = u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize;
    if size != b.len() {
        return Err(format!(
            "its header says {size} bytes, the file has {}",
            b.len()
        ));
    }
    if &b[12..16] != b"prtr" {
        let class = String::from_utf8_lossy(&b[12..16]).into_owned();
        return Err(format!(
            "it is a `{}` profile, not an output (`prtr`) profile",
            class.trim()
        ));
    }
    if &b[16..20] != b"CMYK" {
        let space = String::from_utf8_lossy(&b[16..20]).into_owned();
        return Err(format!("its colour space is {}, not CMYK", space.trim()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edition::FOGRA39_PROFILE;

    #[test]
    fn the_built_in_profile_passes_and_others_do_not() {
        assert_eq!(check_profile(FOGRA39_PROFILE), Ok(()));
        let srgb = include_bytes!("../../profiles/sRGB.icc");
        assert!(check_profile(srgb).unwrap_err().contains("mntr"));
        assert!(check_profile(b"not a profile").is_err());
        let mut short = FOGRA39_PROFILE.to_vec();
        short.truncate(1000);
        assert!(check_profile(&short).unwrap_err().contains("header says"));
    }
}
