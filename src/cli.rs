//! Command-line interface: `brochure build`, `watch`, `check`, `status`,
//! `xliff`, `lang`, `init` and `schema`.

mod emit;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

pub use emit::{Emitter, MAX_PRINTED, MessageFormat, exit_code};

use crate::diag::{Code, Diagnostic, Sources};
use crate::model::{BlockKind, Document, Inline};
use crate::source;

/// Compiles structured source files into a typeset PDF brochure.
#[derive(Debug, Parser)]
#[command(name = "brochure", version, about)]
pub struct Cli {
    /// Project root (the folder holding `source/`); default: the current folder.
    #[arg(short = 'C', long = "dir", global = true, default_value = ".")]
    pub dir: PathBuf,
    /// How diagnostics are printed on standard error: `human`, or `json`
    /// (one JSON object a line, see docs/diagnostics.md).
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Builds the PDF (default: the source language into out/<id>-<lang>.pdf).
    Build {
        /// Language to build.
        #[arg(long, conflicts_with = "all")]
        lang: Option<String>,
        /// Build every language of brochure.toml into out/, several at once
        /// (see --jobs).
        #[arg(long, conflicts_with = "output")]
        all: bool,
        /// Build a translation that lacks blocks: they are set in the source
        /// language and marked (an error otherwise).
        #[arg(long)]
        draft: bool,
        /// Refuse a translation with stale blocks (a warning otherwise).
        #[arg(long, conflicts_with = "draft")]
        strict: bool,
        /// Output file.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Write a line-breaking quality report (JSON) to this file.
        #[arg(long)]
        report: Option<PathBuf>,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
        /// Edition to make: screen (default), print, booklet, large-print, or
        /// one defined in brochure.toml; `all` makes every one of them.
        #[arg(long)]
        edition: Option<String>,
        /// Make a handout of these sections or headings only (section
        /// numbers or block ids, comma-separated).
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
        /// Make a reading edition also PDF/A-2a, for archives (sRGB output
        /// intent, PDF/A identification).
        #[arg(long)]
        pdfa: bool,
        /// Builds to run at once for --all and --edition all (default: one
        /// per core); the files are the same whatever the number.
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
    },
    /// Builds the PDF, then rebuilds it whenever a file under source/ or
    /// fonts/ changes, until stopped (Ctrl-C); a failed build leaves the
    /// last good PDF in place.
    Watch {
        /// Language to build.
        #[arg(long)]
        lang: Option<String>,
        /// Build a translation that lacks blocks (as `build --draft`).
        #[arg(long)]
        draft: bool,
        /// Output file.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Edition to make (as `build --edition`).
        #[arg(long)]
        edition: Option<String>,
        /// Make a handout of these sections or headings only (as `build --only`).
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
    },
    /// Loads and validates the source without writing a PDF, and summarises it.
    Check {
        /// Language to check.
        #[arg(long)]
        lang: Option<String>,
        /// Accept a translation that lacks blocks (as `build --draft`).
        #[arg(long)]
        draft: bool,
    },
    /// Shows how far each translation is: blocks translated, missing, stale
    /// and orphaned, and what needs work with file:line.
    Status {
        /// Only this language (default: every translation).
        #[arg(long)]
        lang: Option<String>,
        /// Show what changed in the source of each stale block (a word diff
        /// against the text it was translated from).
        #[arg(long)]
        diff: bool,
        /// Print the status as JSON (one object per language, in an array).
        #[arg(long)]
        json: bool,
    },
    /// Makes a new brochure in DIR (a new or empty folder) that builds at once.
    Init {
        /// The folder of the new brochure.
        dir: PathBuf,
    },
    /// Writes the JSON Schema of each kind of source file (for editors).
    Schema {
        /// The folder to write them to (default: source/schema of the project).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Exchanges translations with CAT tools as XLIFF 1.2.
    Xliff {
        /// Export or import.
        #[command(subcommand)]
        action: XliffCommand,
    },
    /// Manages the project's languages.
    Lang {
        /// What to do.
        #[command(subcommand)]
        action: LangCommand,
    },
}

/// `brochure lang` subcommands.
#[derive(Debug, Subcommand)]
pub enum LangCommand {
    /// Scaffolds a translation: source/CODE/ with a language.toml holding
    /// every string to translate, and CODE added to brochure.toml.
    Add {
        /// The language's BCP 47 tag (ar, hi, pt-BR).
        code: String,
        /// The language is written right to left.
        #[arg(long)]
        rtl: bool,
    },
}

/// `brochure xliff` subcommands.
#[derive(Debug, Subcommand)]
pub enum XliffCommand {
    /// Writes a translation (translated, stale and missing blocks) as XLIFF 1.2.
    Export {
        /// Language to export.
        #[arg(long)]
        lang: String,
        /// Output file (default: out/<id>-<lang>.xlf).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Reads an XLIFF 1.2 file back into source/<lang>/ (the language is the
    /// file's target-language); writes nothing if any unit is refused.
    Import {
        /// The XLIFF file.
        file: PathBuf,
        /// Check and report, but write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// Keeps a panic inside the shaper (rustybuzz, on a damaged font) from
/// printing a backtrace: the text stage catches it and the build reports it
/// as an error naming the font (`Typesetter::catch_shaping`). Every other
/// panic is printed as before.
fn quiet_shaper_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !info
            .location()
            .is_some_and(|l| l.file().contains("rustybuzz"))
        {
            default(info);
        }
    }));
}

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    quiet_shaper_panics();
    let cli = match parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let em = Emitter {
        format: cli.message_format,
    };
    match cli.command {
        Command::Check { lang, draft } => check(em, &cli.dir, lang, draft),
        Command::Status { lang, diff, json } => status(em, &cli.dir, lang.as_deref(), diff, json),
        Command::Xliff { action } => xliff(em, &cli.dir, action),
        Command::Init { dir } => init(em, &cli.dir.join(dir)),
        Command::Schema { output } => schema(em, &cli.dir, output),
        Command::Lang {
            action: LangCommand::Add { code, rtl },
        } => lang_add(em, &cli.dir, &code, rtl),
        Command::Watch {
            lang,
            draft,
            output,
            edition,
            only,
        } => {
            // every build says how long each stage took, and what the
            // session kept from the last build saved
            let opts = crate::BuildOptions {
                lang,
                draft,
                output,
                edition,
                only,
                timings: true,
                ..Default::default()
            };
            watch(em, &cli.dir, &opts)
        }
        Command::Build {
            lang,
            all,
            draft,
            strict,
            output,
            report,
            timings,
            edition,
            only,
            pdfa,
            jobs,
        } => {
            let every_edition = edition.as_deref() == Some("all");
            if every_edition && output.is_some() {
                emit::err(
                    "error: --edition all writes one file per edition into out/; leave out -o\n",
                );
                return 2;
            }
            let opts = crate::BuildOptions {
                lang: lang.clone(),
                draft,
                strict,
                output,
                report,
                timings,
                edition: edition.clone(),
                only,
                pdfa,
            };
            let results = if all || every_edition {
                let settings = match source::load(&cli.dir, None) {
                    Ok(l) => l.doc.settings,
                    Err(e) => return em.failed(&e.sources, &e.diagnostics),
                };
                let langs: Vec<Option<String>> = if all {
                    settings.languages.into_iter().map(Some).collect()
                } else {
                    vec![lang]
                };
                let editions: Vec<Option<String>> = if every_edition {
                    settings.editions.names().into_iter().map(Some).collect()
                } else {
                    vec![edition]
                };
                let threads = jobs.map_or_else(
                    || std::thread::available_parallelism().map_or(1, |n| n.get()),
                    usize::from,
                );
                crate::build_many(&cli.dir, &opts, &langs, &editions, threads)
            } else {
                vec![crate::build(&cli.dir, &opts)]
            };
            let mut code = 0;
            for r in results {
                match r {
                    Ok(done) => em.succeeded(&done.sources, &done.warnings, &done.summary),
                    Err(e) => code = code.max(em.failed(&e.sources, &e.diagnostics)),
                }
            }
            code
        }
    }
}

