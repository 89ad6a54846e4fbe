#!/usr/bin/env bash
# Packs this repository's libraries into notebooks/packages/, where notebooks/mnist-walkthrough.ipynb loads them
# from: Mnist.Functional.Reports, and below it Mnist.Functional.Runs and the core, Mnist.Functional, which its package
# depends on. Run it again after changing the library, then restart the notebook's kernel.
#
# Each pack gets a version of its own (0.0.0-local.TIMESTAMP.PID), which the notebook reads from the file
# name: a kernel restores a package version into the NuGet cache once and reuses that copy afterwards, so
# a new build under an old version would go unseen (and two checkouts on one machine would share it).
set -euo pipefail
cd "$(dirname "$0")/.."

out=notebooks/packages
version="0.0.0-local.$(date -u +%Y%m%d%H%M%S).$$"

rm -rf "$out"
for project in Mnist.Functional Mnist.Functional.Runs Mnist.Functional.Reports; do
  dotnet pack "src/$project" --configuration Release --output "$out" -p:Version="$version" --nologo --verbosity quiet
done
echo "packed $out/Mnist.Functional.Reports.$version.nupkg (with Mnist.Functional.Runs and Mnist.Functional) for the notebook"

# Earlier local builds that kernels restored into the NuGet cache: drop those over a day old.
cache=$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')
for package in mnist.functional mnist.functional.runs mnist.functional.reports; do
  if [ -d "${cache%/}/$package" ]; then
    find "${cache%/}/$package" -mindepth 1 -maxdepth 1 -name '0.0.0-local.*' -mtime +0 -exec rm -rf {} +
  fi
done
