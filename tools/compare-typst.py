#!/usr/bin/env python3
"""Times brochure against Typst on the guide's text, paired in one run.

    pip install typst==0.15.2        # the Typst compiler, as a Python module
    apt-get install hyperfine
    cargo build --release
    tools/compare-typst.py [--scale 1 20] [--runs 10]

For each scale N it makes, in a scratch folder:
- a brochure project whose sections hold every block N times (ids
  suffixed, as tests/it/scaled.rs does for the benchmarks), Dutch only;
- a Typst file with the same text (section titles, headings, leads,
  paragraphs, statements, boxes, notices, list items, captions; markup
  stripped) in a plain two-column A4 setting in the same Noto Sans at
  10.5/15 pt, justified and hyphenated, with Typst's PDF tags on.

Then hyperfine runs both commands alternately (`-N`, warm-up 2) and
`/usr/bin/time` reads each one's peak memory. Typst runs inside Python,
so the start of Python and the import of the module are timed too; the
script also times `python3 -c "import typst"` alone so that the difference
can be read off.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(HERE, "target", "release", "brochure")


def repeat_blocks(text, n):
    """The file with its [[block]] tables repeated n times, ids suffixed."""
    start = text.find("[[block]]")
    if start < 0:
        return text
    head, blocks = text[:start], text[start:]
    out = [head, blocks]
    for k in range(2, n + 1):
        for line in blocks.splitlines(keepends=True):
            if line.startswith('id = "'):
                ident = line[len('id = "'):].rstrip().rstrip('"')
                out.append(f'id = "{ident}-{k}"\n')
            else:
                out.append(line)
        if not out[-1].endswith("\n"):
            out.append("\n")
    return "".join(out)


def scaled_project(dest, n):
    """A copy of the project with the Dutch sections n times as long."""
    shutil.copytree(os.path.join(HERE, "fonts"), os.path.join(dest, "fonts"))
    src = os.path.join(HERE, "source")
    out = os.path.join(dest, "source")
    os.makedirs(os.path.join(out, "nl"))
    shutil.copytree(os.path.join(src, "images"), os.path.join(out, "images"))
    shutil.copytree(os.path.join(src, "schema"), os.path.join(out, "schema"))
    shutil.copy(os.path.join(src, "references.toml"), out)
    with open(os.path.join(src, "brochure.toml"), encoding="utf-8") as f:
        settings = f.read()
    settings = settings.replace('languages = ["nl", "en", "ar", "hi"]', 'languages = ["nl"]')
    with open(os.path.join(out, "brochure.toml"), "w", encoding="utf-8") as f:
        f.write(settings)
    for name in sorted(os.listdir(os.path.join(src, "nl"))):
        with open(os.path.join(src, "nl", name), encoding="utf-8") as f:
            text = f.read()
        if "\n[section]" in text or text.startswith("[section]"):
            text = repeat_blocks(text, n)
        with open(os.path.join(out, "nl", name), "w", encoding="utf-8") as f:
            f.write(text)


def plain(markup):
    """The text of a field of inline markup, markup stripped."""
    t = re.sub(r"\{[a-z-]+\}\[([^\]]*)\]", r"\1", markup)
    t = re.sub(r"\[([^\]]*)\]\(([^)]*)\)", r"\1", t)
    t = re.sub(r"<((?:https?://|mailto:)[^>\s]*)>", r"\1", t)
    t = t.replace("**", "").replace("*", "").replace("\\-", "").replace("~", "\u00a0")
    t = re.sub(r"\\(.)", r"\1", t)
    return " ".join(t.split())


def typst_string(text):
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def typst_document(project):
    """The Typst source of the project's Dutch text."""
    out = [
        '#set page(paper: "a4", columns: 2, margin: (x: 18mm, y: 20mm))',
        '#set text(font: "Noto Sans", size: 10.5pt, lang: "nl", hyphenate: true)',
        "#set par(justify: true, leading: 4.5pt, spacing: 15pt)",
        "#set heading(numbering: none)",
    ]
    nl = os.path.join(project, "source", "nl")
    for name in sorted(os.listdir(nl)):
        if name == "language.toml" or not name.endswith(".toml"):
            continue
        with open(os.path.join(nl, name), "rb") as f:
            doc = tomllib.load(f)
        section = doc.get("section", {})
        if "title" in section:
            out.append(f"#heading(level: 1, {typst_string(plain(section['title']))})")
        if "lead" in section:
            out.append(f"#strong({typst_string(plain(section['lead']))})\n")
        for block in doc.get("block", []):
            for key in ("title", "lead", "caption"):
                if key in block:
                    level = 2 if block.get("kind") == "heading" else 3
                    if key == "title":
                        out.append(f"#heading(level: {level}, {typst_string(plain(block[key]))})")
                    else:
                        out.append(f"#emph({typst_string(plain(block[key]))})\n")
            if "text" in block:
                for para in re.split(r"\n\s*\n", block["text"]):
                    if para.strip():
                        out.append(f"#{typst_string(plain(para))}\n")
            for item in block.get("items", []):
                out.append(f"- #{typst_string(plain(item))}")
            out.append("")
    return "\n".join(out) + "\n"


