//! The `brochure` command line.

fn main() {
    std::process::exit(brochure::cli::run());
}
