"""Guided setups that put each idea of the course on screen: a preset, settings, and what to watch."""

from __future__ import annotations

from dataclasses import dataclass, field

from visualnet.core import data
from visualnet.session import Session


@dataclass(frozen=True)
class Lesson:
    """One idea of the course as a ready-to-run setup."""

    title: str
    idea: str  # the idea, in one or two sentences
    watch: str  # what to look at while it trains
    preset: str
    config: dict = field(default_factory=dict)
    count: int | None = None
    noise: float | None = None


LESSONS: tuple[Lesson, ...] = (
    Lesson("1 · A perceptron learns AND",
           "One neuron computes w·x + b and fires (1) when it is above 0: the step function. "
           "Its boundary is the straight line w·x + b = 0.",
           "Press S a few times: each mistake moves the line (w += lr·(t − y)·x) until all four "
           "points are right. The arrow is w, always at right angles to the line.",
           "AND", {"model": "Perceptron", "lr": 0.1, "batch_size": 1, "optimizer": "SGD"}),
    Lesson("2 · XOR defeats a perceptron",
           "No straight line separates XOR's corners, so a single perceptron can never get all "
           "four right.",
           "Play: the line keeps jumping and one point always stays ringed.",
           "XOR", {"model": "Perceptron", "lr": 0.1, "batch_size": 1, "optimizer": "SGD"}),
    Lesson("3 · Layers bend the boundary",
           "A multi-layer perceptron stacks A = XW + B with a non-linear activation h(A) between "
           "layers, so its boundary can bend around XOR.",
           "Play: the field turns blue and orange in the right corners; the weights view shows "
           "W1, W2 and W3 changing every step.",
           "XOR clouds", {"model": "MLP", "hidden": (8, 8), "activation": "relu", "lr": 0.1,
                          "optimizer": "SGD", "batch_size": 10}),
    Lesson("4 · Sigmoid versus ReLU",
           "Sigmoid squashes every input into (0, 1) and saturates for large |z|; ReLU passes "
           "positive z unchanged and is 0 for negative z.",
           "In the activations view, the histogram of z shows saturated sigmoids or dead ReLUs. "
           "Switch the activation and compare how fast the loss falls.",
           "Circles", {"model": "MLP", "hidden": (8,), "activation": "sigmoid", "lr": 0.5,
                       "optimizer": "SGD", "batch_size": 10}),
    Lesson("5 · Softmax and three classes",
           "With k classes the output layer has k neurons; softmax turns their scores into "
           "probabilities that sum to 1, and cross-entropy punishes a low probability on the truth.",
           "The field blends the three class colours by probability and pales where the model is "
           "unsure. Add points of class 3 with key 3.",
           "Blobs", {"model": "MLP", "hidden": (8,), "activation": "relu", "lr": 0.1,
                     "optimizer": "SGD", "batch_size": 10}),
    Lesson("6 · Too large a learning rate",
           "Gradient descent steps by lr times the gradient. Too small crawls; too large overshoots "
           "the valley and every step lands higher than the last until the numbers explode.",
           "Play: within a few iterations training stops and says so, and the last finite weights "
           "come back. Slide the learning rate down to 0.05 and play again: training carries on.",
           "Sine", {"model": "MLP", "hidden": (8, 8), "activation": "tanh", "lr": 3.0,
                    "optimizer": "SGD", "batch_size": 10}),
    Lesson("7 · Train, validation, test",
           "Learn from the training set, watch the validation set while training, and judge the "
           "finished model once on the test set (6:2:2).",
           "Hollow circles are validation points, squares test points. Watch the validation loss "
           "in the loss curve part from the training loss when the network overfits noisy data.",
           "Spirals", {"model": "MLP", "hidden": (16, 16), "activation": "relu", "lr": 0.05,
                       "optimizer": "Adam", "batch_size": 10, "split": (6, 2, 2)}, count=150, noise=0.25),
    Lesson("8 · Mini-batches and epochs",
           "Each iteration computes the gradient on one mini-batch; one epoch is every training "
           "point seen once. Batch 1 is noisy, batch = all points is smooth but slow.",
           "The loss curve's faint vertical lines mark epochs. Change the batch size and compare "
           "the curve's noise.",
           "Moons", {"model": "MLP", "hidden": (8, 8), "activation": "relu", "lr": 0.05,
                     "optimizer": "SGD", "batch_size": 1}),
    Lesson("9 · Regression: identity output and squared error",
           "To predict a number, the output layer is the identity and the loss is the mean squared "
           "error 0.5·Σ(y − t)² / N.",
           "Drag the points: the red curve follows them as the network trains.",
           "Sine", {"model": "MLP", "hidden": (16, 16), "activation": "tanh", "lr": 0.05,
                    "optimizer": "Adam", "batch_size": 10}),
)


def dataset_for(lesson: Lesson, seed: int = 0) -> data.Dataset:
    """The lesson's points."""
    classes = {"k": 3} if lesson.preset == "Blobs" else {}
    # a count or noise of None is the preset's own
    return data.PRESETS[lesson.preset].make(lesson.count, lesson.noise, seed, **classes)


def apply(session: Session, lesson: Lesson) -> None:
    """Set a session up for a lesson (data first, so the model fits the data's task)."""
    session.set_dataset(dataset_for(lesson, session.config.seed))
    session.configure(**lesson.config)
    session.reset_weights()
