//! Command-line interface: `brochure build` and `brochure check`.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::diag::{Diagnostic, Severity, Sources};
use crate::model::{BlockKind, Document, Inline};
use crate::source;

/// Compiles structured source files into a typeset PDF brochure.
#[derive(Debug, Parser)]
#[command(name = "brochure", version, about)]
pub struct Cli {
    /// Project root (the folder holding `source/`); default: the current folder.
    #[arg(short = 'C', long = "dir", global = true, default_value = ".")]
    pub dir: PathBuf,
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
        #[arg(long)]
        lang: Option<String>,
        /// Output file.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Write a line-breaking quality report (JSON) to this file.
        #[arg(long)]
        report: Option<PathBuf>,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
    },
    /// Loads and validates the source without writing a PDF, and summarises it.
    Check {
        /// Language to check.
        #[arg(long)]
        lang: Option<String>,
    },
}

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { lang } => check(&cli.dir, lang.as_deref()),
        Command::Build {
            lang,
            output,
            report,
            timings,
        } => {
            let opts = crate::BuildOptions {
                lang,
                output,
                report,
                timings,
            };
            match crate::build(&cli.dir, &opts) {
                Ok(done) => {
                    print_diagnostics(&done.sources, &done.warnings);
                    for line in &done.summary {
                        eprintln!("{line}");
                    }
                    0
                }
                Err(e) => {
                    print_diagnostics(&e.sources, &e.diagnostics);
                    1
                }
            }
        }
    }
}

/// Prints diagnostics to standard error, errors and warnings counted at the end.
pub fn print_diagnostics(sources: &Sources, diags: &[Diagnostic]) {
    for d in diags {
        eprint!("{}", sources.render(d));
        if d.file.is_none() {
            eprintln!();
        }
    }
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    if errors > 0 {
        eprintln!("{errors} error(s), {warnings} warning(s)");
    }
}

fn check(root: &Path, lang: Option<&str>) -> i32 {
    match source::load(root, lang) {
        Ok(loaded) => {
            print_diagnostics(&loaded.sources, &loaded.warnings);
            println!("{}", summary(&loaded.doc).join("\n"));
            0
        }
        Err(failed) => {
            print_diagnostics(&failed.sources, &failed.diagnostics);
            1
        }
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
