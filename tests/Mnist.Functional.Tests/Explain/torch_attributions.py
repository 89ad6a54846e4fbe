"""Attributions of a small convnet computed in PyTorch, as the independent reference for the library's own.

Run by PyTorchReferenceTests with Debian's python3-torch (1.13): python3 torch_attributions.py FOLDER
FOLDER holds manifest.json (pixel statistics, parameter names and shapes, settings), one little-endian float32
file per parameter (NAME.f32), inputs.f32 ([N, 1, 28, 28] raw pixels in [0, 1]) and targets.i64 ([N]). The script
writes float64 maps back into FOLDER. Everything runs in float64, on the model
  Conv2d(1, 6, 5, padding=2) -> ReLU -> MaxPool2d(2) -> Flatten -> Linear(1176, 10)
applied to (x - mean) / std, so the gradients are taken with respect to the raw pixels. The methods follow
Captum's definitions (Saliency with abs=True, InputXGradient, IntegratedGradients with a gausslegendre rule and
its convergence delta, Occlusion), written here from those definitions with plain autograd.
"""
import json
import os
import sys

import numpy as np
import torch


def main(folder):
    with open(os.path.join(folder, "manifest.json")) as f:
        manifest = json.load(f)
    torch.set_grad_enabled(False)
    mean, std = manifest["mean"], manifest["std"]
    count = manifest["count"]

    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 6, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(6 * 14 * 14, 10)).double().eval()
    state = {name: torch.from_numpy(read(folder, name + ".f32", "<f4").reshape(shape)).double()
             for name, shape in manifest["parameters"].items()}
    model.load_state_dict(state, strict=True)

    x = torch.from_numpy(read(folder, "inputs.f32", "<f4").reshape(count, 1, 28, 28)).double()
    targets = torch.from_numpy(read(folder, "targets.i64", "<i8"))

    def scores(images, classes):
        return model((images - mean) / std).gather(1, classes.unsqueeze(1)).squeeze(1)

    def gradient(images, classes):
        with torch.enable_grad():
            leaf = images.clone().requires_grad_(True)
            return torch.autograd.grad(scores(leaf, classes).sum(), leaf)[0]

    write(folder, "saliency.f64", gradient(x, targets).abs())
    write(folder, "gradient-x-input.f64", x * gradient(x, targets))

    steps = manifest["steps"]
    baseline = torch.full_like(x, manifest["baseline"])
    nodes, weights = np.polynomial.legendre.leggauss(steps)
    rules = {
        "gauss-legendre": (0.5 * (1 + nodes), 0.5 * weights),
        "trapezoid": (np.linspace(0, 1, steps),
                      np.array([0.5 if k in (0, steps - 1) else 1.0 for k in range(steps)]) / (steps - 1)),
    }
    for name, (alphas, step_weights) in rules.items():
        total = torch.zeros_like(x)
        for alpha, weight in zip(alphas, step_weights):
            total += weight * gradient(baseline + float(alpha) * (x - baseline), targets)
        attribution = (x - baseline) * total
        delta = attribution.sum(dim=(1, 2, 3)) - (scores(x, targets) - scores(baseline, targets))
        write(folder, "integrated-gradients-" + name + ".f64", attribution)
        write(folder, "integrated-gradients-" + name + "-delta.f64", delta)

    window, stride, fill = manifest["window"], manifest["stride"], manifest["fill"]
    unoccluded = scores(x, targets)
    total = torch.zeros_like(x)
    counts = torch.zeros_like(x)
    positions = range(0, 28 - window + stride, stride)
    for row in positions:
        for column in positions:
            occluded = x.clone()
            occluded[:, :, row:row + window, column:column + window] = fill
            fall = unoccluded - scores(occluded, targets)
            total[:, :, row:row + window, column:column + window] += fall.view(-1, 1, 1, 1)
            counts[:, :, row:row + window, column:column + window] += 1
    write(folder, "occlusion.f64", total / counts)


def read(folder, name, dtype):
    return np.fromfile(os.path.join(folder, name), dtype=dtype)


def write(folder, name, tensor):
    tensor.detach().numpy().astype("<f8").tofile(os.path.join(folder, name))


if __name__ == "__main__":
    main(sys.argv[1])
