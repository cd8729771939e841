"""A record's time budget, so that no article can hold a run for ever.

Two mechanisms, both raising ``RecordTimeout`` (the pipeline turns it into the record's
``RecordError`` and goes on with the next record):

- Cooperative: ``Deadline.check()`` raises once the budget is spent. The events stage calls it
  between sentences, so a long article stops cleanly at the first sentence boundary past its
  budget. This works in every thread.
- Hard: ``Deadline.alarm()`` arms a one-shot real-time timer (``signal.setitimer``) whose
  SIGALRM handler raises wherever the Python code is, for one sentence (or one document-wide
  pass) that runs away. It rings a grace period after the budget (the budget again, at most
  ``MAX_GRACE_S``) so that the clean cooperative stop comes first. Signals reach only the main
  thread and Unix has ``setitimer``, so the alarm is armed only in the main thread of a Unix
  process, and only while no one else's SIGALRM handler is installed; elsewhere (the API's
  worker threads, a host with its own alarm) the cooperative check alone applies. A handler
  cannot interrupt a call into compiled code (one spaCy parse): it fires when that returns.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from communique.errors import RecordTimeout

MAX_GRACE_S = 1.0


class Deadline:
    """The end of one record's budget of ``seconds`` from now; None is no budget."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.ends = None if seconds is None else time.monotonic() + seconds

    def check(self) -> None:
        """Raise RecordTimeout once the budget is spent."""
        if self.ends is not None and time.monotonic() > self.ends:
            raise RecordTimeout(f"the record exceeded its budget of {self.seconds:g} s")

    @contextmanager
    def alarm(self) -> Iterator[None]:
        """Within the block, SIGALRM raises RecordTimeout a grace period after the budget
        (where the hard alarm can be armed at all; see the module's docstring)."""
        if self.seconds is None or not _alarm_available():
            yield
            return
        previous = signal.signal(signal.SIGALRM, _ring)
        signal.setitimer(signal.ITIMER_REAL, self.seconds + min(self.seconds, MAX_GRACE_S))
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _alarm_available() -> bool:
    """Whether this thread may arm the hard alarm without taking anyone else's."""
    return hasattr(signal, "setitimer") and \
        threading.current_thread() is threading.main_thread() and \
        signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, _ring)


def _ring(signum: int, frame: FrameType | None) -> None:
    raise RecordTimeout("the record ran past its budget and was stopped by the alarm")
