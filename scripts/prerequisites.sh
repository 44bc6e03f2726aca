# Sourced by ./sora and ./run-tests: checks what the project needs and, as root, installs what is missing.

require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: the .NET 10 SDK is required but 'dotnet' was not found on PATH." >&2
    exit 1
  fi
}

# require_apt_packages PACKAGE:PROBE... : a package is present when its probe (a command, or an absolute path) is;
# missing packages are installed when running as root, else named.
require_apt_packages() {
  local missing=() package probe
  for entry in "$@"; do
    package=${entry%%:*}
    probe=${entry#*:}
    if [[ "$probe" == /* ]]; then
      [ -e "$probe" ] || missing+=("$package")
    else
      command -v "$probe" >/dev/null 2>&1 || missing+=("$package")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "error: missing packages: ${missing[*]} (install them with: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "installing ${missing[*]}…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The media tools the generator and the pipeline run; the face cascades and the speech model cameo verification uses
# (OpenCV's native library, shipped on NuGet, links GTK).
MEDIA_PACKAGES=(ffmpeg:ffmpeg espeak-ng:espeak-ng fonts-dejavu-core:/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
  opencv-data:/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml libgtk-3-0:/usr/lib/x86_64-linux-gnu/libgtk-3.so.0
  pocketsphinx:pocketsphinx_continuous pocketsphinx-en-us:/usr/share/pocketsphinx/model/en-us/en-us/mdef)

# The photographs the cameo tests record (moved like a turning head); the browser the web app's tests drive.
TEST_PACKAGES=(opencv-doc:/usr/share/doc/opencv-doc/examples/data/messi5.jpg chromium:/usr/bin/chromium)

# The illustrations the generator draws (src/Media/Drawables/package.json, locked: Noto Emoji's icons and their Unicode
# CLDR names), installed by npm when missing or stale; the build copies them beside the assemblies.
require_drawables() {
  require_apt_packages nodejs:node npm:npm
  local folder
  folder="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/src/Media/Drawables"
  if [ ! -f "$folder/node_modules/@iconify-json/noto/icons.json" ] || [ "$folder/package-lock.json" -nt "$folder/node_modules/.package-lock.json" ]; then
    echo "installing the illustrations (npm ci in src/Media/Drawables)…" >&2
    npm ci --prefix "$folder" --no-audit --no-fund --loglevel=error >/dev/null
  fi
}

# The emulators the integration tests start (tests/emulators/package.json, locked), installed by npm when missing or stale.
require_emulators() {
  require_apt_packages nodejs:node npm:npm
  local folder=tests/emulators
  if [ ! -x "$folder/node_modules/.bin/azurite-blob" ] || [ "$folder/package-lock.json" -nt "$folder/node_modules/.package-lock.json" ]; then
    echo "installing the emulators (npm ci in $folder)…" >&2
    npm ci --prefix "$folder" --no-audit --no-fund --loglevel=error >/dev/null
  fi
}
