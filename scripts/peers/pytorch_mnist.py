#!/usr/bin/python3
"""The PyTorch contender of scripts/bench.cs: the same networks, recipes, data, batch sizes and thread
count as scripts/bench-worker.cs, written the usual PyTorch way, for Debian's python3-torch.

Phases (each prints one JSON line, the keys those of bench-worker.cs):
  probe        the torch version and the BLAS library it loaded; nothing is trained
  throughput   PyTorch's examples/mnist CNN with Adadelta lr 1.0: training samples/s over timed steps
               after a warm-up, inference samples/s over the 10,000 test images, peak RSS
  time-to-99   a zoo network of two convolutions (`fast`, `speedrun`: --architecture gives its shape) with its
               recipe (SGD with Nesterov momentum 0.9, or Adam with --beta1/--beta2; weight decay, one-cycle
               learning rate without momentum cycling, label smoothing), evaluated after each epoch until the
               test accuracy reaches the target

  /usr/bin/python3 scripts/peers/pytorch_mnist.py throughput --data ~/.cache/mnist-functional/mnist \
      --threads 2 --batch-size 64 --warm-up-steps 20 --steps 300 --evaluation-batch-size 250 --inference-passes 3 --seed 1

The data folder holds the four raw IDX files of MNIST (the library's cache); pixels are normalised with
the mean and standard deviation of the training split, as the library's Preprocess.Standard does.
"""
import argparse
import json
import os
import time

