#!/usr/bin/env bash
# Checks the install the README's first screen describes: packs this clone with `npm pack`,
# installs the tarball globally into a temporary prefix (`npm install -g --prefix`), then runs the
# installed `stcodemod` from a folder outside the clone: `--version`, and a dry run of a copy of
# the bundled example app. Needs node, npm and the npm registry (for the dependencies), nothing else.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/stcodemod-install-XXXXXX")
trap 'rm -rf "$work"' EXIT

tarball=$(cd "$repo" && npm pack --silent --pack-destination "$work" | tail -n 1)
npm install --global --prefix "$work/prefix" --no-audit --no-fund --loglevel=error "$work/$tarball"
stcodemod="$work/prefix/bin/stcodemod"

cd "$work"
expected=$(node -p "require('$repo/package.json').version")
version=$("$stcodemod" --version)
if [ "$version" != "$expected" ]; then
  echo "install-check: stcodemod --version printed '$version', expected '$expected'" >&2
  exit 1
fi
cp -R "$repo/testdata/example-app" app
before=$(find app -type f -exec cksum {} + | sort)
"$stcodemod" all app --dry-run --no-cache > dry-run.txt
if ! grep -q '^+++ b/streamlit_app.py$' dry-run.txt || ! grep -q 'would be created  app/MIGRATION.md' dry-run.txt; then
  echo "install-check: the dry run of the example app did not show the expected changes:" >&2
  cat dry-run.txt >&2
  exit 1
fi
if [ "$(find app -type f -exec cksum {} + | sort)" != "$before" ]; then
  echo "install-check: the dry run wrote to the app" >&2
  exit 1
fi
installed="$work/prefix/lib/node_modules/stcodemod"
for shipped in data/streamlit-api/names.txt data/conda-pypi docs/codes/cache.md; do
  [ -e "$installed/$shipped" ] || { echo "install-check: $shipped is not in the package" >&2; exit 1; }
done
if find "$installed/dist" -name '*.test.js' | grep -q .; then
  echo "install-check: the package ships tests" >&2
  exit 1
fi
"$stcodemod" explain session/session-builder | grep -q '^Why: ' || { echo "install-check: explain has no entries" >&2; exit 1; }
"$stcodemod" list session | grep -q '^## What it does$' || { echo "install-check: list shows no doc block" >&2; exit 1; }
echo "install-check: $tarball installs into a prefix; stcodemod $version runs from another folder and dry-runs the example app"
