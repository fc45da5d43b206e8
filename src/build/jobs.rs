//! Many builds at once (`build --all`, `--edition all`): every language in
//! every edition asked for, spread over a few threads.
//!
//! Each language is loaded once and its text engine (fonts, shape plans,
//! hyphenation) built once, then shared read-only by the jobs making its
//! editions. Jobs are taken in a fixed order from a shared counter, each
//! writes its own file, and the results come back in job order, so neither
//! the files nor what is printed depend on the number of threads. Written
//! by hand: a counter and `std::thread::scope` do what a thread-pool crate
//! would.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use super::{BuildError, BuildOptions, Built, Engine, fonts, load, run};
use crate::diag::{Diagnostic, Sources};
use crate::timings::Timings;
use crate::{source, text};

/// Builds `opts` for every language of `langs` in every edition of
/// `editions` (`None`: the default) on `threads` threads. Returns, in order
/// (languages, then editions), one result per edition of each language
/// that loaded, and one error for each language that did not.
pub fn build_many(
    root: &Path,
    opts: &BuildOptions,
    langs: &[Option<String>],
    editions: &[Option<String>],
    threads: usize,
) -> Vec<Result<Built, BuildError>> {
    // the languages: their sources, and the text engine their editions share
    let loaded = pool(langs, threads, |lang| {
        let start = Instant::now();
        let opts = BuildOptions {
            lang: lang.clone(),
            ..opts.clone()
        };
        let loaded = load(root, &opts, None)?;
        let load_time = start.elapsed();
        let ts = if opts.only.is_empty() {
            // a handout has its own characters, so its own engine (see `run`)
            match fonts::typesetter_for(root, &loaded.doc) {
                Ok(ts) => Some(ts),
                Err(diagnostics) => {
                    return Err(BuildError {
                        sources: loaded.sources,
                        diagnostics,
                    });
                }
            }
        } else {
            None
        };
        Ok(Language {
            opts,
            loaded,
            ts,
            load_time,
            fonts_time: start.elapsed() - load_time,
        })
    });
    let mut jobs = Vec::new();
    for (l, lang) in loaded.iter().enumerate() {
        if matches!(lang, Some(Ok(_))) {
            jobs.extend((0..editions.len()).map(|e| (l, e)));
        }
    }
    let mut built = pool(&jobs, threads, |&(l, e)| {
        let Some(Ok(lang)) = &loaded[l] else {
            unreachable!("only loaded languages have jobs")
        };
        let opts = BuildOptions {
            edition: editions[e].clone(),
            ..lang.opts.clone()
        };
        let timings = Timings {
            load: lang.load_time,
            fonts: lang.fonts_time,
            ..Timings::default()
        };
        // the load's warnings once per language, with its first edition
        let warnings = if e == 0 {
            lang.loaded.warnings.clone()
        } else {
            Vec::new()
        };
        super::finish(
            run(
                root,
                &opts,
                &lang.loaded.doc,
                engine(lang.ts.as_ref()),
                timings,
            ),
            lang.loaded.sources.clone(),
            warnings,
        )
    })
    .into_iter();
    let mut out = Vec::new();
    for lang in loaded {
        match lang {
            Some(Ok(_)) => out.extend(built.by_ref().take(editions.len()).map(flatten)),
            Some(Err(e)) => out.push(Err(e)),
            None => out.push(Err(job_failed())),
        }
    }
    out
}

/// A loaded language: its options, source and shared text engine.
struct Language {
    opts: BuildOptions,
    loaded: source::Loaded,
    ts: Option<text::Typesetter>,
    load_time: std::time::Duration,
    fonts_time: std::time::Duration,
}

/// The engine of a language's jobs: its shared one, if it has one.
fn engine(ts: Option<&text::Typesetter>) -> Engine<'_> {
    ts.map_or(Engine::Fresh, Engine::Shared)
}

/// A job's result, or the error of a job whose thread panicked.
fn flatten(r: Option<Result<Built, BuildError>>) -> Result<Built, BuildError> {
    r.unwrap_or_else(|| Err(job_failed()))
}

/// The error reported for a job that did not finish (its thread panicked).
fn job_failed() -> BuildError {
    BuildError {
        sources: Sources::default(),
        diagnostics: vec![Diagnostic::global("a build job failed")],
    }
}

/// Runs `f` on every item on up to `threads` threads; the results in item
/// order, `None` for an item whose job panicked.
fn pool<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<Option<R>> {
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.clamp(1, items.len().max(1)))
            .map(|_| {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        let r = f(item);
                        *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
                    }
                })
            })
            .collect();
        for w in workers {
            // a panicked job leaves its slot empty; the others go on
            let _ = w.join();
        }
    });
    slots
        .into_iter()
        .map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect()
}
