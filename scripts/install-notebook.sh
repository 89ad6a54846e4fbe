#!/usr/bin/env bash
# Installs what notebooks/mnist-walkthrough.ipynb needs, once per machine and user:
#   - Jupyter: the notebook server, nbconvert and the kernelspec tool (Debian packages jupyter-notebook,
#     jupyter-nbconvert and jupyter-client), with apt, when they are missing;
#   - the .NET Interactive kernel at the version pinned in dotnet-tools.json (`dotnet tool restore`);
#   - its registration with Jupyter for this user (`dotnet interactive jupyter install`), with the kernel's
#     HTTP service limited to this machine's loopback addresses.
# Run it as yourself, not with sudo: the kernel is registered for the user who runs it, and apt is called
# through sudo only when you are not root. Idempotent: what is there already is left as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v jupyter-notebook >/dev/null || missing+=(jupyter-notebook)
command -v jupyter-nbconvert >/dev/null || missing+=(jupyter-nbconvert)
command -v jupyter-kernelspec >/dev/null || missing+=(jupyter-client)
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "error: ${missing[*]} missing and there is no apt-get: install Jupyter (notebook, nbconvert, jupyter_client) with your package manager or pip, then run this again." >&2
    exit 1
  fi
  echo "installing ${missing[*]} with apt"
  # Wait for another apt or dpkg run to finish rather than fail on its lock.
  as_root apt-get -o DPkg::Lock::Timeout=600 update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "Jupyter: $(jupyter-nbconvert --version 2>/dev/null | sed 's/^/nbconvert /'), $(jupyter-notebook --version 2>/dev/null | sed 's/^/notebook /')"
fi

echo "restoring the .NET Interactive tool pinned in dotnet-tools.json"
dotnet tool restore >/dev/null
dotnet tool list --local | grep -i dotnet-interactive

echo "registering the .NET kernels with Jupyter"
dotnet interactive jupyter install
# The kernel serves an HTTP API (for notebook front ends' JavaScript helpers) on every network interface
# unless told otherwise; keep it on the loopback addresses.
python3 - <<'PY'
import json, subprocess
specs = json.loads(subprocess.run(["jupyter-kernelspec", "list", "--json"], check=True, capture_output=True, text=True).stdout)["kernelspecs"]
for name, spec in specs.items():
    if not name.startswith(".net-"):
        continue
    path = spec["resource_dir"] + "/kernel.json"
    with open(path, encoding="utf-8") as f:
        kernel = json.load(f)
    if "--http-local-only" not in kernel["argv"]:
        kernel["argv"].append("--http-local-only")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(kernel, f, indent=2)
PY
jupyter-kernelspec list | grep -F .net-csharp
echo "done: prepare the library with scripts/prepare-notebook.sh, then open notebooks/mnist-walkthrough.ipynb"
