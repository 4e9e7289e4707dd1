"""Export a session as a short Python script that repeats its training run with `visualnet.core`.

The script rebuilds what `Session` builds: the same points, the same train / validation / test roles,
the same network (sizes from the data and the input features, the seed's initial weights, the
weights' penalty, dropout ratios), optimizer, batch size and seed,
runs the same number of `Trainer` iterations and prints the final training loss with repr precision,
bit for bit the app's (when the app's run started from a reset and nothing changed during it).
Up to INLINE_MAX_POINTS points are written into the script; more go to a CSV file beside it.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import numpy as np

from visualnet import __version__, files
from visualnet.core import activations, data, features
from visualnet.core.mlp import MLP
from visualnet.core.schedules import Schedule
from visualnet.session import ROLE_TEST, ROLE_TRAIN, ROLE_VAL, Session

__all__ = ["INLINE_MAX_POINTS", "data_csv", "export_script", "python_script", "run_document"]

INLINE_MAX_POINTS = 2000
ROLE_NAMES = {ROLE_TRAIN: "train", ROLE_VAL: "val", ROLE_TEST: "test"}


def run_document(session: Session, preset: str | None = None) -> files.SessionDocument:
    """A document of `session` whose weights are the ones its current run started from."""
    doc = files.document_from_session(session, preset)
    doc.weights = {k: np.array(v, dtype=np.float64) for k, v in session.initial_params.items()}
    return doc


def _rebuild(doc: files.SessionDocument) -> tuple[Session, dict[str, np.ndarray] | None]:
    """The session the app would build from `doc`, and the starting weights if not the seed's."""
    session = Session(doc.dataset.copy())
    session.apply_document(dataclasses.replace(doc, weights=None))
    problem = session.training_problem()
    if problem:
        raise ValueError(f"this session cannot be trained: {problem}")
    if doc.weights is None:
        return session, None
    params = session.model.params
    if doc.weights.keys() != params.keys() or any(np.shape(doc.weights[k]) != params[k].shape
                                                  for k in params):
        raise ValueError("the weights do not fit the network the settings describe")
    same = all(np.array_equal(doc.weights[k], params[k]) for k in params)
    return session, None if same else {k: np.asarray(doc.weights[k], np.float64) for k in params}


def _columns(session: Session, with_roles: bool) -> tuple[str, ...]:
    names = files.CSV_HEADERS[session.task]
    return (*names, "role") if with_roles else names


def _rows(session: Session, with_roles: bool) -> list[list[float]]:
    """The points as rows of Python numbers (floats repr-exact), label and role as ints."""
    ds = session.dataset
    rows = [list(p) for p in ds.X.tolist()]
    if ds.task == "classification":
        for row, label in zip(rows, ds.y.tolist(), strict=True):
            row.append(label)
    if with_roles:
        for row, role in zip(rows, session.roles.tolist(), strict=True):
            row.append(role)
    return rows


def _roles_kind(session: Session) -> str:
    """'all' (every point trains), 'split' (the seed's split, as the app makes it) or 'column'."""
    roles, n = session.roles, len(session.dataset)
    if not roles.any():
        return "all"
    fresh = data.split_indices(n, session.config.split, session.config.seed).role(n)
    return "split" if np.array_equal(roles, fresh) else "column"


def data_csv(doc: files.SessionDocument) -> str:
    """The CSV a script of `doc` loads when it has more than INLINE_MAX_POINTS points."""
    session, _ = _rebuild(doc)
    with_roles = _roles_kind(session) == "column"
    lines = [",".join(_columns(session, with_roles))]
    lines += [",".join(repr(v) for v in row) for row in _rows(session, with_roles)]
    return "\n".join(lines) + "\n"


def _describe(session: Session, steps: int, preset: str | None) -> str:
    cfg, model = session.config, session.model
    net = "perceptron" if cfg.model == "Perceptron" else (
        f"MLP {'-'.join(map(str, model.sizes))} ({model.activation_name})")
    if isinstance(model, MLP):
        if model.features not in (None, features.DEFAULT):
            net += f" on {', '.join(features.LABELS[f] for f in model.features or ())}"
        if model.penalty != "none":
            net += f", {model.penalty.upper()} λ = {model.penalty_rate:g}"
        if model.drops:
            net += f", dropout {', '.join(f'{r:g}' for r in model.dropout)}"
    what = preset or "your points"
    return (f"{what}, {len(session.dataset)} points; {net}, {session.optimizer!r}, "
            f"batch size {cfg.batch_size}, seed {cfg.seed}, {steps} iterations")


def _import_order(name: str) -> tuple[int, str]:
    """isort's order: CONSTANTS, then Classes, then modules and functions."""
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def _wrap(text: str, width: int = 100) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join([*lines, line])


