#!/usr/bin/python3
"""An independent implementation, in PyTorch and numpy, of what the robustness tests check against.

  /usr/bin/python3 pytorch_reference.py FOLDER

FOLDER holds float32 little-endian files written by PyTorchReferenceTests: the small classifier's weights
(0.weight [16,1,3,3], 0.bias [16], 4.weight [10,2704], 4.bias [10]), pixels [N,1,28,28] in [0, 1], labels [N] (as
float32) and a few digits [M,28,28]. It writes, beside them:
  fgsm.bin      FGSM at epsilon 0.1 as PyTorch's "Adversarial Example Generation" tutorial computes it, with the
                model's normalisation inside and the cross-entropy of the logits summed over the batch
  gradient.bin  the gradient that FGSM took the sign of
  pgd.bin       PGD under L-infinity at epsilon 0.1 from the images themselves (no random start): 10 steps
                x <- clip(x + 0.025 * sign(grad), x0 - 0.1, x0 + 0.1), then into [0, 1], the loss as for FGSM
  stripe.bin, brightness.bin, scale.bin   MNIST-C's corruptions.py formulas, written again in numpy (scale's
                bilinear warp about the centre with zeros outside, as skimage.transform.warp does it)
  shear.bin, rotate.bin, translate.bin, dotted_line.bin, zigzag.bin   the same for the corruptions whose only
                randomness is a few parameters (a sign, a shift, the rows a line runs through). This implementation
                draws its own parameters from no generator of ours: for each digit it tries every value MNIST-C could
                draw and keeps the image nearest the library's (ours-NAME.bin), writing the choice's index to
                NAME-choice.bin, so the pixels are numpy's and only the draw is matched.
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


def classifier(folder):
    net = nn.Sequential(nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(2704, 10))
    shapes = {"0.weight": (16, 1, 3, 3), "0.bias": (16,), "4.weight": (10, 2704), "4.bias": (10,)}
    net.load_state_dict({name: torch.from_numpy(read(folder, name, shape).copy()) for name, shape in shapes.items()})
    return net.eval()


def fgsm(folder, count):
    net = classifier(folder)
    pixels = torch.from_numpy(read(folder, "pixels", (count, 1, 28, 28)).copy()).requires_grad_()
    labels = torch.from_numpy(read(folder, "labels", (count,)).astype(np.int64))
    loss = nn.functional.cross_entropy(net((pixels - MEAN) / STD), labels, reduction="sum")
    loss.backward()
    adversarial = (pixels + EPSILON * pixels.grad.sign()).clamp(0, 1)
    write(folder, "fgsm", adversarial.detach().numpy())
    write(folder, "gradient", pixels.grad.numpy())


def pgd(folder, count, steps=10, step_size=0.025):
    net = classifier(folder)
    original = torch.from_numpy(read(folder, "pixels", (count, 1, 28, 28)).copy())
    labels = torch.from_numpy(read(folder, "labels", (count,)).astype(np.int64))
    adversarial = original.clone()
    for _ in range(steps):
        adversarial.requires_grad_()
        loss = nn.functional.cross_entropy(net((adversarial - MEAN) / STD), labels, reduction="sum")
        gradient, = torch.autograd.grad(loss, adversarial)
        stepped = adversarial.detach() + step_size * gradient.sign()
        adversarial = torch.min(torch.max(stepped, original - EPSILON), original + EPSILON).clamp(0, 1)
    write(folder, "pgd", adversarial.numpy())


def bilinear(image, rows, columns):
    # skimage.transform.warp with order=1, mode='constant', cval=0: neighbours outside the image count as 0.
    r0, c0 = np.floor(rows).astype(int), np.floor(columns).astype(int)
    dr, dc = rows - r0, columns - c0

    def at(r, c):
        inside = (r >= 0) & (r < 28) & (c >= 0) & (c < 28)
        return np.where(inside, image[np.clip(r, 0, 27), np.clip(c, 0, 27)], 0.0)

    return ((1 - dr) * (1 - dc) * at(r0, c0) + (1 - dr) * dc * at(r0, c0 + 1)
            + dr * (1 - dc) * at(r0 + 1, c0) + dr * dc * at(r0 + 1, c0 + 1))


def affine(image, matrix, translation):
    # skimage.transform.warp(image, inverse_map=AffineTransform(...)): output pixel (column c, row r) reads the input at
    # matrix @ (c, r) + translation, bilinearly, zeros outside.
    rows, columns = np.meshgrid(np.arange(28.0), np.arange(28.0), indexing="ij")
    (a1, a2), (b1, b2) = matrix
    return np.clip(bilinear(image, b1 * columns + b2 * rows + translation[1], a1 * columns + a2 * rows + translation[0]), 0, 1)


def about_centre(matrix):
    # corruptions.py's a3 = 13.5 (1 - a1 - a2), b3 = 13.5 (1 - b1 - b2): the centre (13.5, 13.5) stays where it is.
    (a1, a2), (b1, b2) = matrix
    return affine_about(matrix, (13.5 * (1 - a1 - a2), 13.5 * (1 - b1 - b2)))


def affine_about(matrix, translation):
    return lambda image: affine(image, matrix, translation)


def shear_matrix(shear):
    # skimage's AffineTransform(shear=s) of 2018 (0.14): [[1, -sin s], [0, cos s]] (no rotation, unit scale).
    return ((1.0, -np.sin(shear)), (0.0, np.cos(shear)))


def rotation_matrix(angle):
    return ((np.cos(angle), -np.sin(angle)), (np.sin(angle), np.cos(angle)))


def line_from_points(c0, r0, c1, r1):
    # corruptions.py's helper: brightness log(1 - d/2.3) + 1 (clipped to [0, 1]) at vertical distance d from the line,
    # only in columns floor(c0) to ceil(c1) - 1.
    if c1 == c0:
        return np.zeros((28, 28))
    columns, rows = np.meshgrid(np.arange(28.0), np.arange(28.0), sparse=True)
    distance = np.clip(np.abs(rows - ((r1 - r0) / (c1 - c0) * (columns - c0) + r0)), 0, 2.3 - 1e-10)
    line = np.clip(np.log(1 - distance / 2.3) + 1, 0, 1)
    line[:, :int(np.floor(c0))] = 0
    line[:, int(np.ceil(c1)):] = 0
    return line


def dotted_line(r0, r1):
    line = line_from_points(0, r0, 27, r1)
    for start in range(0, 28, 4):   # corruptions.py blanks idx[i-1]:idx[i] for i = 1, 3, 5, ... of arange(0, 30, 2)
        line[:, start:start + 2] = 0
    return lambda image: np.clip(image + line, 0, 1)


def zigzag_points(r0, r1, tooth=2.0, c0=2, c1=25):
    theta = np.arctan((r1 - r0) / (c1 - c0))
    length = (c1 - c0) / np.cos(theta)
    points = [(0.0, 0.0)]
    height = 0.0
    for i in range(int((length - tooth) // (2 * tooth)) + 1):
        height = (-1) ** i * tooth
        points.append(((2 * i + 1) * tooth, height))
    whole = (2 * tooth) * (length // (2 * tooth))
    if length != whole:
        points.append((length, height / (2 * (length - whole))))
    along, across = np.array(points).T
    return (np.cos(theta) * along - np.sin(theta) * across + c0, np.sin(theta) * along + np.cos(theta) * across + r0)


def zigzag(r0, r1):
    columns, rows = zigzag_points(r0, r1)

    def apply(image):
        image = image.copy()
        for i in range(1, len(columns)):
            image = np.clip(image + line_from_points(columns[i - 1], rows[i - 1], columns[i], rows[i]), 0, 1)
        return image
    return apply


def nearest(folder, name, digits, choices):
    # For each digit, the choice of MNIST-C's random parameters whose image is nearest the library's.
    ours = read(folder, "ours-" + name, digits.shape)
    images, chosen = [], []
    for digit, mine in zip(digits, ours):
        candidates = [choice(digit) for choice in choices]
        best = int(np.argmin([np.abs(candidate - mine).max() for candidate in candidates]))
        images.append(candidates[best])
        chosen.append(best)
    write(folder, name, np.stack(images))
    write(folder, name + "-choice", np.array(chosen))


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
    # corruptions.py's defaults: shear 0.4 and rotation 0.4 rad with a random sign, translation 3 pixels with a random
    # sign along each axis, dotted_line's rows r0, r1 in 0..26, zigzag's r0 in 0..26 and r1 - r0 in -5..4.
    nearest(folder, "shear", digits, [about_centre(shear_matrix(sign * 0.4)) for sign in (-1, 1)])
    nearest(folder, "rotate", digits, [about_centre(rotation_matrix(sign * 0.4)) for sign in (-1, 1)])
    nearest(folder, "translate", digits, [affine_about(((1.0, 0.0), (0.0, 1.0)), (3 * dx, 3 * dy)) for dx in (-1, 1) for dy in (-1, 1)])
    nearest(folder, "dotted_line", digits, [dotted_line(r0, r1) for r0 in range(27) for r1 in range(27)])
    nearest(folder, "zigzag", digits, [zigzag(r0, r0 + rise) for r0 in range(27) for rise in range(-5, 5)])


if __name__ == "__main__":
    folder = sys.argv[1]
    fgsm(folder, int(sys.argv[2]))
    pgd(folder, int(sys.argv[2]))
    corruptions(folder, int(sys.argv[3]))
