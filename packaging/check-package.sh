#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The ssemon developers
# SPDX-License-Identifier: MIT
#
# Validates the built .deb, installs it on this machine, smoke-tests the installed programs,
# removes it and checks that nothing it installed is left behind. Needs root (apt-get).
#   packaging/check-package.sh build/release/ssemon_<version>_amd64.deb
set -euo pipefail

deb=$(realpath "$1")
work=$(mktemp -d)
serve_pid=
cleanup() {
    [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
step() { printf '\033[1m--> %s\033[0m\n' "$*"; }
fail() { printf 'check-package: %s\n' "$*" >&2; exit 1; }

version=$(dpkg-deb -f "$deb" Version)

step "lintian (errors and warnings fail; informational tags are listed)"
rc=0
lintian --info --fail-on error,warning "$deb" > "$work/lintian.txt" 2>&1 || rc=$?
grep -v 'running with root privileges' "$work/lintian.txt" || true
[ "$rc" -eq 0 ] || fail "lintian reported errors or warnings"

step "desktop file and AppStream metadata"
dpkg-deb -x "$deb" "$work/root"
desktop-file-validate "$work/root/usr/share/applications/org.ssemon.SseMonitor.desktop"
appstreamcli validate --no-net "$work/root/usr/share/metainfo/org.ssemon.SseMonitor.metainfo.xml"

step "installing $deb"
dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|' > "$work/files"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq "$deb" >/dev/null

step "ssemon-cli --version"
/usr/bin/ssemon-cli --version | tee "$work/version"
grep -q "^ssemon-cli $version (commit " "$work/version" || fail "unexpected version line"

step "ssemon-cli serve + watch on loopback"
/usr/bin/ssemon-cli serve --port 0 --event-ms 20 --heartbeat-ms 20 > "$work/serve.out" 2>/dev/null &
serve_pid=$!
for _ in $(seq 100); do
    [ -s "$work/serve.out" ] && break
    sleep 0.1
done
url=$(head -n 1 "$work/serve.out" | sed -n 's/^listening //p')
[ -n "$url" ] || fail "serve printed no listening line"
timeout 30 /usr/bin/ssemon-cli watch "$url" --json --max-events 3 > "$work/watch.out"
[ "$(grep -c '"kind":"event"' "$work/watch.out")" -eq 3 ] || fail "watch did not receive 3 events"
tail -n 1 "$work/watch.out" | grep -q '"kind":"end"' || fail "watch did not end with an end record"
kill "$serve_pid"
wait "$serve_pid" 2>/dev/null || true
serve_pid=

step "ssemon-cli check: the installed example on the embedded mock server"
dpkg-deb -f "$deb" Depends | grep -q 'libyaml-cpp' || fail "Depends does not name libyaml-cpp"
timeout 60 /usr/bin/ssemon-cli check /usr/share/ssemon/check/examples/mock-resume.yaml \
    --junit "$work/check.xml" > "$work/check.out" || fail "the example check did not pass"
grep -q '<testsuites name="mock-resume"' "$work/check.xml" || fail "no JUnit report"

step "ssemon --smoke-test (offscreen)"
QT_QPA_PLATFORM=offscreen timeout 60 /usr/bin/ssemon --smoke-test

step "man pages and completion"
man -w ssemon >/dev/null && man -w ssemon-cli >/dev/null
[ -f /usr/share/bash-completion/completions/ssemon-cli ]

step "removing the package"
apt-get purge -y -qq ssemon >/dev/null
left=0
while read -r path; do
    case "$path" in
        */) continue ;; # directories may be shared with other packages
    esac
    if [ -e "$path" ]; then
        echo "left behind: $path" >&2
        left=1
    fi
done < "$work/files"
for dir in /usr/share/ssemon /usr/share/doc/ssemon; do
    [ -e "$dir" ] && { echo "left behind: $dir" >&2; left=1; }
done
[ "$left" -eq 0 ] || fail "files were left behind after purge"
step "package check passed"
