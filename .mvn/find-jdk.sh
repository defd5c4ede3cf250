# shellcheck shell=sh
# Sourced by ./mvnw and ./arclight. Arclight builds and runs on Java 25, but a machine's default
# `java` is often older (Debian bookworm ships 17), so look for a JDK 25+ before giving up:
# JAVA_HOME first, then the JDK behind `javac` on the PATH, then the usual install locations.
# On success JAVA_HOME is exported; on failure a one-paragraph message says what is missing.

arclight_jdk_major() {
  # The `release` file of a JDK names its version without starting a JVM.
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -r "$1/release" ] || return 1
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
}

arclight_find_jdk() {
  required="${ARCLIGHT_JAVA_MAJOR:-25}"
  set +f # mvnw runs with globbing off; the candidate list needs it
  from_path=""
  if command -v javac >/dev/null 2>&1; then
    from_path="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
  fi
  for candidate in "${JAVA_HOME:-}" "$from_path" /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    major="$(arclight_jdk_major "$candidate" 2>/dev/null)" || continue
    if [ -n "$major" ] && [ "$major" -ge "$required" ]; then
      JAVA_HOME="$candidate"
      export JAVA_HOME
      return 0
    fi
  done
  echo "arclight: no JDK $required or newer found (looked at JAVA_HOME, javac on the PATH, /usr/lib/jvm, /opt/java, ~/.sdkman)." >&2
  echo "arclight: install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
  return 1
}
