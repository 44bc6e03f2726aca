#!/usr/bin/env bash
# The README's contact sheet: one frame of each of twelve example prompts, as ./sora generate makes them on embedded
# defaults (4 s, 720x1280, seed 1, the frame at 1.4 s: a flip or a dive is in the air), tiled 6 × 2.
# Usage: scripts/contact-sheet.sh [OUT]   (default docs/contact-sheet.jpg; takes a few minutes)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/docs/contact-sheet.jpg}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

prompts=(
  "A jazz band performing in a dimly lit club, spotlight on the saxophone player"
  "A steaming cup of coffee on a wooden table, morning sunlight through a window"
  "A gymnast flipping on a balance beam"
  "A skateboarder does a backflip"
  "A man jumps off a diving board doing a cannonball"
  "A man playing trumpet in the middle of a zebra herd"
  "Two friends arm wrestling at a kitchen table"
  "A golden retriever runs along a beach at sunset, the camera pans right"
  "A rainy neon city street at night, a woman with an umbrella walks past"
  "A fox trots through a snowy forest at dawn"
  "Three kids fly a kite on a windy hill"
  "An owl sits on a branch at night under a full moon"
)

index=0
for prompt in "${prompts[@]}"; do
  index=$((index + 1))
  echo "$index/${#prompts[@]}  $prompt" >&2
  "$root/sora" generate "$prompt" --seconds 4 --size 720x1280 --seed 1 --data "$work/data" --out "$work/clip.mp4" >/dev/null
  ffmpeg -v error -y -ss 1.4 -i "$work/clip.mp4" -frames:v 1 "$work/frame-$(printf %02d "$index").png"
done

mkdir -p "$(dirname "$out")"
ffmpeg -v error -y -framerate 1 -i "$work/frame-%02d.png" -vf "scale=240:-1,tile=6x2:padding=6:color=0x111111" -frames:v 1 -q:v 3 "$out"
echo "$out" >&2
