#!/usr/bin/python3
"""An independent implementation, in PyTorch and numpy, of what the robustness tests check against.

  /usr/bin/python3 pytorch_reference.py FOLDER

FOLDER holds float32 little-endian files written by PyTorchReferenceTests: the small classifier's weights
(0.weight [16,1,3,3], 0.bias [16], 4.weight [10,2704], 4.bias [10]), pixels [N,1,28,28] in [0, 1], labels [N] (as
float32) and a few digits [M,28,28]. It writes, beside them:
  fgsm.bin      FGSM at epsilon 0.1 as PyTorch's "Adversarial Example Generation" tutorial computes it, with the
                model's normalisation inside and the cross-entropy of the logits summed over the batch
  gradient.bin  the gradient that FGSM took the sign of
  stripe.bin, brightness.bin, scale.bin   MNIST-C's corruptions.py formulas, written again in numpy (scale's
                bilinear warp about the centre with zeros outside, as skimage.transform.warp does it)
"""
import sys

import numpy as np
import torch
from torch import nn

MEAN, STD, EPSILON = 0.1307, 0.3081, 0.1


def read(folder, name, shape):
    return np.fromfile(f"{folder}/{name}.bin", dtype="<f4").reshape(shape)


def write(folder, name, array):
    np.asarray(array, dtype="<f4").tofile(f"{folder}/{name}.bin")


def fgsm(folder, count):
    net = nn.Sequential(nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(2704, 10))
    shapes = {"0.weight": (16, 1, 3, 3), "0.bias": (16,), "4.weight": (10, 2704), "4.bias": (10,)}
    net.load_state_dict({name: torch.from_numpy(read(folder, name, shape).copy()) for name, shape in shapes.items()})
    net.eval()
    pixels = torch.from_numpy(read(folder, "pixels", (count, 1, 28, 28)).copy()).requires_grad_()
    labels = torch.from_numpy(read(folder, "labels", (count,)).astype(np.int64))
    loss = nn.functional.cross_entropy(net((pixels - MEAN) / STD), labels, reduction="sum")
    loss.backward()
    adversarial = (pixels + EPSILON * pixels.grad.sign()).clamp(0, 1)
    write(folder, "fgsm", adversarial.detach().numpy())
    write(folder, "gradient", pixels.grad.numpy())


def bilinear(image, rows, columns):
    # skimage.transform.warp with order=1, mode='constant', cval=0: neighbours outside the image count as 0.
    r0, c0 = np.floor(rows).astype(int), np.floor(columns).astype(int)
    dr, dc = rows - r0, columns - c0

    def at(r, c):
        inside = (r >= 0) & (r < 28) & (c >= 0) & (c < 28)
        return np.where(inside, image[np.clip(r, 0, 27), np.clip(c, 0, 27)], 0.0)

    return ((1 - dr) * (1 - dc) * at(r0, c0) + (1 - dr) * dc * at(r0, c0 + 1)
            + dr * (1 - dc) * at(r0 + 1, c0) + dr * dc * at(r0 + 1, c0 + 1))


def corruptions(folder, count):
    digits = read(folder, "digits", (count, 28, 28)).astype(np.float64)
    stripe = digits.copy()
    stripe[:, :, :7] = 1 - stripe[:, :, :7]
    stripe[:, :, 21:] = 1 - stripe[:, :, 21:]
    write(folder, "stripe", stripe)
    write(folder, "brightness", np.clip(digits + 0.5, 0, 1))
    rows, columns = np.meshgrid(np.arange(28.0), np.arange(28.0), indexing="ij")
    centre, factor = 13.5, 1 / 0.7
    write(folder, "scale", np.clip(np.stack([bilinear(d, (rows - centre) * factor + centre, (columns - centre) * factor + centre) for d in digits]), 0, 1))


if __name__ == "__main__":
    folder = sys.argv[1]
    fgsm(folder, int(sys.argv[2]))
    corruptions(folder, int(sys.argv[3]))
