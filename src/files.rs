//! Reading input files with a size cap ([`read_regular`], for images and
//! fonts) and writing output files: the one way the driver (PDFs, reports)
//! and the XLIFF export and import put bytes on disk.

use std::io::{Read, Write};
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

/// Reads a file that must be a regular file (not a folder, FIFO or device)
/// of at most `cap` bytes; the error says which it is not.
pub(crate) fn read_regular(path: &Path, cap: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Error, ErrorKind};
    // checked before opening: opening a FIFO for reading waits for a writer
    let meta = std::fs::metadata(path)?;
    let kind = meta.file_type();
    if !kind.is_file() {
        let what = if kind.is_dir() {
            "a folder"
        } else {
            "not a regular file"
        };
        return Err(Error::new(ErrorKind::InvalidInput, what));
    }
    if meta.len() > cap {
        let msg = format!("{} bytes, over the limit of {cap}", meta.len());
        return Err(Error::new(ErrorKind::InvalidInput, msg));
    }
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        let msg = format!("over the limit of {cap} bytes");
        return Err(Error::new(ErrorKind::InvalidInput, msg));
    }
    Ok(bytes)
}