def _data_lines(session: Session, roles: str, data_file: str) -> list[str]:
    """Points -> dataset -> X, t."""
    columns = ", ".join(_columns(session, roles == "column"))
    if len(session.dataset) <= INLINE_MAX_POINTS:
        out = [f"# the points as drawn: {columns}", "points = np.array(["]
        out += [f"    [{', '.join(repr(v) for v in row)}]," for row in _rows(session, roles == "column")]
        out.append("])")
    else:
        out = [f"# the points as drawn ({len(session.dataset)} of them): {columns}",
               f'points = np.loadtxt(Path(__file__).with_name({data_file!r}), delimiter=",", '
               "skiprows=1, ndmin=2)"]
    if session.task == "classification":
        out.append(f'dataset = Dataset(points[:, :2], points[:, 2], task="classification", '
                   f"n_classes={session.dataset.n_classes})")
    else:
        out.append("# regression: the points are (x, y); the network maps x to y")
        out.append('dataset = Dataset(points[:, :2], np.zeros(len(points)), task="regression")')
    return [*out, "X, t = dataset.inputs(), dataset.targets()", ""]


def _held_out(session: Session) -> list[str]:
    """The names of the held-out sets that have points ('val', 'test')."""
    return [ROLE_NAMES[r] for r in (ROLE_VAL, ROLE_TEST) if len(session.indices(r))]


def _split_lines(session: Session, roles: str) -> list[str]:
    """X, t -> X_train, t_train (and X_val, X_test where they have points)."""
    sets = ["train", *_held_out(session)]
    if roles == "all":
        return ["# every point trains (the app holds none out of fewer than 10 points)",
                "X_train, t_train = X.copy(), t.copy()", ""]
    if roles == "split":
        split = session.config.split
        parts = "train:val:test" if len(split) == 3 else "train:test"
        return [f"# the app's {':'.join(map(str, split))} split ({parts}), drawn from the seed",
                f"split = data.split_indices(len(X), {tuple(split)!r}, seed=SEED)",
                *(f"X_{s}, t_{s} = X[split.{s}], t[split.{s}]" for s in sets), ""]
    code = {name: role for role, name in ROLE_NAMES.items()}
    return [f"# each point's role as it was in the app: {ROLE_TRAIN} train, {ROLE_VAL} validation, "
            f"{ROLE_TEST} test",
            f"role = points[:, {len(_columns(session, True)) - 1}]",
            *(f"X_{s}, t_{s} = X[role == {code[s]}], t[role == {code[s]}]" for s in sets), ""]


def _model_lines(session: Session, start: dict[str, np.ndarray] | None) -> list[str]:
    """The network with the app's initial weights, the optimizer, the trainer."""
    cfg, model = session.config, session.model
    if cfg.model == "Perceptron":
        out = ["model = Perceptron()  # w = (0, 0), b = 0: the app's starting perceptron"]
    else:
        if cfg.init == "auto":
            how = "He" if model.activation_name in activations.RELU_LIKE else "Xavier"
            out, init = [f"# {how} initial weights drawn from the seed (the app's 'auto')"], ""
        else:
            out, init = ["# initial weights drawn from the seed"], f", init={json.dumps(cfg.init)}"
        inputs = ""
        if isinstance(model, MLP) and model.features not in (None, features.DEFAULT):
            out.append("# the input features: " + ", ".join(features.LABELS[f] for f in model.features or ()))
            ids = model.features or ()
            inputs = f", features=({', '.join(map(json.dumps, ids))}{',' * (len(ids) == 1)})"
        out.append(f"model = MLP({model.sizes!r}, activation={json.dumps(model.activation_name)}, "
                   f"task={json.dumps(session.task)}{init}, seed=SEED{inputs})")
        out += _regularization_lines(session)
    if start is not None:
        out += ["# the weights this run started from (opened from a file, not drawn from the seed)",
                "start = {"]
        for key, value in start.items():
            if value.ndim == 2:  # a matrix: one row a line
                out += [f"    {json.dumps(key)}: [", *(f"        {r!r}," for r in value.tolist()), "    ],"]
            else:
                out.append(f"    {json.dumps(key)}: {value.tolist()!r},")
        out += ["}", "for key, value in start.items():",
                "    model.params[key][...] = value  # in place: the layers hold these arrays"]
    hyper = ", ".join(f"{k}={v!r}" for k, v in session.optimizer.hyperparams.items())
    indent = " " * len("trainer = Trainer(")
    return [*out,
            f"optimizer = optimizers.{type(session.optimizer).__name__}({hyper})",
            "trainer = Trainer(model, optimizer, X_train, t_train,",
            *(f"{indent}X_{s}=X_{s}, t_{s}=t_{s}," for s in _held_out(session)),
            f"{indent}batch_size={cfg.batch_size}, seed=SEED)"]


