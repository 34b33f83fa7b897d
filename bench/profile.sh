#!/usr/bin/env bash
# Where a harden run's controller CPU goes: runs the launcher once with Java Flight Recorder
# (method sampling every 10 ms) and sorts the samples into the phases of a run by the innermost
# frame of a known package:
#   handshake   SSH key exchange, host-key and login signatures (BouncyCastle, EdDSA, JCE)
#   ssh-io      the rest of MINA SSHD: packets, channels, ciphers on the data, NIO
#   probe       decoding and parsing the facts the probe sent back (facts, transport, Base64)
#   render      modules, templates (FreeMarker), resources, diffs, the plan
#   apply       the change protocol (apply, state)
#   source      reading the commit (JGit) and validating the desired state (YAML, policies)
#   output      the CLI's text or JSON
#   jvm         class loading and everything else of the JDK, with no harden frame above it
# A sample is one thread seen running Java code; time in the JIT compiler, the GC and in native
# code is not sampled (the table's CPU seconds include it): the JIT's compile time (-XX:+CITime)
# and the GC's pauses are printed under the table.
#
#   bench/profile.sh OUT.jfr -- HARDEN_ARGS...     e.g. bench/profile.sh /tmp/plan.jfr -- plan --repo R
#   bench/profile.sh OUT.jfr                       summarises an existing recording
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
harden=${HARDEN:-$here/harden}
jfr_file=$1
shift
if [ "${1:-}" = "--" ]; then
  shift
  HARDEN_JAVA_OPTS="${HARDEN_JAVA_OPTS:-} -XX:+CITime -XX:StartFlightRecording=filename=$jfr_file,settings=profile" \
    "$harden" "$@" >"$jfr_file.out" 2>&1 || true
fi
jfr_tool="$(dirname "$(readlink -f "$(command -v java)")")/jfr"
"$jfr_tool" print --events jdk.ExecutionSample --stack-depth 96 "$jfr_file" | awk '
  function phase(frame) {
    if (frame ~ /org\.bouncycastle|net\.i2p\.crypto|sun\.security|com\.sun\.crypto|javax\.crypto|sshd\.common\.kex|sshd\.common\.signature|sshd\.client\.kex|sshd\.client\.auth|java\.math\.BigInteger/) return "handshake"
    if (frame ~ /dev\.harden\.(facts|transport)|java\.util\.Base64/) return "probe"
    if (frame ~ /dev\.harden\.(module|template|resource|plan)|freemarker\.|com\.github\.difflib/) return "render"
    if (frame ~ /dev\.harden\.(apply|state)/) return "apply"
    if (frame ~ /org\.eclipse\.jgit|dev\.harden\.(source|desired|policy|yaml|inventory)|org\.snakeyaml/) return "source"
    if (frame ~ /dev\.harden\.(cli|json)|com\.fasterxml|picocli\./) return "output"
    if (frame ~ /org\.apache\.sshd|sun\.nio|java\.nio/) return "ssh-io"
    return ""
  }
  /^jdk\.ExecutionSample/ { if (in_sample) count(); in_sample = 1; got = ""; next }
  in_sample && /line:/ { if (got == "") got = phase($0); next }
  function count() { total++; samples[got == "" ? "jvm" : got]++ }
  END {
    if (in_sample) count();
    if (total == 0) { print "no samples"; exit 1 }
    printf "%-10s %8s %6s\n", "phase", "samples", "share";
    n = split("handshake ssh-io probe render apply source output jvm", order, " ");
    for (i = 1; i <= n; i++) printf "%-10s %8d %5.1f%%\n", order[i], samples[order[i]], 100 * samples[order[i]] / total;
    printf "%-10s %8d\n", "total", total
  }'
[ ! -f "$jfr_file.out" ] || sed -n 's/^ *Total compilation time *: */JIT compile time: /p' "$jfr_file.out"
"$jfr_tool" print --events jdk.GarbageCollection "$jfr_file" | awk '
  /sumOfPauses/ { n++; v = $3; if ($4 == "s") v *= 1000; ms += v }
  END { printf "GC pauses: %.0f ms in %d collections\n", ms, n }'