import numpy as np


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("phase", choices=["probe", "throughput", "time-to-99"])
    parser.add_argument("--data", help="folder with train-images-idx3-ubyte, ... (raw IDX)")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--warm-up-steps", type=int, default=20)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--evaluation-batch-size", type=int, default=250)
    parser.add_argument("--inference-passes", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--train-limit", type=int, default=0, help="train on the first N images only (0: all)")
    parser.add_argument("--test-limit", type=int, default=0, help="evaluate the first N test images only (0: all)")
    parser.add_argument("--learning-rate", type=float, default=0.2)
    parser.add_argument("--weight-decay", type=float, default=5e-4)
    parser.add_argument("--label-smoothing", type=float, default=0.1)
    parser.add_argument("--target", type=float, default=0.99)
    parser.add_argument("--model", default="fast", help="the zoo model's name, for the record")
    parser.add_argument("--architecture", default="16,5,32,5,64,after",
                        help="c1,k1,c2,k2,hidden,first|after: channels and kernel of each convolution, the hidden width, "
                             "and whether each max-pool comes right after its convolution")
    parser.add_argument("--optimizer", choices=["sgd", "adam"], default="sgd")
    parser.add_argument("--beta1", type=float, default=0.9)
    parser.add_argument("--beta2", type=float, default=0.999)
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


ARGS = parse_arguments()
# OpenBLAS starts its own threads, one per core, unless told; give it the same count as everyone else.
# It reads the variable when it is loaded, so this comes before torch is imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(ARGS.threads))

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


def read_idx(path):
    """A raw IDX file as a numpy array: images [N, 28, 28] uint8, labels [N] uint8."""
    raw = np.fromfile(path, dtype=np.uint8)
    dimensions = raw[3]
    shape = raw[4:4 + 4 * dimensions].view(">u4").astype(np.int64)
    return raw[4 + 4 * dimensions:].reshape(shape)


def pixel_stats(images):
    """Mean and population standard deviation of pixel / 255, summed exactly in integers."""
    counts = torch.from_numpy(images).view(-1).bincount(minlength=256).double().numpy()
    values = np.arange(256, dtype=np.float64)
    n = counts.sum()
    mean = (counts * values).sum() / (255.0 * n)
    mean_of_squares = (counts * values * values).sum() / (255.0 * 255.0 * n)
    return mean, max(0.0, mean_of_squares - mean * mean) ** 0.5


class Batches:
    """Batches of a split: index slices in shuffled or stored order, and the normalised images and labels they pick."""

    def __init__(self, images, labels, stats, seed):
        self.images = torch.from_numpy(images)
        self.labels = torch.from_numpy(labels.astype(np.int64))
        self.mean, self.std = stats
        self.seed = seed

    def __len__(self):
        return len(self.labels)

    def shuffled(self, batch_size, epoch):
        order = torch.randperm(len(self), generator=torch.Generator().manual_seed(self.seed + epoch))
        return order.split(batch_size)

    def in_order(self, batch_size):
        return torch.arange(len(self)).split(batch_size)

    def load(self, indices):
        images = self.images.index_select(0, indices).float().div_(255).sub_(self.mean).div_(self.std).unsqueeze(1)
        return images, self.labels.index_select(0, indices)


class PyTorchCnn(nn.Module):
    """PyTorch's examples/mnist network."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3)
        self.conv2 = nn.Conv2d(32, 64, 3)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(self.dropout1(x), 1)
        x = self.dropout2(F.relu(self.fc1(x)))
        return F.log_softmax(self.fc2(x), dim=1)


class TwoConvCnn(nn.Module):
    """The zoo's two-convolution networks (`fast`, `speedrun`): two blocks of a convolution without bias, batch norm,
    ReLU and a 2x2 max-pool (the pool right after the convolution when `pool_first`), fc with batch norm and ReLU, fc 10."""

    def __init__(self, architecture):
        super().__init__()
        c1, k1, c2, k2, hidden, order = architecture.split(",")
        c1, k1, c2, k2, hidden = int(c1), int(k1), int(c2), int(k2), int(hidden)
        if order not in ("first", "after"):
            raise SystemExit(f"--architecture ends in first or after, not {order}")
        self.pool_first = order == "first"
        side = ((28 - k1 + 1) // 2 - k2 + 1) // 2
        self.conv1 = nn.Conv2d(1, c1, k1, bias=False)
        self.bn1 = nn.BatchNorm2d(c1)
        self.conv2 = nn.Conv2d(c1, c2, k2, bias=False)
        self.bn2 = nn.BatchNorm2d(c2)
        self.fc1 = nn.Linear(c2 * side * side, hidden, bias=False)
        self.bn3 = nn.BatchNorm1d(hidden)
        self.fc2 = nn.Linear(hidden, 10)

    def block(self, conv, norm, x):
        if self.pool_first:
            return F.relu(norm(F.max_pool2d(conv(x), 2)))
        return F.max_pool2d(F.relu(norm(conv(x))), 2)

    def forward(self, x):
        x = self.block(self.conv2, self.bn2, self.block(self.conv1, self.bn1, x))
        return self.fc2(F.relu(self.bn3(self.fc1(torch.flatten(x, 1)))))


def train_step(net, optimizer, batch, loss_function):
    """One training step: zero_grad, forward, loss, backward, optimizer step."""
    images, labels = batch
    optimizer.zero_grad()
    loss = loss_function(net(images), labels)
    loss.backward()
    optimizer.step()
    loss.item()


def evaluate(net, test, batch_size):
    """Test accuracy in evaluation mode with no graph, batch by batch."""
    net.eval()
    correct = 0
    with torch.no_grad():
        for indices in test.in_order(batch_size):
            images, labels = test.load(indices)
            correct += net(images).argmax(1).eq(labels).sum().item()
    return correct / len(test)


def timed_inference(evaluate_once, passes):
    """One warm-up pass, then `passes` timed ones: the median time and its accuracy."""
    evaluate_once()
    runs = []
    for _ in range(passes):
        start = time.perf_counter()
        accuracy = evaluate_once()
        runs.append((time.perf_counter() - start, accuracy))
    return sorted(runs)[len(runs) // 2]


def throughput(train, test):
    steps = ARGS.warm_up_steps + ARGS.steps
    if steps > len(train) // ARGS.batch_size:
        raise SystemExit(f"{ARGS.warm_up_steps} warm-up and {ARGS.steps} timed steps of {ARGS.batch_size} do not fit in one epoch")
    torch.manual_seed(ARGS.seed)
    net = PyTorchCnn()
    optimizer = torch.optim.Adadelta(net.parameters(), lr=1.0)
    net.train()
    for step, indices in enumerate(train.shuffled(ARGS.batch_size, 0)[:steps], start=1):
        train_step(net, optimizer, train.load(indices), F.nll_loss)
        if step == ARGS.warm_up_steps:
            start = time.perf_counter()
    seconds = time.perf_counter() - start

    inference_seconds, accuracy = timed_inference(lambda: evaluate(net, test, ARGS.evaluation_batch_size), ARGS.inference_passes)
    return {
        "train_samples_per_second": ARGS.steps * ARGS.batch_size / seconds,
        "inference_samples_per_second": len(test) / inference_seconds,
        "inference_accuracy": accuracy,
        "timed_steps": ARGS.steps,
        "inference_passes": ARGS.inference_passes,
    }


def time_to_target(train, test):
    steps_per_epoch = -(-len(train) // ARGS.batch_size)
    start = time.perf_counter()
    training = evaluating = last_evaluation = 0.0
    epochs, accuracy, samples = 0, 0.0, 0
    torch.manual_seed(ARGS.seed)
    net = TwoConvCnn(ARGS.architecture)
    if ARGS.optimizer == "sgd":
        optimizer = torch.optim.SGD(net.parameters(), lr=ARGS.learning_rate, momentum=0.9, nesterov=True, weight_decay=ARGS.weight_decay)
    else:
        optimizer = torch.optim.Adam(net.parameters(), lr=ARGS.learning_rate, betas=(ARGS.beta1, ARGS.beta2), weight_decay=ARGS.weight_decay)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=ARGS.learning_rate, total_steps=ARGS.epochs * steps_per_epoch, cycle_momentum=False)
    epoch_start = start
    for epoch in range(ARGS.epochs):
        net.train()
        for indices in train.shuffled(ARGS.batch_size, epoch):
            train_step(net, optimizer, train.load(indices), lambda scores, labels: F.cross_entropy(scores, labels, label_smoothing=ARGS.label_smoothing))
            scheduler.step()
            samples += len(indices)
        trained = time.perf_counter()
        accuracy = evaluate(net, test, ARGS.evaluation_batch_size)
        now = time.perf_counter()
        training += trained - epoch_start
        last_evaluation = now - trained
        evaluating += last_evaluation
        epochs, epoch_start = epochs + 1, now
        if accuracy >= ARGS.target:
            break
    return {
        "reached": accuracy >= ARGS.target,
        "target": ARGS.target,
        "epochs": epochs,
        "seconds": training + evaluating,
        "train_seconds": training,
        "evaluation_seconds": evaluating,
        "last_evaluation_seconds": last_evaluation,
        "accuracy": accuracy,
        "train_samples_seen": samples,
    }


def blas_in_use():
    """The BLAS library this process has loaded, named from its path (Debian switches libblas.so.3 by alternatives)."""
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line.rsplit("/", 1)[-1]}
    real = sorted({os.path.realpath(path) for path in paths})
    if any("openblas" in path for path in real):
        return "OpenBLAS (" + ", ".join(real) + ")"
    if any("/blas/" in path for path in real):
        return "reference BLAS, Debian's libblas3 (" + ", ".join(real) + ")"
    return ", ".join(real) or "none loaded"


def cpu_capability():
    """The instruction set ATen's kernels dispatch to, as torch reports it (ATEN_CPU_CAPABILITY pins it)."""
    lines = [line for line in torch.__config__.show().splitlines() if "CPU capability usage" in line]
    return lines[0].split(":", 1)[1].strip() if lines else "unknown"


def peak_rss_mib():
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def main():
    torch.set_num_threads(ARGS.threads)
    result = {}
    if ARGS.phase != "probe":
        folder = os.path.expanduser(ARGS.data)
        train_images = read_idx(os.path.join(folder, "train-images-idx3-ubyte"))
        stats = pixel_stats(train_images)
        if ARGS.train_limit:
            train_images = train_images[:ARGS.train_limit]
        train_labels = read_idx(os.path.join(folder, "train-labels-idx1-ubyte"))[:len(train_images)]
        train = Batches(train_images, train_labels, stats, ARGS.seed)
        test_count = ARGS.test_limit or None
        test_images = read_idx(os.path.join(folder, "t10k-images-idx3-ubyte"))[:test_count]
        test = Batches(test_images, read_idx(os.path.join(folder, "t10k-labels-idx1-ubyte"))[:test_count], stats, ARGS.seed)
        result = throughput(train, test) if ARGS.phase == "throughput" else time_to_target(train, test)
    result.update({
        "contender": "pytorch",
        "phase": ARGS.phase,
        "engine": f"PyTorch {torch.__version__}, BLAS: {blas_in_use()}, oneDNN: {torch.backends.mkldnn.is_available()}, kernels: {cpu_capability()}",
        "cpu_capability": cpu_capability(),
        "threads": torch.get_num_threads(),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", "(libgomp default)"),
        "openblas_num_threads": os.environ["OPENBLAS_NUM_THREADS"],
        "blas": blas_in_use(),
        "peak_rss_mib": peak_rss_mib(),
        "seed": ARGS.seed,
        "model": ARGS.model if ARGS.phase == "time-to-99" else "pytorch-cnn",
    })
    print(json.dumps(result))


if __name__ == "__main__":
    main()
