#!/usr/bin/env bash
# Fuzz one parser of outside input with afl++ and SharpFuzz, bounded in time and memory, at the lowest priority.
#
#   scripts/fuzz.sh TARGET MINUTES        TARGET: idx, idx-gzip, safetensors, checkpoint-json, image, architecture
#
# Builds fuzz/Mnist.Fuzz (not part of Mnist.sln), instruments the libraries whose parsers it fuzzes (Mnist.Functional.dll,
# Mnist.Functional.Runs.dll, Mnist.Functional.Images.dll) with SharpFuzz, and runs afl-fuzz from fuzz/corpus/TARGET (else
# fuzz/seeds/TARGET) for MINUTES minutes under 'nice -n 19', one core, with a memory limit. Findings land in fuzz/out/TARGET/default/{crashes,hangs};
# reproduce one with: dotnet fuzz/out/bin/Mnist.Fuzz.dll TARGET FILE. See fuzz/README.md.
#
# Settings (environment): FUZZ_REUSE_BUILD=1 (skip the build when fuzz/out/bin has one), FUZZ_MEMORY_MB (afl's -m, virtual memory of the target; default 16384: .NET and libtorch
# reserve far more address space than they use, so the managed heap is also capped with DOTNET_GCHeapHardLimit),
# FUZZ_HEAP_MB (default 1024), FUZZ_TIMEOUT_MS (one input; default 5000).
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:-}
minutes=${2:-}
case "$target" in
  idx|idx-gzip|safetensors|checkpoint-json|image|architecture) ;;
  *) echo "usage: scripts/fuzz.sh TARGET MINUTES (TARGET: idx, idx-gzip, safetensors, checkpoint-json, image, architecture)" >&2; exit 1 ;;
esac
[[ "$minutes" =~ ^[0-9]+$ ]] && [ "$minutes" -ge 1 ] && [ "$minutes" -le 1440 ] ||
  { echo "MINUTES must be a whole number from 1 to 1440, not '$minutes'" >&2; exit 1; }

memory_mb=${FUZZ_MEMORY_MB:-16384}
heap_mb=${FUZZ_HEAP_MB:-1024}
timeout_ms=${FUZZ_TIMEOUT_MS:-5000}

command -v afl-fuzz >/dev/null || { echo "afl-fuzz is missing: install it as root with apt-get install afl++" >&2; exit 1; }
tools=fuzz/.tools
if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
fi

# FUZZ_REUSE_BUILD=1 keeps the instrumented build of an earlier call (to run the targets one after another).
bin=fuzz/out/bin
if [ "${FUZZ_REUSE_BUILD:-0}" != 1 ] || [ ! -f "$bin/Mnist.Fuzz.dll" ]; then
  rm -rf "$bin"
  dotnet publish fuzz/Mnist.Fuzz -c Release -o "$bin" -p:TreatWarningsAsErrors=true >/dev/null
  # The libraries holding the parsers; the image decoders they call (SkiaSharp, OpenCV) are native code, which SharpFuzz
  # cannot instrument. One build serves every target.
  "$tools/sharpfuzz" "$bin/Mnist.Functional.dll"
  "$tools/sharpfuzz" "$bin/Mnist.Functional.Runs.dll"
  "$tools/sharpfuzz" "$bin/Mnist.Functional.Images.dll"
fi

input=fuzz/corpus/$target
[ -d "$input" ] && [ -n "$(ls -A "$input")" ] || input=fuzz/seeds/$target
output=fuzz/out/$target
mkdir -p "$output"

export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
# The targets' temp files go under the output folder, removed after the run (afl ends its target with SIGKILL).
export TMPDIR=$output/tmp
mkdir -p "$TMPDIR"
export OMP_NUM_THREADS=1 DOTNET_GCHeapHardLimit=$(printf '0x%x' $((heap_mb * 1024 * 1024))) DOTNET_TieredCompilation=0
# An existing output folder is resumed (afl's -i -), so several sessions add up.
[ -f "$output/default/fuzzer_stats" ] && input=-
echo "fuzzing $target for $minutes min from $input into $output (memory $memory_mb MB, heap $heap_mb MB, $timeout_ms ms an input)"
nice -n 19 afl-fuzz -i "$input" -o "$output" -m "$memory_mb" -t "$timeout_ms" -V $((minutes * 60)) \
  -- dotnet "$bin/Mnist.Fuzz.dll" "$target" || true
rm -rf "$TMPDIR"

# Minimise everything the run kept into fuzz/corpus/TARGET (committed; the next run starts from it). afl-cmin
# wants the target's full path and refuses to work under /tmp.
if [ -d "$output/default/queue" ]; then
  cmin=$output/cmin
  rm -rf "$cmin"
  mkdir -p "$cmin/tmp"
  TMPDIR=$PWD/$cmin/tmp nice -n 19 afl-cmin -i "$output/default/queue" -o "$cmin/corpus" -m "$memory_mb" -t "$timeout_ms" \
    -- "$(readlink -f "$(command -v dotnet)")" "$bin/Mnist.Fuzz.dll" "$target" >/dev/null 2>&1 &&
    { rm -rf "fuzz/corpus/$target"; mkdir -p fuzz/corpus; mv "$cmin/corpus" "fuzz/corpus/$target";
      # afl's names hold ':' and ',', which some file systems and tools refuse: number them instead.
      n=0; for f in "fuzz/corpus/$target"/*; do mv -- "$f" "fuzz/corpus/$target/$target-$(printf '%06d' "$n")"; n=$((n + 1)); done
      echo "corpus: $(ls "fuzz/corpus/$target" | wc -l) files, $(du -sb "fuzz/corpus/$target" | cut -f1) bytes in fuzz/corpus/$target"; }
  rm -rf "$cmin"
fi
stats=$output/default/fuzzer_stats
[ -f "$stats" ] && grep -E '^(execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|unique_crashes|unique_hangs|run_time) ' "$stats"
crashes=$(find "$output/default/crashes" "$output/default/hangs" -type f ! -name README.txt 2>/dev/null | wc -l)
echo "$crashes crash and hang inputs in $output/default/{crashes,hangs}"
