#!/usr/bin/env python3
"""Writes source/<LANG>/source-history.toml for a translation whose tables
name the current source text (docs/translation.md, "Earlier source texts").

`brochure xliff import` keeps that file up to date from then on; this script
starts it for a translation made before the file existed, recording the
current source text under each fingerprint that a table of the translation
names and that is the current one (a stale table's earlier text is unknown
and left out). The output is the bytes `brochure xliff import` would write.

    tools/source-history.py LANG [PROJECT_ROOT]
"""
import glob
import hashlib
import json
import sys
import tomllib

FIELDS = ["title", "lead", "text", "caption", "alt", "items"]


def raw(table):
    out = []
    for f in FIELDS:
        v = table.get(f)
        if isinstance(v, str):
            out.append((f, v))
        elif isinstance(v, list):
            out += [(f, i) for i in v if isinstance(i, str)]
    return out


def fingerprint(fields):
    h = hashlib.sha256()
    for f, v in fields:
        name = "item" if f == "items" else f
        h.update(f"{name}\n{' '.join(v.split())}\n".encode())
    return h.hexdigest()[:16]


def toml_string(v):
    v = v.strip()
    control = any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in v)
    if "'''" in v or control:
        return json.dumps(v, ensure_ascii=False)
    if "\n" in v or "'" in v:
        return f"'''\n{v}\n'''"
    return f"'{v}'"


def main():
    lang = sys.argv[1]
    root = sys.argv[2] if len(sys.argv) > 2 else "."
    settings = tomllib.load(open(f"{root}/source/brochure.toml", "rb"))
    source = settings.get("source_language", "nl")
    units = []
    for p in sorted(glob.glob(f"{root}/source/{source}/[0-9][0-9]-*.toml")):
        d = tomllib.load(open(p, "rb"))
        if "section" in d:
            units.append((d["section"]["id"], raw(d["section"])))
        for b in d.get("block", []):
            units.append((b["id"], raw(b)))
    named = {}
    for p in glob.glob(f"{root}/source/{lang}/[0-9][0-9]-*.toml"):
        for k, v in tomllib.load(open(p, "rb")).items():
            if isinstance(v, dict) and "source" in v:
                named[k] = v["source"]
    out = (
        "# The source texts this translation was made from, by fingerprint (the\n"
        "# `source` of its tables). Written by `brochure xliff import`; read by\n"
        "# `brochure status --diff` and the XLIFF export. Do not edit.\n"
    )
    seen = set()
    for id, fields in units:
        fp = fingerprint(fields)
        if named.get(id) != fp or fp in seen:
            continue
        seen.add(fp)
        out += f'\n["{fp}"]\nblock = {toml_string(id)}\n'
        for k, v in fields:
            if k != "items":
                out += f"{k} = {toml_string(v)}\n"
        items = [v for k, v in fields if k == "items"]
        if items:
            out += "items = [\n" + "".join(f"  {toml_string(i)},\n" for i in items) + "]\n"
    with open(f"{root}/source/{lang}/source-history.toml", "w") as f:
        f.write(out)
    print(f"source/{lang}/source-history.toml: {len(seen)} texts of {len(named)} tables")


if __name__ == "__main__":
    main()