def peak_kb(cmd):
    """The peak resident memory of one run of cmd, in KB."""
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{cmd} failed: {r.stderr}")
    return int(r.stderr.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, nargs="+", default=[1, 20])
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="compare-typst-")
    results = []
    for n in args.scale:
        project = os.path.join(work, f"x{n}")
        scaled_project(project, n)
        typ = os.path.join(project, f"guide-x{n}.typ")
        with open(typ, "w", encoding="utf-8") as f:
            f.write(typst_document(project))
        ours = [BIN, "-C", project, "build", "-o", os.path.join(project, "b.pdf")]
        theirs = [
            sys.executable, "-c",
            f"import typst; typst.compile({typ!r}, output={os.path.join(project, 't.pdf')!r}, "
            f"font_paths=[{os.path.join(project, 'fonts')!r}], ignore_system_fonts=True)",
        ]
        python_only = [sys.executable, "-c", "import typst"]
        # one run each first: both must succeed, and their page counts are shown
        for cmd in (ours, theirs):
            subprocess.run(cmd, check=True, capture_output=True)
        pages = {}
        for key, pdf in (("brochure", "b.pdf"), ("typst", "t.pdf")):
            info = subprocess.run(["pdfinfo", os.path.join(project, pdf)], capture_output=True, text=True).stdout
            pages[key] = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        export = os.path.join(project, "hyperfine.json")
        subprocess.run(
            ["hyperfine", "-N", "-w", "2", "-r", str(args.runs), "--export-json", export,
             "-n", f"brochure x{n}", " ".join(map(quote, ours)),
             "-n", f"typst x{n}", " ".join(map(quote, theirs)),
             "-n", "python + import typst", " ".join(map(quote, python_only))],
            check=True,
        )
        with open(export) as f:
            times = {r["command"]: r for r in json.load(f)["results"]}
        b, t, p = times[f"brochure x{n}"], times[f"typst x{n}"], times["python + import typst"]
        results.append({
            "scale": n,
            "pages": pages,
            "brochure_median_s": b["median"],
            "typst_median_s": t["median"],
            "python_import_median_s": p["median"],
            "brochure_peak_kb": peak_kb(ours),
            "typst_peak_kb": peak_kb(theirs),
            "python_import_peak_kb": peak_kb(python_only),
            "brochure_pdf_bytes": os.path.getsize(os.path.join(project, "b.pdf")),
        })
    print(json.dumps(results, indent=2))
    for r in results:
        net = r["typst_median_s"] - r["python_import_median_s"]
        print(
            f"x{r['scale']}: brochure {r['brochure_median_s'] * 1000:.0f} ms, "
            f"{r['brochure_peak_kb'] / 1024:.0f} MiB, {r['pages']['brochure']} pages; "
            f"typst {r['typst_median_s'] * 1000:.0f} ms ({net * 1000:.0f} ms without Python), "
            f"{r['typst_peak_kb'] / 1024:.0f} MiB, {r['pages']['typst']} pages; "
            f"brochure/typst {r['brochure_median_s'] / r['typst_median_s']:.2f} "
            f"({r['brochure_median_s'] / net:.2f} against Typst without Python)"
        )
    shutil.rmtree(work)


def quote(s):
    """A shell word."""
    return "'" + s.replace("'", "'\\''") + "'" if re.search(r"[^\w@%+=:,./-]", s) else s


if __name__ == "__main__":
    main()
