#!/usr/bin/env bash
# Golden hashes: one SHA-256 per output the compiler makes from the shipped
# project, so that a change meant to be behaviour-neutral can be proven so.
#
#   tools/golden.sh [BINARY] > before.txt     # then change the code
#   tools/golden.sh [BINARY] > after.txt
#   diff before.txt after.txt                 # empty: no output byte changed
#
# BINARY defaults to target/release/brochure, which the script first brings
# up to date with `cargo build --release`. Every command runs on a scratch
# copy of the project, so nothing in the repository is written. Covered: each language × edition (drafts
# where a translation is incomplete), two handouts, `build --all --draft`,
# the `--report` JSON, a build with SOURCE_DATE_EPOCH set, each XLIFF export
# and its import back (the source tree after it), `status` and `check` output
# (stdout, stderr and exit code), and the diagnostics of a broken source.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
if [ $# -ge 1 ]; then
  bin="$1"
else
  (cd "$here" && cargo build --release --quiet)
  bin="$here/target/release/brochure"
fi
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
proj="$work/project"
mkdir -p "$proj"
cp -r "$here/source" "$here/fonts" "$proj/"
out="$work/out"
mkdir -p "$out"
unset SOURCE_DATE_EPOCH

# Hashes one file under a name.
hash_file() { printf '%s  %s\n' "$(sha256sum < "$2" | cut -d' ' -f1)" "$1"; }

# Runs the binary on the project and hashes stdout, stderr and the exit code.
run() {
  local name="$1"; shift
  local code=0
  (cd "$proj" && "$bin" "$@") > "$work/stdout" 2> "$work/stderr" || code=$?
  # the scratch folder's name differs from run to run
  sed -i "s#$work#WORK#g" "$work/stdout" "$work/stderr"
  hash_file "$name:stdout" "$work/stdout"
  hash_file "$name:stderr" "$work/stderr"
  printf '%-64s  %s\n' "exit=$code" "$name:exit"
}

# Hashes every file of a tree, in path order.
hash_tree() {
  local name="$1" dir="$2"
  (cd "$dir" && find . -type f | LC_ALL=C sort | while read -r f; do
     printf '%s  %s\n' "$(sha256sum < "$f" | cut -d' ' -f1)" "$name/${f#./}"
   done)
}

for lang in nl en ar hi; do
  draft=()
  case "$lang" in ar|hi) draft=(--draft) ;; esac
  for edition in screen print booklet large-print; do
    pdf="$out/$lang-$edition.pdf"
    run "build $lang $edition" build --lang "$lang" "${draft[@]}" --edition "$edition" -o "$pdf"
    hash_file "pdf $lang $edition" "$pdf"
  done
done

run "build handout 4" build --only 4 -o "$out/handout-4.pdf"
hash_file "pdf handout 4" "$out/handout-4.pdf"
run "build handout print s4-yoga" build --edition print --only s4-yoga -o "$out/handout-yoga.pdf"
hash_file "pdf handout print s4-yoga" "$out/handout-yoga.pdf"

run "build nl report" build -o "$out/report.pdf" --report "$out/report.json"
hash_file "report nl json" "$out/report.json"
run "build en report" build --lang en -o "$out/report-en.pdf" --report "$out/report-en.json"
hash_file "report en json" "$out/report-en.json"

SOURCE_DATE_EPOCH=1700000000 run "build nl epoch" build -o "$out/epoch.pdf"
hash_file "pdf nl epoch" "$out/epoch.pdf"

run "build all draft" build --all --draft
hash_tree "out all" "$proj/out"
rm -rf "$proj/out"

run "status" status
for lang in en ar hi; do run "status $lang" status --lang "$lang"; done
run "check" check
run "check en" check --lang en
for lang in ar hi; do
  run "check $lang" check --lang "$lang"
  run "check $lang draft" check --lang "$lang" --draft
done

for lang in en ar hi; do
  run "xliff export $lang" xliff export --lang "$lang" -o "$out/$lang.xlf"
  hash_file "xliff $lang" "$out/$lang.xlf"
  run "xliff import $lang dry" xliff import --dry-run "$out/$lang.xlf"
  run "xliff import $lang" xliff import "$out/$lang.xlf"
done
hash_tree "source after import" "$proj/source"

# A translated target that drops a citation: refused, nothing written.
sed 's#<ph id="[^"]*"[^>]*>[^<]*</ph>##' "$out/en.xlf" > "$out/en-bad.xlf"
run "xliff import en refused" xliff import "$out/en-bad.xlf"

# Diagnostics of a broken source: a bad key, an unclosed emphasis, a bad
# citation range.
f="$proj/source/nl/01-inleiding.toml"
cp "$f" "$work/saved.toml"
sed -i '0,/^id = /s//idd = /' "$f"
printf '\n[[blocks]]\nkind = "paragraph"\ntext = "een *open nadruk en [3–1]"\n' >> "$f"
run "check broken" check
run "build broken" build -o "$out/broken.pdf"
cp "$work/saved.toml" "$f"
