# Finds a JDK >= 21 for clostera; sourced (POSIX sh) by ./mvnw, the ./clostera launcher and
# clostera-bench/scripts/jmh.sh so the search is written once. Defines functions only, sets no options.
#
#   . .mvn/find-jdk.sh
#   clostera_select_jdk mvnw || exit 1   # exports JAVA_HOME; one stderr line when it had to choose
#
# Order: JAVA_HOME when it is recent enough; macOS's /usr/libexec/java_home -v 21+; the newest JDK under
# /usr/lib/jvm; the java on the PATH. A JDK here means bin/java and bin/javac (Maven needs both).

CLOSTERA_MIN_JAVA=21

# Prints the major version of the given java binary (21, 25; 8 for 1.8), or nothing when it does not run.
clostera_java_major() {
  _cj_spec="$("$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = *//p' | head -n 1)"
  case "$_cj_spec" in
    1.*) echo "${_cj_spec#1.}" ;;
    [0-9]*) echo "${_cj_spec%%.*}" ;;
  esac
}

# Whether $1 is a JDK home (java and javac) whose java is >= CLOSTERA_MIN_JAVA.
clostera_is_recent_jdk() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  _cj_major="$(clostera_java_major "$1/bin/java")"
  [ -n "$_cj_major" ] && [ "$_cj_major" -ge "$CLOSTERA_MIN_JAVA" ]
}

# Prints the home of a JDK >= 21 (see the order above), or returns 1.
clostera_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && clostera_is_recent_jdk "$JAVA_HOME"; then
    echo "$JAVA_HOME"
    return 0
  fi
  if [ -x /usr/libexec/java_home ] &&
    _cj_mac="$(/usr/libexec/java_home -v "$CLOSTERA_MIN_JAVA+" 2>/dev/null)" &&
    clostera_is_recent_jdk "$_cj_mac"; then
    echo "$_cj_mac"
    return 0
  fi
  # The callers may run with globbing off (mvnw uses set -f); list the directory without a glob.
  _cj_best="" _cj_best_major=0
  if [ -d /usr/lib/jvm ]; then
    for _cj_name in $(ls /usr/lib/jvm); do
      _cj_home="/usr/lib/jvm/$_cj_name"
      [ -x "$_cj_home/bin/java" ] && [ -x "$_cj_home/bin/javac" ] || continue
      _cj_major="$(clostera_java_major "$_cj_home/bin/java")"
      [ -n "$_cj_major" ] || continue
      if [ "$_cj_major" -ge "$CLOSTERA_MIN_JAVA" ] && [ "$_cj_major" -gt "$_cj_best_major" ]; then
        _cj_best="$_cj_home" _cj_best_major="$_cj_major"
      fi
    done
  fi
  if [ -n "$_cj_best" ]; then
    echo "$_cj_best"
    return 0
  fi
  if _cj_path="$(command -v java 2>/dev/null)"; then
    _cj_home="$(cd -P "$(dirname "$_cj_path")/.." && pwd)"
    if clostera_is_recent_jdk "$_cj_home"; then
      echo "$_cj_home"
      return 0
    fi
  fi
  return 1
}

# Describes the javas that are there but too old, for the error message.
clostera_describe_found_javas() {
  _cj_found=""
  if [ -n "${JAVA_HOME:-}" ]; then
    if [ ! -x "$JAVA_HOME/bin/java" ]; then
      _cj_found="JAVA_HOME=$JAVA_HOME (no bin/java there)"
    elif [ ! -x "$JAVA_HOME/bin/javac" ]; then
      _cj_found="JAVA_HOME=$JAVA_HOME (a JRE: no bin/javac)"
    else
      _cj_found="JAVA_HOME=$JAVA_HOME (Java $(clostera_java_major "$JAVA_HOME/bin/java"))"
    fi
  fi
  if _cj_path="$(command -v java 2>/dev/null)"; then
    _cj_found="${_cj_found:+$_cj_found; }java on the PATH: Java $(clostera_java_major "$_cj_path")"
  fi
  echo "${_cj_found:-no java at all}"
}

# Exports JAVA_HOME as a JDK >= 21. Says on stderr which one it picked when JAVA_HOME was unset or too
# old (unless $2 is --quiet); fails with what it found and what is needed when there is none.
# $1 names the caller in messages.
clostera_select_jdk() {
  _cj_who="$1" _cj_quiet="${2:-}"
  if ! _cj_chosen="$(clostera_find_jdk)"; then
    echo "$_cj_who: error: clostera needs a JDK $CLOSTERA_MIN_JAVA or newer (Temurin 21 or 25); found $(clostera_describe_found_javas)." >&2
    echo "$_cj_who: checked JAVA_HOME, /usr/libexec/java_home, /usr/lib/jvm/* and the PATH; install one and set JAVA_HOME to it." >&2
    return 1
  fi
  if [ "$_cj_chosen" != "${JAVA_HOME:-}" ] && [ "$_cj_quiet" != --quiet ]; then
    if [ -n "${JAVA_HOME:-}" ]; then
      _cj_why="JAVA_HOME=$JAVA_HOME is not a JDK $CLOSTERA_MIN_JAVA+"
    else
      _cj_why="JAVA_HOME is not set"
    fi
    echo "$_cj_who: using the JDK at $_cj_chosen (Java $(clostera_java_major "$_cj_chosen/bin/java")); $_cj_why" >&2
  fi
  JAVA_HOME="$_cj_chosen"
  export JAVA_HOME
}
