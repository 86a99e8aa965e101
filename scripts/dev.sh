#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The ssemon developers
# SPDX-License-Identifier: MIT
#
# One entry point for a fresh Debian 12 machine:
#   scripts/dev.sh run    install what is missing, build, launch the GUI on the embedded mock
#                         server (without a display: stream it with ssemon-cli instead)
#   scripts/dev.sh test   install what is missing, build, run the whole test suite
#   scripts/dev.sh asan   the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   scripts/dev.sh package        build the .deb and .tar.gz (build/release/)
#   scripts/dev.sh package-check  package, then validate, install, smoke-test and remove the .deb
#   scripts/dev.sh fuzz   build the libFuzzer targets (clang) and run each for a bounded time
#   scripts/dev.sh campaign [ARGS]  build the fuzz targets, then a long campaign
#                         (tests/fuzz/campaign.sh ARGS; --help lists them)
#   scripts/dev.sh tsan   build under ThreadSanitizer and run the threaded tests (ctest label
#                         `threaded`: client, server, proxy, CLI, hostile peers)
set -euo pipefail

cd "$(dirname "$0")/.."

# Debian 12 packages the build, the tests and the GUI need; nghttpx (nghttp2-proxy) and openssl
# are the HTTP/2 peer and the certificate maker of the interop tests, nginx (nginx-light) the
# misconfigured proxy the doctor diagnoses there (tst_doctornginx); node and python3 run the
# JavaScript and Python snippets the GUI copies (tst_codesnippet); yaml-cpp reads the check
# files of `ssemon-cli check`, whose JUnit reports xmllint (libxml2-utils) validates
# (tst_checkreport).
PACKAGES=(cmake ninja-build g++ git pkg-config qt6-base-dev qt6-base-dev-tools qt6-qpa-plugins
          libgl-dev zlib1g-dev qtkeychain-qt6-dev libyaml-cpp-dev fonts-dejavu-core
          ca-certificates nghttp2-proxy nginx-light openssl nodejs python3 libxml2-utils)
# The fuzz targets need clang and its libFuzzer runtime.
FUZZ_PACKAGES=(clang libclang-rt-14-dev)
# What building and checking the packages needs on top.
PACKAGING_PACKAGES=(dpkg-dev file gzip lintian desktop-file-utils appstream man-db)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

install_packages() {
    local missing=()
    for p in "${PACKAGES[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
            || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing ${missing[*]}"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The official provider SDKs the interop tests run against the mock server's presets
# (tst_presetsdks), pinned by tests/interop/node/package-lock.json; installed again when the
# lock file is newer than what npm last installed.
NODE_DIR=tests/interop/node
install_node_packages() {
    command -v npm >/dev/null || install_packages npm
    local installed=$NODE_DIR/node_modules/.package-lock.json
    if [ -f "$installed" ] && [ ! "$NODE_DIR/package-lock.json" -nt "$installed" ]; then
        return 0
    fi
    log "installing the npm packages of the interop tests ($NODE_DIR)"
    npm ci --prefix "$NODE_DIR" --no-audit --no-fund --ignore-scripts
}

build() {
    local preset=$1
    log "configuring and building (preset $preset)"
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset"
}

run_tests() {
    local preset=$1
    log "running the test suite (preset $preset)"
    QT_QPA_PLATFORM=offscreen ctest --preset "$preset" -j "$(nproc)"
}

cmd=${1:-}
case "$cmd" in
    run)
        install_packages
        install_node_packages
        build dev
        if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
            log "launching ssemon on its embedded mock server"
            exec build/dev/app/ssemon
        fi
        log "no display found (DISPLAY and WAYLAND_DISPLAY are unset): showing the embedded mock" \
            "server's stream with ssemon-cli instead; Ctrl-C to stop"
        exec build/dev/app/ssemon-cli watch
        ;;
    test)
        install_packages
        install_node_packages
        build dev
        run_tests dev
        ;;
    asan)
        install_packages
        install_node_packages
        build asan
        run_tests asan
        ;;
    tsan)
        install_packages
        install_node_packages
        build tsan
        run_tests tsan
        ;;
    fuzz)
        install_packages "${FUZZ_PACKAGES[@]}"
        build fuzz
        log "fuzzing each target for ${SSEMON_FUZZ_SECONDS:-20} s"
        cmake -S . -B build/fuzz -DSSEMON_FUZZ_SECONDS="${SSEMON_FUZZ_SECONDS:-20}" >/dev/null
        # Findings (crash-* files) land in build/fuzz/tests/fuzz/findings.
        ctest --preset fuzz
        ;;
    campaign)
        install_packages "${FUZZ_PACKAGES[@]}"
        build fuzz
        shift
        exec tests/fuzz/campaign.sh --build build/fuzz "$@"
        ;;
    package|package-check)
        install_packages "${PACKAGING_PACKAGES[@]}"
        build release
        log "packaging (.deb and .tar.gz)"
        (cd build/release && cpack)
        ls -l build/release/*.deb build/release/*.tar.gz
        if [ "$cmd" = package-check ]; then
            log "checking the .deb"
            [ "$(id -u)" -eq 0 ] || { echo "package-check installs the package: run as root" >&2; exit 1; }
            packaging/check-package.sh build/release/ssemon_*.deb
        fi
        ;;
    *)
        echo "usage: scripts/dev.sh run|test|asan|tsan|fuzz|campaign|package|package-check" >&2
        exit 64
        ;;
esac
