# shellcheck shell=bash
# Sourced by ./keyhound and the distribution's bin/keyhound (which finds it in lib/), with the command's
# arguments: when a missing class-data archive (or JDK 25's AOT cache) is recorded, and how. Sets archive_mode
# and later; record and record_later read the launcher's own variables (java, opts, train, cp, main, jar,
# quiet_cds, quiet_aot) and KEYHOUND_JAVA_OPTS.

# When scan's archive (or AOT cache) is missing, KEYHOUND_ARCHIVE says when it is recorded: `later` (the default)
# by a JVM of its own once this scan has ended, in the background, so that no scan waits for it (recording it
# during the first scan made that scan ~2.2 s longer: 2.44 s against 0.23 on a one-commit repository, every time
# in a fresh container or CI job); `now` during this run, as before (the Docker image's build); `off` never (an
# archive that is there is still mapped). protect records its own archive during its first run under `later`
# as under `now`: that costs it ~0.2 s, and a hook's own run is the one worth recording.
archive_mode="${KEYHOUND_ARCHIVE:-later}"
case "$archive_mode" in
  now | later | off) ;;
  *) echo "keyhound: KEYHOUND_ARCHIVE must be now, later or off, not '$archive_mode'" >&2 && exit 2 ;;
esac
later=""
[ "${1:-}" != scan ] || [ "$archive_mode" != later ] || later=1

# record KIND FILE TMP COMMAND...: runs keyhound COMMAND (with the archive training on) while its class data is
# recorded as TMP: a dynamic archive (KIND cds), or an AOT cache (aot), which this run records
# (-XX:AOTMode=record) and a second JVM that runs no keyhound code assembles (-XX:AOTMode=create), its output
# discarded. Not -XX:AOTCacheOutput, which does both in one command but prints its progress on stdout and the
# child JVM's command line on stderr; -DisplayVMOutput: the record run prints "AOTConfiguration recorded" on
# stdout, where reports go. TMP replaces FILE when whole, and only if the jar was not rebuilt meanwhile: the
# archive would be the old jar's, newer than the new one, mapped and refused by every later run and never
# recorded again. Sets status to COMMAND's exit status; ${low[@]}, when set, goes before java.
record() {
  local kind="$1" file="$2" tmp="$3"
  shift 3
  status=0
  : >"$tmp.start"
  local run=(${low[@]+"${low[@]}"} "$java" "${opts[@]}")
  local keyhound=(${train[@]+"${train[@]}"} ${KEYHOUND_JAVA_OPTS:-} -cp "$cp" "$main" "$@")
  if [ "$kind" = cds ]; then
    "${run[@]}" -XX:ArchiveClassesAtExit="$tmp" "${quiet_cds[@]}" "${keyhound[@]}" || status=$?
  else
    "${run[@]}" -XX:AOTMode=record -XX:AOTConfiguration="$tmp.conf" "${quiet_aot[@]}" \
      -XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput "${keyhound[@]}" || status=$?
    [ ! -f "$tmp.conf" ] || "${run[@]}" -XX:AOTMode=create -XX:AOTConfiguration="$tmp.conf" -XX:AOTCache="$tmp" \
      "${quiet_aot[@]}" ${KEYHOUND_JAVA_OPTS:-} -cp "$cp" >/dev/null 2>&1 || true
  fi
  if [ -f "$tmp" ] && [ ! "$jar" -nt "$tmp.start" ]; then
    mv -f "$tmp" "$file"
    [ "$kind" = cds ] || rm -f "$file.log"
  fi
  rm -f "$tmp" "$tmp.conf" "$tmp.start"
}
# record_later KIND FILE: records scan's class data as FILE (see record) after this run. The JVM this script execs
# keeps its process id: a background subshell waits for that process to end, then scans an empty folder with the
# archive training on (ArchiveTraining: the documents, a repository and every report format, as the first scan's
# recording did), at low priority, with no terminal and its output discarded. One recorder at a time: FILE.lock
# holds its process id; a lock whose recorder is gone (killed with its container, say) is taken over, and what
# that recorder left (FILE.<pid>...) removed.
record_later() {
  local kind="$1" file="$2" lock="$2.lock" parent=$$ owner=""
  if [ -d "$lock" ]; then
    read -r owner 2>/dev/null <"$lock/pid" || true
    if [ -n "$owner" ] && kill -0 "$owner" 2>/dev/null; then
      return 0
    fi
    rm -rf "$lock" "$file".[0-9]*
  fi
  mkdir "$lock" 2>/dev/null || return 0
  (
    tmp="$file.${BASHPID:-$RANDOM}" # (BASHPID: bash 4; macOS's bash 3.2 has none)
    trap 'rm -rf "$tmp" "$tmp".* "$lock"' EXIT
    while kill -0 "$parent" 2>/dev/null; do sleep 1; done
    mkdir "$tmp.d"
    low=()
    if command -v nice >/dev/null; then low=(nice -n 10); fi
    record "$kind" "$file" "$tmp" scan --quiet --no-git "$tmp.d"
  ) </dev/null >/dev/null 2>&1 &
  echo "$!" >"$lock/pid" 2>/dev/null || true
}
