#!/usr/bin/env bash
# Reproduces the tables of docs/benchmarks.md: builds benchmarks.jar (only this script activates the profile
# benchmarks-jar that shades it), runs the JMH suite with the GC profiler (ns/op and B/op: the client path per connect,
# the API path against the SHA-1 floor and the peers, the hostile header), then the end-to-end connect harness
# (latency) and the CPU-per-connect harnesses (the server in another JVM), for every supported client: the servlet
# client on Tomcat and on Jetty, Reactor Netty's, WebFlux's JSR-356 client on Tomcat and on Jetty, and its client on
# Jetty's native one. About 45 minutes on 2 cores. Run it under the build lock, so that no build shares the cores with
# the measurement: flock /tmp/mvn.lock benchmarks/run.sh
# Each CPU harness then profiles both clients (ConnectProfile: each alone in its own Java Flight Recorder recording,
# compared per 1,000 connects; recordings in benchmarks/target/profiles). Run it on Java 25 (JAVA=/path/to/java), whose
# CPU-time sampler sees native and kernel time; older JVMs sample only threads running Java code.
# The JMH suite's client path on Reactor Netty is ReactorNettyPathBenchmark: subtract each pipeline* line from its row.
# Extra arguments go to JMH, e.g. benchmarks/run.sh -f 3 for three forks.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmarks -am -P benchmarks-jar package -DskipTests
JAVA="${JAVA:-java}"
PROFILE=-Dharness.profile=benchmarks/target/profiles
"$JAVA" -jar benchmarks/target/benchmarks.jar -prof gc -rf json -rff benchmarks/target/jmh-result.json "$@"
"$JAVA" -cp benchmarks/target/benchmarks.jar io.wshandshake.benchmarks.EndToEndHarness
for client in tomcat jetty reactor-netty; do
    "$JAVA" "$PROFILE" -cp benchmarks/target/benchmarks.jar io.wshandshake.benchmarks.ConnectCpuHarness 40 250 10000 "$client"
done
for container in tomcat jetty jetty-native; do
    "$JAVA" "$PROFILE" -cp benchmarks/target/benchmarks.jar io.wshandshake.benchmarks.ReactiveConnectCpuHarness 20 200 4000 "$container"
done