/// `brochure watch`: prints each build's outcome and time; returns only
/// when watching fails.
fn watch(em: Emitter, root: &Path, opts: &crate::BuildOptions) -> i32 {
    let outcome = crate::watch::watch(root, opts, |b| {
        let ms = b.took.as_secs_f64() * 1e3;
        if !b.changed.is_empty() {
            let names: Vec<String> = b.changed.iter().map(|p| p.display().to_string()).collect();
            emit::err(&format!("changed: {}\n", names.join(", ")));
        }
        match &b.result {
            Ok(done) => {
                em.succeeded(&done.sources, &done.warnings, &done.summary);
                emit::err(&format!("build {} done in {ms:.0} ms\n", b.number));
            }
            Err(e) => {
                em.diagnostics(&e.sources, &e.diagnostics);
                emit::err(&format!(
                    "build {} failed in {ms:.0} ms; the last good PDF stays\n",
                    b.number
                ));
            }
        }
        emit::err("watching source/ and fonts/ for changes (Ctrl-C to stop)\n");
    });
    match outcome {
        Ok(()) => 0,
        Err(e) => {
            emit::err(&format!("error: {e}\n"));
            1
        }
    }
}

fn xliff(em: Emitter, root: &Path, action: XliffCommand) -> i32 {
    match action {
        XliffCommand::Export { lang, output } => {
            let output = match output {
                Some(o) => o,
                None => match source::load(root, None) {
                    Ok(l) => root
                        .join("out")
                        .join(format!("{}-{lang}.xlf", l.doc.settings.id)),
                    Err(e) => return em.failed(&e.sources, &e.diagnostics),
                },
            };
            match crate::xliff::export(root, &lang, &output) {
                Ok(done) => {
                    em.summary(&done.summary);
                    0
                }
                Err(mut e) => xliff_failed(em, &e.sources, &mut e.diagnostics),
            }
        }
        XliffCommand::Import { file, dry_run } => {
            match crate::xliff::import(root, &file, dry_run) {
                Ok(mut done) => {
                    emit::classify(&mut done.warnings, Code::Xliff, Code::XliffReview);
                    em.succeeded(&done.sources, &done.warnings, &done.summary);
                    0
                }
                Err(mut e) => xliff_failed(em, &e.sources, &mut e.diagnostics),
            }
        }
    }
}