def _regularization_lines(session: Session) -> list[str]:
    """The weights' penalty and the dropout ratios, set on the model as the app sets them."""
    model, out = session.model, list[str]()
    if not isinstance(model, MLP):
        return out
    if model.penalty != "none":
        what = "λ/2·ΣW² (weight decay)" if model.penalty == "l2" else "λ·Σ|W|"
        out += [f"# the loss gradient descent follows adds {what} over the weight matrices",
                f"model.penalty, model.penalty_rate = {json.dumps(model.penalty)}, {model.penalty_rate!r}"]
    if model.drops:
        out += ["# dropout after each hidden layer: masks while training, (1 - ratio) when measuring",
                f"model.dropout = {model.dropout!r}"]
    return out


def _plan_imports(session: Session) -> list[str]:
    """The imports the schedule and the stop rule need (none for the defaults)."""
    lines = []
    if session.schedule != Schedule():
        lines.append("from visualnet.core.schedules import Schedule")
    if session.stop_rule.active:
        lines.append("from visualnet.core.stopping import Stopper, StopRule")
    return lines


def _plan_lines(session: Session) -> list[str]:
    """The learning-rate schedule and the stop conditions, set on the trainer as the app sets them."""
    lines = []
    schedule, rule = session.schedule, session.stop_rule
    if schedule != Schedule():
        lines += ["# the learning rate moves with the epochs, from the rate set (optimizer.lr before a step)",
                  f"trainer.schedule = {schedule!r}"]
    if rule.active:
        if rule.target_loss is not None or rule.target_accuracy is not None:
            lines.append("# a target is checked where the training set is measured: in the app once a frame, "
                         "here at the few records of one long step() call")
        lines.append(f"trainer.stopper = Stopper({rule!r})")
    return [*lines, ""] if lines else []


def python_script(doc: files.SessionDocument, steps: int, data_file: str = "visualnet_data.csv") -> str:
    """A readable script that repeats `doc`'s training for `steps` iterations and prints the final loss.

    `doc.weights`, if given and not the seed's, are the weights training starts from. Over
    INLINE_MAX_POINTS points the script loads `data_file` from its own folder (see `export_script`).
    """
    if steps < 0:
        raise ValueError(f"steps must be 0 or more, not {steps}")
    session, start = _rebuild(doc)
    roles = _roles_kind(session)
    perceptron = session.config.model == "Perceptron"
    core = ["Dataset", "Perceptron" if perceptron else "MLP", "optimizers", *(["data"] * (roles == "split"))]
    about = _wrap(f"Exported from visualnet {__version__}. Run it with a Python that has visualnet "
                  "installed: it prints the final training loss, the same number as the app's when the "
                  "app's run started from a reset (R) and no point or setting changed during it.")
    out = [
        '"""' + _wrap(f"A visualnet training run: {_describe(session, steps, doc.preset)}."),
        "", about, '"""', "",
        "import os", "",
        "# as the app does: one BLAS thread (tiny networks), so every run adds up in the same order",
        'os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")', "",
        *(["from pathlib import Path", ""] if len(session.dataset) > INLINE_MAX_POINTS else []),
        "import numpy as np", "",
        f"from visualnet.core import {', '.join(sorted(core, key=_import_order))}",
        "from visualnet.core.training import Trainer",
        *_plan_imports(session), "",
        f"SEED = {session.config.seed}",
        f"STEPS = {steps}", "",
        *_data_lines(session, roles, data_file),
        *_split_lines(session, roles),
        *_model_lines(session, start),
        *_plan_lines(session),
        "trainer.step(STEPS)",
        "if trainer.diverged:",
        "    print(trainer.diverged)", "",
        # the app's training loss is the data loss; a penalty is shown apart
        f"loss = float(model.{'loss' if perceptron else 'data_loss'}(X_train, t_train))",
        'print(f"iterations: {trainer.iteration}")',
        'print(f"final training loss: {loss!r}")',
    ]
    if not perceptron and session.config.penalty != "none":
        out.append('print(f"penalty: {model.penalty_value()!r}")')
    if session.task == "classification":
        out.append('print(f"training accuracy: {model.accuracy(X_train, t_train):.1%}")')
    if perceptron:
        out.append('print(f"the line w·x + b = 0: w = {model.w.tolist()!r}, b = {model.b!r}")')
    return "\n".join(out) + "\n"


def export_script(doc: files.SessionDocument, steps: int, path: files.PathLike) -> list[Path]:
    """Write the script to `path` (and its data CSV beside it if needed); returns the files written."""
    path = Path(os.fsdecode(path))
    data_file = f"{path.stem}_data.csv"
    text = python_script(doc, steps, data_file)
    written = []
    if len(doc.dataset) > INLINE_MAX_POINTS:
        csv_path = path.with_name(data_file)
        files.atomic_write_text(csv_path, data_csv(doc))
        written.append(csv_path)
    files.atomic_write_text(path, text)
    return [path, *written]
