#!/usr/bin/env bash
# Rebuilds profiles/FOGRA39-brochure.icc, the CMYK output profile of the
# print edition's PDF/X-4 output intent, from the FOGRA39L characterisation
# data (Zlib) with ArgyllCMS colprof. Needs Debian's icc-profiles-free (the
# data) and argyll (colprof). See profiles/LICENSE.
#
#   apt-get install icc-profiles-free argyll
#   tools/make-fogra39-profile.sh
#
# Total ink limit 330 %, black limit 95 %, ramp black generation (colprof's
# default), medium quality tables, the perceptual table gamut-mapped from
# sRGB (the source of the brochure's images). The profile's header carries
# the date it was made, so a rebuild is not byte-identical; PDFs are
# deterministic because the file is shipped, not rebuilt.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
data=/usr/share/color/icc/FOGRA39L.ti3
srgb=/usr/share/color/argyll/ref/sRGB.icm
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$data" "$work/FOGRA39L.ti3"
(cd "$work" && colprof -qm -kr -l330 -L95 -nc -s "$srgb" \
  -D"Coated FOGRA39 (ISO 12647-2:2004), brochure" \
  -C"Zlib licence; made with ArgyllCMS colprof from FOGRA39L data" \
  -O FOGRA39-brochure.icc FOGRA39L)
cp "$work/FOGRA39-brochure.icc" "$here/profiles/FOGRA39-brochure.icc"
echo "wrote profiles/FOGRA39-brochure.icc"
