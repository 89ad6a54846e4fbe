#!/usr/bin/python3
"""Trains the zoo's `fast` network in PyTorch and writes its state_dict as safetensors, for `mnist import`.

The interop check by hand of docs/deploy.md's "Import from PyTorch" (Debian's python3-torch; the safetensors
Python package is not needed: the file is written here the way the reference writer lays it out).

  /usr/bin/python3 scripts/peers/pytorch_state_dict.py --data ~/.cache/mnist-functional/mnist --out fast.safetensors

It trains one epoch of SGD on the first --train-limit training digits, prints the test accuracy PyTorch
measures on the 10,000 test digits, and writes the state_dict (parameters and batch-norm buffers).
"""
import argparse
import json
import struct

import numpy as np
import torch
from torch import nn

DTYPES = {torch.float32: "F32", torch.int64: "I64"}


def read_idx(path):
    with open(path, "rb") as file:
        data = file.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def fast():
    return nn.Sequential(
        nn.Conv2d(1, 16, 5, bias=False), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 5, bias=False), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(512, 64, bias=False), nn.BatchNorm1d(64), nn.ReLU(), nn.Linear(64, 10))


def save_safetensors(state_dict, path):
    # Largest elements first, then by name; header padded with spaces to a multiple of 8 bytes.
    tensors = sorted(state_dict.items(), key=lambda item: (-item[1].element_size(), item[0]))
    header, offset, blobs = {}, 0, []
    for name, tensor in tensors:
        blob = tensor.detach().contiguous().numpy().tobytes()
        header[name] = {"dtype": DTYPES[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="folder with the four raw MNIST IDX files")
    parser.add_argument("--out", required=True)
    parser.add_argument("--train-limit", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    torch.manual_seed(args.seed)

    train = read_idx(f"{args.data}/train-images-idx3-ubyte")
    mean, std = train.mean() / 255, train.std() / 255
    def prepare(images):
        return (torch.from_numpy(images.astype(np.float32)).unsqueeze(1) / 255 - mean) / std
    x = prepare(train[:args.train_limit])
    y = torch.from_numpy(read_idx(f"{args.data}/train-labels-idx1-ubyte")[:args.train_limit].astype(np.int64))

    model = fast()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True)
    model.train()
    for start in range(0, len(x), 128):
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x[start:start + 128]), y[start:start + 128]).backward()
        optimizer.step()

    model.eval()
    test_x = prepare(read_idx(f"{args.data}/t10k-images-idx3-ubyte"))
    test_y = torch.from_numpy(read_idx(f"{args.data}/t10k-labels-idx1-ubyte").astype(np.int64))
    with torch.no_grad():
        predicted = torch.cat([model(test_x[i:i + 500]).argmax(1) for i in range(0, len(test_x), 500)])
    correct = int((predicted == test_y).sum())
    print(f"torch {torch.__version__}: test accuracy {correct / len(test_y):.2%} ({len(test_y) - correct} of {len(test_y):,} wrong); "
          f"normalised with mean {mean:.4f}, std {std:.4f}")
    save_safetensors(model.state_dict(), args.out)
    print(f"wrote {args.out}: {len(model.state_dict())} tensors")


if __name__ == "__main__":
    main()
