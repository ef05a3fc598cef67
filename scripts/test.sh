#!/usr/bin/env bash
# The whole suite, the same command on a desktop, a headless box and CI.
# It builds first (the CLI and end-to-end tests run the built app). On Linux the tests
# get a private Secret Service (D-Bus session + gnome-keyring with a throwaway keyring
# folder), so they never touch the user's own keyring and never meet a locked one.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run -s build >/dev/null
if [ "$(uname -s)" = "Linux" ] && [ -z "${WIDGET_TOKEN_PRIVATE_KEYRING:-}" ]; then
  for tool in dbus-run-session gnome-keyring-daemon; do
    command -v "$tool" >/dev/null || { echo "npm test needs $tool on Linux (Debian/Ubuntu: apt-get install dbus gnome-keyring libsecret-1-dev)." >&2; exit 1; }
  done
  keyring_home=$(mktemp -d)
  trap 'rm -rf "$keyring_home"' EXIT
  export WIDGET_TOKEN_PRIVATE_KEYRING="$keyring_home"
  dbus-run-session -- bash -c '
    echo -n pw | XDG_DATA_HOME="$WIDGET_TOKEN_PRIVATE_KEYRING" gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec npx vitest run "$@"' -- "$@" 2> >(grep -v "Failed to set fd limit" >&2)
  exit $?
fi
exec npx vitest run "$@"
