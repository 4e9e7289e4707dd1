"""A tiny publish/subscribe helper so the app state can notify views without knowing Qt."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

Handler = Callable[..., object]  # called with the event's arguments; what it returns is ignored


class Events:
    """Named events with plain callbacks: `connect(name, fn)`, `emit(name, *args)`."""

    def __init__(self, *names: str) -> None:
        self._names = frozenset(names)
        self._handlers: dict[str, list[Handler]] = defaultdict(list)

    @property
    def names(self) -> frozenset[str]:
        """The events this emitter knows."""
        return self._names

    def connect(self, name: str, handler: Handler) -> None:
        """Call `handler(*args)` whenever `name` is emitted."""
        self._check(name)
        self._handlers[name].append(handler)

    def disconnect(self, name: str, handler: Handler) -> None:
        """Stop calling `handler` for `name`."""
        self._check(name)
        self._handlers[name].remove(handler)

    def emit(self, name: str, *args: object) -> None:
        """Call every handler of `name` in the order they were connected."""
        self._check(name)
        for handler in list(self._handlers[name]):
            handler(*args)

    def _check(self, name: str) -> None:
        if name not in self._names:
            raise KeyError(f"unknown event {name!r}; known: {sorted(self._names)}")
