#!/usr/bin/env bash
# The README's pictures of the app: the browser test that walks two members through it photographs every page; six of
# its phone photographs are tiled side by side.
# Usage: scripts/app-screenshots.sh [OUT]   (default docs/app-phone.jpg; takes a few minutes)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/docs/app-phone.jpg}"
shots="$root/tests/Local.Tests/TestResults/screenshots"
cd "$root"
. scripts/prerequisites.sh
require_dotnet
require_apt_packages "${MEDIA_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
require_drawables
dotnet test tests/Local.Tests -c Release --filter "FullyQualifiedName~WebAppTests.Two_members_join" >&2

pages=(following discover search create draft notifications)
inputs=()
for name in "${pages[@]}"; do inputs+=(-i "$shots/$name-phone.png"); done
mkdir -p "$(dirname "$out")"
ffmpeg -v error -y "${inputs[@]}" -filter_complex "hstack=inputs=${#pages[@]},scale=1560:-1" -frames:v 1 -q:v 3 "$out"
echo "$out" >&2
