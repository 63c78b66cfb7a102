#!/usr/bin/env bash
# Builds the README's minimal application from the README's own text and connects it to the sample app's server.
# The fenced blocks after <!-- readme-app: pom-fragment -->, <!-- readme-app: <path> --> and
# <!-- readme-app: output --> become a Maven project in a temporary directory, built against the starter as this
# checkout builds it; the application must print the README's output lines (ports aside). Needs a JDK 17+ and Maven
# Central (for anything not already in ~/.m2); a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
readme=$repo/README.md
work=$(mktemp -d)
sample_pid=
cleanup() {
    if [ -n "$sample_pid" ]; then kill "$sample_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# The fenced block after the line <!-- readme-app: $1 -->; fails if there is none or it is empty.
block() {
    awk -v marker="<!-- readme-app: $1 -->" '
        $0 == marker { state = 1; next }
        state == 1 && /^```/ { state = 2; next }
        state == 2 && /^```/ { exit }
        state == 2 { print }' "$readme" > "$work/block"
    if [ ! -s "$work/block" ]; then
        echo "README.md has no block marked <!-- readme-app: $1 -->" >&2
        exit 1
    fi
    cat "$work/block"
}

# Install the starter into a local repository of its own, read-through to the usual one (~/.m2 is only read): the
# application is built against this checkout's starter, never an older one installed before.
maven_repo=(-Dmaven.repo.local="$work/repository" -Dmaven.repo.local.tail="${MAVEN_REPO_TAIL:-$HOME/.m2/repository}")
echo "readme-app: installing the starter"
./mvnw -B -q install -DskipTests "${maven_repo[@]}"

# The application, from the README: the POM fragment inside a project of its own, then every file it names.
app=$work/app
mkdir -p "$app"
{
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    echo '         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">'
    echo '    <modelVersion>4.0.0</modelVersion>'
    echo '    <groupId>com.example</groupId>'
    echo '    <artifactId>readme-app</artifactId>'
    echo '    <version>1.0</version>'
    block pom-fragment
    echo '</project>'
} > "$app/pom.xml"
files=$(sed -n 's/^<!-- readme-app: \(src\/[^ ]*\) -->$/\1/p' "$readme")
[ -n "$files" ] || { echo "README.md marks no source file (<!-- readme-app: src/... -->)" >&2; exit 1; }
for file in $files; do
    mkdir -p "$(dirname "$app/$file")"
    block "$file" > "$app/$file"
done
echo "readme-app: building $(echo $files | wc -w) files and the POM fragment from README.md"
"$repo/mvnw" -B -q -f "$app/pom.xml" package "${maven_repo[@]}"

# The server: the sample app on a free port, up once its demonstration has run.
java -jar sample-app/target/sample-app-*-exec.jar --server.port=0 > "$work/sample.log" 2>&1 &
sample_pid=$!
for _ in $(seq 1 120); do
    grep -q 'Press Ctrl+C to stop' "$work/sample.log" && break
    kill -0 "$sample_pid" 2>/dev/null || break
    sleep 1
done
port=$(sed -n 's|.*Handshake metrics: http://localhost:\([0-9]*\)/.*|\1|p' "$work/sample.log" | head -n 1)
if [ -z "$port" ]; then
    echo "The sample app did not start:" >&2
    cat "$work/sample.log" >&2
    exit 1
fi

# The application against it: it must exit 0 and print the README's output lines, with the sample's real port.
url="ws://localhost:$port/chat"
status=0
(cd "$app" && timeout 120 java -jar target/readme-app-1.0.jar --chat.url="$url") > "$work/app.log" 2>&1 || status=$?
missing=$(block output | sed "s|localhost:8080|localhost:$port|g" | while IFS= read -r line; do
    grep -Fxq -- "$line" "$work/app.log" || echo "$line"
done)
if [ "$status" -ne 0 ] || [ -n "$missing" ]; then
    echo "The README's application (exit code $status) did not print:" >&2
    echo "$missing" >&2
    echo "--- its output:" >&2
    cat "$work/app.log" >&2
    exit 1
fi

# And the sample stops cleanly on SIGTERM, as the README says.
kill -TERM "$sample_pid"
sample_status=0
wait "$sample_pid" || sample_status=$?
sample_pid=
if [ "$sample_status" -ne 0 ]; then
    echo "The sample app exited with $sample_status on SIGTERM, not 0" >&2
    exit 1
fi
echo "readme-app: the README's application connected to $url and printed what the README shows"
