//! Writing output files: the one way the driver (PDFs, reports) and the
//! XLIFF export and import put bytes on disk.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to a new temporary file in `path`'s folder (created
/// exclusively, with an unpredictable name, so that a planted symlink is
/// never followed), then renames it over `path` in one step, so that a
/// failed build never leaves a half-written file nor a leftover. The file
/// keeps the permissions of the one it replaces; a new file gets 0644.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    if path.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "the output is a folder",
        ));
    }
    let mode = std::fs::metadata(path).map(|m| m.permissions());
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    let perms = match mode {
        Ok(p) => p,
        Err(_) => {
            use std::os::unix::fs::PermissionsExt;
            std::fs::Permissions::from_mode(0o644)
        }
    };
    tmp.as_file().set_permissions(perms)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Whether two output paths name the same file (the same folder, resolved
/// with symlinks, and the same name), whether or not it exists yet.
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    fn resolved(p: &Path) -> Option<std::path::PathBuf> {
        if let Ok(p) = p.canonicalize() {
            return Some(p);
        }
        let dir = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        Some(dir.canonicalize().ok()?.join(p.file_name()?))
    }
    a == b || resolved(a).is_some_and(|x| resolved(b) == Some(x))
}
