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

# require_npm_folder FOLDER PROBE WHAT : runs npm ci in FOLDER (its package-lock.json pins every package) when PROBE
# (a path inside it) is missing or the lock is newer than the last install.
require_npm_folder() {
  require_apt_packages nodejs:node npm:npm
  if [ ! -e "$1/$2" ] || [ "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]; then
    echo "installing $3 (npm ci in $1)…" >&2
    npm ci --prefix "$1" --no-audit --no-fund --loglevel=error >/dev/null
  fi
}

# The illustrations the generator draws (Noto Emoji's icons and their Unicode CLDR names); the build copies them
# beside the assemblies.
require_drawables() {
  require_npm_folder "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/src/Media/Drawables" node_modules/@iconify-json/noto/icons.json "the illustrations"
}

# The C2PA signer Publish runs (c2pa-node, whose package carries c2pa-rs built for linux-x64; credentials/.npmrc keeps
# npm from running its install script, which would download one).
require_credentials() {
  require_npm_folder "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/credentials" node_modules/@contentauth/c2pa-node/dist/index.node "the C2PA signer"
}

# The emulators the integration tests and ./sora emulators start (Azurite, cosmosdb-server).
require_emulators() {
  require_npm_folder "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/emulators" node_modules/.bin/azurite "the emulators"
}

# The official clients the tests drive the API with: OpenAI's SDK, the Standard Webhooks verifier, an OpenAPI validator,
# and c2pa-js's WebAssembly reader of Content Credentials.
require_clients() {
  require_npm_folder tests/clients node_modules/openai/package.json "the API's clients"
}
