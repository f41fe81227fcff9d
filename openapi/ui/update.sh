#!/usr/bin/env bash
# Replaces the Swagger UI assets with those of swagger-ui-dist VERSION from npm
# (default: the version in ./VERSION) and records it. Only what /docs loads is
# kept: no source maps, no standalone preset, no ES bundles.
# Usage: openapi/ui/update.sh [VERSION]
set -euo pipefail
cd "$(dirname "$0")"
version="${1:-$(sed -n 's/^swagger-ui-dist \([^ ]*\).*/\1/p' VERSION)}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "swagger-ui-dist@$version" >/dev/null && tar xzf swagger-ui-dist-*.tgz)
files=(swagger-ui-bundle.js swagger-ui.css favicon-32x32.png favicon-16x16.png LICENSE NOTICE)
for f in "${files[@]}"; do cp "$tmp/package/$f" .; done
{
  echo "swagger-ui-dist $version (npm), files copied unchanged by update.sh:"
  sha256sum "${files[@]}"
} > VERSION
cat VERSION
