#!/usr/bin/env bash
# The CLI installable on its own. `npm pack` makes the tarball a user would install; its
# package.json must name keytar as the only runtime dependency (zod and everything else
# is bundled into out/main). The tarball is then installed the way `npm install -g` does,
# offline: npm cannot resolve version ranges without the registry's metadata, which the
# cache `npm ci` filled does not hold, so the tarball's runtime dependencies are installed
# at the versions of package-lock.json (`npm ci --omit=dev --offline` in the unpacked
# tarball; keytar builds from source against libsecret), and `npm install -g --prefix`
# links its `widget-token` into a temporary prefix. That command then runs `decode` and
# `get --profile sandbox`, and nothing of Electron, React, Vite or TypeScript is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work="$root/.tmp/cli-install-check"
rm -rf "$work"
mkdir -p "$work/stage"
fail() { echo "cli-install-check: FAILED: $*" >&2; exit 1; }

npm run -s build >/dev/null
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
tar -xzf "$work/$tarball" -C "$work/stage"
package="$work/stage/package"
echo "cli-install-check: packed $tarball ($(du -k "$work/$tarball" | cut -f1) KB, $(tar -tzf "$work/$tarball" | wc -l) files)"

deps=$(node -p 'Object.keys(require(process.argv[1]).dependencies ?? {}).join(" ")' "$package/package.json")
[ "$deps" = "keytar" ] || fail "the tarball's runtime dependencies are \"$deps\", expected keytar only"

# What a consumer's npm installs: the package without its devDependencies, at the lockfile's versions.
node -e '
  const fs = require("fs");
  const [pkgFile, lockFile, outLock] = process.argv.slice(1);
  const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8"));
  delete pkg.devDependencies;
  fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
  const lock = JSON.parse(fs.readFileSync(lockFile, "utf8"));
  const packages = {};
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key === "") { const { devDependencies, ...rootEntry } = entry; packages[key] = rootEntry; }
    else if (!entry.dev) packages[key] = entry;
  }
  fs.writeFileSync(outLock, JSON.stringify({ ...lock, packages }, null, 2));
' "$package/package.json" "$root/package-lock.json" "$package/package-lock.json"
(cd "$package" && npm ci --omit=dev --offline --no-audit --no-fund --loglevel=error >/dev/null)
prefix="$work/prefix"
npm install -g --prefix "$prefix" --offline --no-audit --no-fund --loglevel=error "$package" >/dev/null
bin="$prefix/bin/widget-token"
[ -x "$bin" ] || fail "npm install -g did not link widget-token into $prefix/bin"

shipped=$(ls "$package/node_modules")
for forbidden in electron electron-builder electron-vite react react-dom vite typescript zod zustand vitest playwright-core; do
  if grep -qx "$forbidden" <<<"$shipped"; then fail "the installed CLI pulled in $forbidden"; fi
done
echo "cli-install-check: installed: $(wc -l <<<"$shipped") packages beside it, $(du -sk "$package" | cut -f1) KB in all: $(tr '\n' ' ' <<<"$shipped")"

# A token shaped like the API document's sample: 19-digit ids kept exact.
token='eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJVc2VySUQiOjc0OTM5OTA3NTMyNTY5MDA0ODYsIlNob3BJRHMiOls3NDk0MDUwMjYxNjE5MjgzMjc4XSwiZXhwIjoxNzAxMDY2MDIwfQ.c2ln'
decoded=$("$bin" decode "$token" --json)
grep -Eq '"UserID": ?7493990753256900486' <<<"$decoded" || fail "decode lost digits: $decoded"

home="$work/home"
mkdir -p "$home"
fresh=$(WIDGET_TOKEN_HOME="$home" WIDGET_TOKEN_KEYCHAIN_SERVICE="widget-token-desk-install-check-$$" "$bin" get --profile sandbox)
[[ "$fresh" == eyJ* ]] || fail "get --profile sandbox printed: $fresh"
echo "cli-install-check: ok (decode keeps every digit; get --profile sandbox gave a token)"