fn lang_add(em: Emitter, root: &Path, code: &str, rtl: bool) -> i32 {
    match crate::scaffold::add(root, code, rtl) {
        Ok(lines) => {
            em.succeeded(&Sources::default(), &[], &lines);
            0
        }
        Err(d) => em.failed(&Sources::default(), &[d]),
    }
}

/// `brochure init DIR`: scaffolds a new brochure.
fn init(em: Emitter, dir: &Path) -> i32 {
    match crate::init::init(dir) {
        Ok(summary) => {
            em.summary(&summary);
            0
        }
        Err(d) => em.failed(&Sources::default(), &[d]),
    }
}

/// `brochure schema [-o DIR]`: writes the JSON Schemas.
fn schema(em: Emitter, root: &Path, output: Option<PathBuf>) -> i32 {
    let dir = output.unwrap_or_else(|| root.join(crate::init::SCHEMA_DIR));
    match crate::init::write_schemas(&dir) {
        Ok(line) => {
            em.summary(&[line]);
            0
        }
        Err(d) => em.failed(&Sources::default(), &[d]),
    }
}

/// Prints the diagnostics of a failed XLIFF command, those without a code
/// of their own as XLIFF problems (`E0701`, `W0702`), and returns the exit
/// status.
fn xliff_failed(em: Emitter, sources: &Sources, diags: &mut [Diagnostic]) -> i32 {
    emit::classify(diags, Code::Xliff, Code::XliffReview);
    em.failed(sources, diags)
}

