# shellcheck shell=bash
# Sourced by ./keyhound and the distribution's bin/keyhound (which finds it in lib/): whether a scan is
# small enough to run C1 only (-XX:TieredStopAtLevel=1).
#
# On 2 cores the JIT compilers are a third of a mid-size scan's CPU. C1 alone saves most of it but runs
# detection's loops slower, so it pays below a size only: CPU with C1 alone against the tiered compilers,
# 150 MiB of source 0.8x, 300 MiB 0.95x, 450 MiB 0.99x, 600 MiB 1.05x; histories by their objects folder,
# 21 MiB (psf/requests) 0.75x, 57 MiB 0.84x, 77 MiB 0.94x, 98 MiB 1.08x, 250 MiB 1.06-1.14x
# (bench/jit-flags.sh; README, "Speed"). So the targets (default: .) are measured, a folder or file by its
# bytes, a repository's history by its objects folder (packs: compressed) 5 times, and a total under
# $KEYHOUND_SMALL_SCAN_MB MiB (default 400; 0: never) is small. Unsure (stdin, a URL to clone, an
# @argument file, a FIFO, a linked work tree or borrowed objects, no find -printf, over 30,000 files): not
# small. A missing target counts nothing (Java reports it). KEYHOUND_JAVA_OPTS come after the launcher's
# options and win: -XX:TieredStopAtLevel=1 or =4 there chooses, and this answers "not small".

# keyhound_small_scan ARG...: the arguments after "scan"; succeeds when the scan is small.
keyhound_small_scan() {
  case " ${KEYHOUND_JAVA_OPTS:-} " in
    *TieredStopAtLevel* | *TieredCompilation*) return 1 ;;
  esac
  local small_mb="${KEYHOUND_SMALL_SCAN_MB:-400}"
  case "$small_mb" in '' | *[!0-9]*) small_mb=400 ;; esac
  [ "$small_mb" -gt 0 ] || return 1
  local no_git="" value="" ended="" a t g
  local targets=() starts=()
  for a in "$@"; do
    if [ -n "$value" ]; then
      value=""
      continue
    elif [ -z "$ended" ]; then
      # The options of ScanCommand (and its mixins) that take a value (LauncherScanSizeTest checks the list
      # against picocli's).
      case "$a" in
        --) ended=1 && continue ;;
        --no-git) no_git=1 && continue ;;
        -f | --format | --report | --config | --threads | --max-file-size | --baseline | --since | --branch | \
          --max-archive-depth | --max-extracted-bytes | --max-expansion-ratio | --max-archive-entries | \
          --max-decode-depth | --document-timeout | --ledger | --verify-rps | --verify-concurrency)
          value=1 && continue ;;
        -?*) continue ;;
      esac
    fi
    targets+=("$a")
  done
  [ ${#targets[@]} -gt 0 ] || targets=(.)
  for t in "${targets[@]}"; do
    case "$t" in
      - | @* | http:/* | https:/* | ssh:/* | git:/* | file:/* | *@*:*) return 1 ;;
      /*) ;;
      *) t="./$t" ;;
    esac
    if [ ! -e "$t" ]; then
      continue
    elif [ -z "$no_git" ] && [ -d "$t" ] && { [ -e "$t/.git" ] || { [ -f "$t/HEAD" ] && [ -d "$t/objects" ] && [ -d "$t/refs" ]; }; }; then
      g="$t"
      [ ! -e "$t/.git" ] || g="$t/.git"
      [ -d "$g/objects" ] && [ ! -s "$g/objects/info/alternates" ] || return 1
      starts+=("$g/objects/./")
    elif [ -f "$t" ] || [ -d "$t" ]; then
      starts+=("$t")
    else
      return 1
    fi
  done
  [ ${#starts[@]} -gt 0 ] || return 1
  # One walk: a file under an objects folder (its start ends in /./) counts 5 times. "small" only once the walk
  # has seen a file and ended under the limit, so a find without -printf, or no find or awk, means not small.
  [ "$(
    { find -H "${starts[@]}" -type f -printf '%s\t%H\n' | awk -F '\t' -v lim="$small_mb" '
      { s += $1 * (substr($2, length($2) - 2) == "/./" ? 5 : 1)
        if (s >= lim * 1048576 || ++n > 30000) { n = 0; exit } }
      END { if (n > 0) print "small" }'; } 2>/dev/null
  )" = small ]
}
