"""Waiting for something another thread or process does: poll with a deadline, never a fixed sleep."""
from __future__ import annotations

import threading
import time
from typing import Callable, TypeVar

T = TypeVar("T")


def eventually(check: Callable[[], T], *, timeout: float = 60.0, every: float = 0.05, what: str = "") -> T:
    """The first truthy ``check()``; ``TimeoutError`` naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"not within {timeout}s: {what or check}")
        pause.wait(every)
