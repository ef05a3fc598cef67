#!/usr/bin/env bash
# The whole suite, the same command on a desktop, a headless box and CI.
# It builds first (the CLI and end-to-end tests run the built app). On Linux the tests
# get a private Secret Service (D-Bus session + gnome-keyring with a throwaway keyring
# folder), so they never touch the user's own keyring and never meet a locked one.
# It ends with one plain line, "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
npm run -s build >/dev/null
mkdir -p .tmp
results=.tmp/vitest-results.json
rm -f "$results"
vitest=(npx vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@")

status=0
if [ "$(uname -s)" = "Linux" ]; then
  for tool in dbus-run-session gnome-keyring-daemon; do
    command -v "$tool" >/dev/null || { echo "npm test needs $tool on Linux (Debian/Ubuntu: apt-get install dbus gnome-keyring libsecret-1-dev)." >&2; exit 1; }
  done
  keyring_home=$(mktemp -d)
  trap 'rm -rf "$keyring_home"' EXIT
  export WIDGET_TOKEN_PRIVATE_KEYRING="$keyring_home"
  dbus-run-session -- bash -c '
    echo -n pw | XDG_DATA_HOME="$WIDGET_TOKEN_PRIVATE_KEYRING" gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec "$@"' -- "${vitest[@]}" 2> >(grep -v -e "Failed to set fd limit" -e "org.a11y.Bus" >&2) || status=$?
else
  "${vitest[@]}" || status=$?
fi

if [ -f "$results" ]; then
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const skipped = r.numPendingTests + r.numTodoTests;
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  ' "$results"
fi
exit "$status"
