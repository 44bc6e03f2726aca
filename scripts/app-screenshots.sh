#!/usr/bin/env bash
# The README's pictures of the app: the browser test that walks two members through it photographs every page; six of
# its phone photographs are tiled side by side, and four of its desktop ones two by two.
# Usage: scripts/app-screenshots.sh [FOLDER]   (default docs: app-phone.jpg and app-desktop.jpg; takes a few minutes)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/docs}"
shots="$root/tests/Local.Tests/TestResults/screenshots"
cd "$root"
. scripts/prerequisites.sh
require_dotnet
require_apt_packages "${MEDIA_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
require_drawables
dotnet test tests/Local.Tests -c Release --filter "FullyQualifiedName~WebAppTests.Two_members_join" >&2

mkdir -p "$out"
inputs=()
for name in following discover search create draft notifications; do inputs+=(-i "$shots/$name-phone.png"); done
ffmpeg -v error -y "${inputs[@]}" -filter_complex "hstack=inputs=6,scale=1560:-1" -frames:v 1 -q:v 3 "$out/app-phone.jpg"
inputs=()
for name in following clip discover notifications; do inputs+=(-i "$shots/$name-desktop.png"); done
ffmpeg -v error -y "${inputs[@]}" -filter_complex "xstack=inputs=4:layout=0_0|w0_0|0_h0|w0_h0,scale=1560:-1" -frames:v 1 -q:v 3 "$out/app-desktop.jpg"
echo "$out/app-phone.jpg $out/app-desktop.jpg" >&2
