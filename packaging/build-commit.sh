#!/bin/sh
# Writes the build's record of where it comes from, shown by harden --version: the version, the
# Git commit and whether the work tree had uncommitted changes. Run by Maven (generate-resources).
# Usage: build-commit.sh BASEDIR OUTPUT_FILE VERSION
# Built from sources without Git (a source tarball), or from a folder that is not the top of its
# own Git work tree, the commit is left empty and harden --version says "unknown commit".
set -e
base=$1 out=$2 version=$3
commit='' dirty=false
if command -v git >/dev/null 2>&1 && top=$(git -C "$base" rev-parse --show-toplevel 2>/dev/null) \
   && [ "$(cd "$top" && pwd -P)" = "$(cd "$base" && pwd -P)" ]; then
  commit=$(git -C "$base" rev-parse HEAD 2>/dev/null || true)
  if [ -n "$(git -C "$base" status --porcelain --untracked-files=no 2>/dev/null | head -n 1)" ]; then
    dirty=true
  fi
fi
mkdir -p "$(dirname "$out")"
printf 'git.build.version=%s\ngit.commit.id.full=%s\ngit.dirty=%s\n' "$version" "$commit" "$dirty" >"$out"
