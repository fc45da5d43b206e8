//! Reading input files with a size cap ([`read_regular`] for images and
//! fonts, [`read_text`] for TOML, XLIFF and glossaries) and writing output files: the one way the driver (PDFs, reports)
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

/// Writes every file of `files` (path, bytes) or none: each is checked
/// first (not a folder; an existing file not read-only), then written to a
/// temporary file beside it with the permissions of the file it replaces,
/// then all are renamed into place. A failure before the renames leaves
/// nothing behind (temporary files removed, folders made for them removed
/// again); a failed rename puts back the files already renamed. The error
/// names the file.
pub(crate) fn write_all_atomically(
    files: &[(&Path, &[u8])],
) -> Result<(), (std::path::PathBuf, std::io::Error)> {
    use std::io::{Error, ErrorKind};
    let fail = |p: &Path, e: Error| (p.to_path_buf(), e);
    // 1. refuse up front what cannot be replaced
    for (path, _) in files {
        if path.is_dir() {
            return Err(fail(
                path,
                Error::new(ErrorKind::IsADirectory, "the output is a folder"),
            ));
        }
        if let Ok(m) = std::fs::metadata(path)
            && m.permissions().readonly()
        {
            return Err(fail(
                path,
                Error::new(ErrorKind::PermissionDenied, "the file is read-only"),
            ));
        }
    }
    // 2. every temporary file, in folders made as needed
    let mut made: Vec<std::path::PathBuf> = Vec::new();
    let undo_dirs = |made: &[std::path::PathBuf]| {
        for d in made.iter().rev() {
            let _ = std::fs::remove_dir(d);
        }
    };
    let mut temps = Vec::new();
    for (path, bytes) in files {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let mut missing = Vec::new();
        let mut d = Some(dir);
        while let Some(x) = d.filter(|x| !x.as_os_str().is_empty() && !x.exists()) {
            missing.push(x.to_path_buf());
            d = x.parent();
        }
        if let Err(e) = std::fs::create_dir_all(dir) {
            undo_dirs(&made);
            return Err(fail(path, e));
        }
        made.extend(missing.into_iter().rev());
        let written = (|| {
            let perms = match std::fs::metadata(path) {
                Ok(m) => m.permissions(),
                Err(_) => {
                    use std::os::unix::fs::PermissionsExt;
                    std::fs::Permissions::from_mode(0o644)
                }
            };
            let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
            tmp.write_all(bytes)?;
            tmp.as_file().sync_all()?;
            tmp.as_file().set_permissions(perms)?;
            Ok::<_, Error>(tmp)
        })();
        match written {
            Ok(t) => temps.push(t),
            Err(e) => {
                drop(temps);
                undo_dirs(&made);
                return Err(fail(path, e));
            }
        }
    }
    // 3. the renames; the old contents kept to put back on a failure
    let old: Vec<Option<Vec<u8>>> = files
        .iter()
        .map(|(p, _)| read_regular(p, MAX_TEXT_BYTES).ok())
        .collect();
    for (done, (tmp, (path, _))) in temps.into_iter().zip(files).enumerate() {
        if let Err(e) = tmp.persist(path) {
            for ((p, _), before) in files.iter().zip(&old).take(done) {
                let _ = match before {
                    Some(b) => write_atomically(p, b),
                    None => std::fs::remove_file(p),
                };
            }
            return Err(fail(path, e.error));
        }
    }
    Ok(())
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

/// The largest text file of the project read (a source or translation TOML
/// file, a glossary), in bytes: 16 MiB, about 40 times the whole guide in
/// one language (see `docs/limits.md`).
pub const MAX_TEXT_BYTES: u64 = 16 << 20;

/// Reads a text file of the project: a regular file of at most
/// [`MAX_TEXT_BYTES`], in UTF-8. A FIFO, a device or a folder is refused
/// before it is opened, so nothing waits for a writer or reads forever.
pub(crate) fn read_text(path: &Path) -> std::io::Result<String> {
    let bytes = read_regular(path, MAX_TEXT_BYTES)?;
    String::from_utf8(bytes)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()))
}