fn status(em: Emitter, root: &Path, lang: Option<&str>, diff: bool, json: bool) -> i32 {
    let langs: Vec<String> = match source::load(root, None) {
        Ok(l) => {
            let s = &l.doc.settings;
            match lang {
                Some(l) => vec![l.to_string()],
                None => s
                    .languages
                    .iter()
                    .filter(|l| **l != s.source_language)
                    .cloned()
                    .collect(),
            }
        }
        Err(e) => return em.failed(&e.sources, &e.diagnostics),
    };
    let mut code = 0;
    let mut objects = Vec::new();
    for lang in langs {
        let opts = source::Options {
            lang: Some(lang.clone()),
            draft: true,
        };
        match source::load_with(root, &opts) {
            Ok(loaded) => match &loaded.status {
                Some(st) if json => objects.push(st.to_json(diff)),
                Some(st) if diff => out(&(status_report(st) + &status_diff(st))),
                Some(st) => out(&status_report(st)),
                None if json => objects.push(serde_json::json!({"lang": lang, "source": true})),
                None => out(&format!("{lang}: the source language\n")),
            },
            Err(e) => {
                objects.push(serde_json::json!({"lang": lang, "error": "does not load"}));
                code = code.max(em.failed(&e.sources, &e.diagnostics));
            }
        }
    }
    if json {
        let text = serde_json::to_string_pretty(&objects).unwrap_or_default();
        out(&(text + "\n"));
    }
    code
}

/// The text `brochure status` prints for one language.
pub fn status_report(st: &source::translation::Status) -> String {
    use source::translation::UnitState::*;
    let total = st.units.iter().filter(|u| u.state != Orphaned).count();
    let mut out = format!(
        "{}: {:.1} % translated ({} of {total} blocks): {} translated, {} missing, {} stale, {} orphaned\n",
        st.lang,
        st.percent(),
        st.count(Translated),
        st.count(Translated),
        st.count(Missing),
        st.count(Stale),
        st.count(Orphaned),
    );
    let w = st.word_counts();
    out.push_str(&format!(
        "  words: {} new, {} stale, {} total (source words, for quoting)\n",
        w.new, w.stale, w.total
    ));
    if !st.language.is_empty() {
        out.push_str(&format!(
            "  language.toml: {} of {} strings translated (title, labels, months, date format)\n",
            st.language.iter().filter(|u| u.target.is_some()).count(),
            st.language.len()
        ));
    }
    for state in [Stale, Missing, Orphaned] {
        for u in st.units.iter().filter(|u| u.state == state) {
            let kind = if u.kind.is_empty() {
                String::new()
            } else {
                format!(" ({})", u.kind)
            };
            let why = if u.reasons.is_empty() {
                String::new()
            } else {
                format!(": {}", u.reasons.join(", "))
            };
            out.push_str(&format!(
                "  {:<10} {}:{}  {}{kind}{why}\n",
                state.name(),
                u.file,
                u.line,
                u.id
            ));
        }
    }
    out
}

/// What `brochure status --diff` adds for one language: each stale block's
/// source changes since its translation, as word diffs.
pub fn status_diff(st: &source::translation::Status) -> String {
    let mut out = String::new();
    for u in st
        .units
        .iter()
        .filter(|u| u.state == source::UnitState::Stale)
    {
        out.push_str(&format!(
            "\n{} ({}:{}):\n",
            u.id, u.source_file, u.source_line
        ));
        match &u.previous {
            Some(old) => {
                for (field, d) in source::worddiff::field_changes(old, &u.source) {
                    out.push_str(&format!("  {field}: {d}\n"));
                }
            }
            None => out.push_str(
                "  the source text it was translated from is not recorded (source-history.toml)\n",
            ),
        }
    }
    out
}

/// Parses the command line. A usage error is printed as clap prints it, or
/// with `--message-format json` as one JSON line (`E0001`); `Err` holds the
/// exit status (2, or 0 for `--help` and `--version`).
fn parse() -> Result<Cli, i32> {
    let e = match Cli::try_parse() {
        Ok(cli) => return Ok(cli),
        Err(e) => e,
    };
    let args: Vec<String> = std::env::args().collect();
    let json = args
        .windows(2)
        .any(|w| w[0] == "--message-format" && w[1] == "json")
        || args.iter().any(|a| a == "--message-format=json");
    if e.use_stderr() && json {
        emit::err(&(emit::usage_json(&e.render().to_string()) + "\n"));
        return Err(2);
    }
    let _ = e.print();
    Err(e.exit_code())
}

