#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The ssemon developers
# SPDX-License-Identifier: MIT
#
# A long fuzz campaign: every target in tests/fuzz/CMakeLists.txt, each for a time of its own,
# on N parallel queues (one per core), then a table of what each did.
#
#   tests/fuzz/campaign.sh [--build DIR] [--out DIR] [--jobs N] [--seconds S]
#                          [--time TARGET=S ...] [--summary]
#
#   --build DIR   where the fuzz preset built the targets (default build/fuzz)
#   --out DIR     corpora, findings and logs (default /tmp/ssemon-campaign); an existing corpus
#                 there is carried on from, so campaigns add up
#   --jobs N      targets run at once (default: the number of cores)
#   --seconds S   time per target (default 900)
#   --time T=S    time for one target (T without the fuzz_ prefix), may be repeated
#   --summary     only print the table for the logs already in --out
#
# Exit status: 0 when every target ran and left no finding, 1 when a target failed or left a
# finding (crash-, leak-, timeout- or oom- file), 2 for a usage error.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=build/fuzz
out=/tmp/ssemon-campaign
jobs=$(nproc)
seconds=900
summaryOnly=0
declare -A timeOf=()

usage() {
    sed -n '5,20p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}
fail() {
    echo "campaign.sh: $*" >&2
    exit 2
}
isCount() { [[ $1 =~ ^[1-9][0-9]{0,6}$ ]]; }

while [ $# -gt 0 ]; do
    case $1 in
        --build) [ $# -ge 2 ] || usage; build=$2; shift 2 ;;
        --out) [ $# -ge 2 ] || usage; out=$2; shift 2 ;;
        --jobs) [ $# -ge 2 ] && isCount "$2" || fail "--jobs takes a count from 1"; jobs=$2; shift 2 ;;
        --seconds) [ $# -ge 2 ] && isCount "$2" || fail "--seconds takes a count from 1"
            seconds=$2; shift 2 ;;
        --time)
            [ $# -ge 2 ] && [[ $2 =~ ^([a-z]+)=([1-9][0-9]{0,6})$ ]] \
                || fail "--time takes TARGET=SECONDS, as in --time sseparser=1200"
            timeOf[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}; shift 2 ;;
        --summary) summaryOnly=1; shift ;;
        -h|--help) usage ;;
        *) fail "unknown argument '$1' (see --help)" ;;
    esac
done

# The targets, their dictionaries and seed directories, as CMake declares them.
names=() dicts=()
while read -r name dict corpus; do
    names+=("${name#fuzz_}")
    dicts+=("$dict")
    [ "$corpus" = "${name#fuzz_}" ] || fail "$name: seed directory '$corpus' is not its name"
# (after name, dictionary and seeds, the core components it links)
done < <(sed -n \
    's/^ssemon_add_fuzzer(\([a-z_]*\) \([a-z]*\.dict\) \([a-z]*\)\( [a-z]*\)*)$/\1 \2 \3/p' \
    "$here/CMakeLists.txt")
[ ${#names[@]} -gt 0 ] || fail "no ssemon_add_fuzzer() lines in $here/CMakeLists.txt"
for t in "${!timeOf[@]}"; do
    [[ " ${names[*]} " == *" $t "* ]] || fail "--time: no target named '$t' (${names[*]})"
done

runTarget() { # index
    local name=${names[$1]} dict=${dicts[$1]} secs=${timeOf[${names[$1]}]:-$seconds}
    mkdir -p "$out/corpus/$name" "$out/findings/$name" "$out/logs"
    echo "$secs" > "$out/logs/$name.seconds"
    "$build/tests/fuzz/fuzz_$name" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=30 \
        -print_final_stats=1 -dict="$here/$dict" -artifact_prefix="$out/findings/$name/" \
        "$out/corpus/$name" "$here/corpus/$name" > "$out/logs/$name.log" 2>&1
    echo $? > "$out/logs/$name.exit"
}

if [ $summaryOnly -eq 0 ]; then
    for name in "${names[@]}"; do
        [ -x "$build/tests/fuzz/fuzz_$name" ] \
            || fail "$build/tests/fuzz/fuzz_$name is missing: cmake --preset fuzz && cmake --build --preset fuzz"
    done
    # Longest first, each onto the queue with the least work so far.
    order=$(for i in "${!names[@]}"; do echo "${timeOf[${names[$i]}]:-$seconds} $i"; done | sort -rn)
    declare -a load=() queue=()
    for ((q = 0; q < jobs; ++q)); do load[q]=0; queue[q]=""; done
    while read -r secs i; do
        best=0
        for ((q = 1; q < jobs; ++q)); do [ "${load[q]}" -lt "${load[best]}" ] && best=$q; done
        load[best]=$((load[best] + secs))
        queue[best]+=" $i"
    done <<< "$order"
    longest=0
    for ((q = 0; q < jobs; ++q)); do [ "${load[q]}" -gt $longest ] && longest=${load[q]}; done
    echo "campaign: ${#names[@]} targets on $jobs queue(s), about $((longest / 60)) min; logs in $out/logs" >&2
    for ((q = 0; q < jobs; ++q)); do
        (for i in ${queue[q]}; do runTarget "$i"; done) &
    done
    wait
fi

# The table: executions and rate from libFuzzer's final stats, the last coverage line and
# corpus (inputs/bytes) as libFuzzer reported them, and any finding.
status=0 total=0
printf '%-20s %8s %14s %10s %6s %6s %12s %s\n' target seconds executions exec/s cov ft corpus findings
for name in "${names[@]}"; do
    log=$out/logs/$name.log
    if [ ! -f "$log" ]; then
        printf '%-20s not run\n' "$name"; status=1; continue
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    covft=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
    cov=$(echo "$covft" | awk '{print $2}') ft=$(echo "$covft" | awk '{print $4}')
    corpus=$(grep -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -1 | cut -d' ' -f2)
    findings=$(find "$out/findings/$name" -type f \( -name 'crash-*' -o -name 'leak-*' \
        -o -name 'timeout-*' -o -name 'oom-*' \) 2>/dev/null | xargs -r -n1 basename | tr '\n' ' ')
    secs=$(cat "$out/logs/$name.seconds" 2>/dev/null || echo '?')
    exitCode=$(cat "$out/logs/$name.exit" 2>/dev/null || echo '?')
    if [ -z "$execs" ] || [ -z "$covft" ]; then
        printf '%-20s no final stats in %s (exit %s)\n' "$name" "$log" "$exitCode"; status=1; continue
    fi
    [ -z "$findings" ] && [ "$exitCode" = 0 ] || status=1
    [ "$exitCode" = 0 ] || findings+="(exit $exitCode)"
    total=$((total + execs))
    printf '%-20s %8s %14s %10s %6s %6s %12s %s\n' "$name" "$secs" "$execs" "$rate" "$cov" "$ft" \
        "$corpus" "${findings:-none}"
done
printf '%-20s %8s %14s\n' total '' "$total"
exit $status