/// Writes to standard output; a closed pipe (`brochure status | head`) is
/// not an error worth a panic, so write errors are ignored.
fn out(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn check(em: Emitter, root: &Path, lang: Option<String>, draft: bool) -> i32 {
    match source::load_with(root, &source::Options { lang, draft }) {
        Ok(loaded) => {
            em.diagnostics(&loaded.sources, &loaded.warnings);
            out(&(summary(&loaded.doc).join("\n") + "\n"));
            if let Some(st) = &loaded.status {
                // the first line of the status report: counts and percentage
                let report = status_report(st);
                out(report.lines().next().unwrap_or_default());
                out("\n");
            }
            0
        }
        Err(failed) => em.failed(&failed.sources, &failed.diagnostics),
    }
}

/// A one-screen summary of a loaded document.
pub fn summary(doc: &Document) -> Vec<String> {
    let mut counts = [0usize; 7];
    let mut words = 0;
    let citations = doc.citations();
    let cites = citations.len();
    let numbers: std::collections::BTreeSet<u32> = citations
        .iter()
        .flat_map(|c| c.numbers.iter().copied())
        .collect();
    let count_text = |t: &[Inline], words: &mut usize| {
        *words += Inline::plain_text(t).split_whitespace().count();
    };
    for b in doc.blocks() {
        let k = match &b.kind {
            BlockKind::Heading { title, lead, .. } => {
                count_text(title, &mut words);
                if let Some(l) = lead {
                    count_text(l, &mut words);
                }
                0
            }
            BlockKind::Paragraph(t) => {
                count_text(t, &mut words);
                1
            }
            BlockKind::List(items) => {
                items.iter().for_each(|t| count_text(t, &mut words));
                2
            }
            BlockKind::Box(ps) => {
                ps.iter().for_each(|t| count_text(t, &mut words));
                3
            }
            BlockKind::Statement(t) => {
                count_text(t, &mut words);
                4
            }
            BlockKind::Photo(p) => {
                count_text(&p.caption, &mut words);
                5
            }
            BlockKind::Notice { title, paragraphs } => {
                count_text(title, &mut words);
                paragraphs.iter().for_each(|t| count_text(t, &mut words));
                6
            }
        };
        counts[k] += 1;
    }
    for s in &doc.sections {
        words += s.title.split_whitespace().count();
        if let Some(l) = &s.lead {
            count_text(l, &mut words);
        }
    }
    let total: usize = counts.iter().sum();
    let (known, missing) = doc.reference_counts();
    let mut out = vec![
        format!("{} ({})", doc.settings.title, doc.language.code),
        format!(
            "sections   {} ({})",
            doc.sections.len(),
            doc.sections
                .iter()
                .map(|s| s.number.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        format!(
            "blocks     {total}: {} headings, {} paragraphs, {} lists, {} boxes, {} statements, {} photos, {} notices",
            counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6]
        ),
        format!("words      {words}"),
        format!(
            "citations  {cites} groups citing {} references ({}–{})",
            numbers.len(),
            numbers.first().copied().unwrap_or(0),
            numbers.last().copied().unwrap_or(0)
        ),
        format!(
            "references {} ({known} known, {missing} missing)",
            doc.references.len()
        ),
        format!(
            "images     {} ({} stand-ins)",
            doc.images.len(),
            doc.blocks()
                .filter(|b| matches!(&b.kind, BlockKind::Photo(p) if p.stand_in))
                .count()
        ),
    ];
    for s in doc.sections.iter().filter(|s| s.reconstructed.is_some()) {
        out.push(format!(
            "note       the title of section {} is an editorial reconstruction",
            s.number
        ));
    }
    out
}
