"""Scheduled monitoring inside the app: one background scheduler per process and database file.

DuckDB lets one process write a database file, and the app holds it while it runs, so the app
itself runs the monitor cycle (``cycle.run_cycle``) at the interval set on 采集监测 (``schedule``).
``scheduler_for(path)`` gives the process's one scheduler for a file; the app starts it with its
first page view (``ui_monitor.scheduler``, kept across reloads and sessions) and it stops with
the process.

Two locks keep things in order:

- the cycle lock: a scheduled cycle, 立即采集 and a single source's 采集此源 never run at the same
  time; a request while one runs is refused with the time it started, never queued twice;
- the writer lock (``writer_lock(path)``, reentrant): a cycle holds it around each of its writing
  steps only (never while fetching), and the page writes of 采集监测 take it too, so a page write
  waits for at most one step of a cycle and no two writers touch the same rows at once.

The interval counts from the start of each cycle; a restart resumes from the last scheduled
cycle in the store, and a store that never had one waits one interval first.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, TypeVar
from zoneinfo import ZoneInfo

from .. import config, db
from .cycle import CycleResult, run_cycle
from .fetch import Fetcher
from .schedule import Schedule, read_schedule

T = TypeVar("T")
_TZ = ZoneInfo(config.TIMEZONE)
SCHEDULE_TRIGGER = "schedule"
SCHEDULE_ACTOR = "定时监测"
_IDLE_CHECK = 60.0  # seconds between looks at the settings while monitoring is paused

_registry = threading.RLock()
_writers: dict[Path, threading.RLock] = {}
_schedulers: dict[Path, "MonitorScheduler"] = {}


def _key(path: str | Path | None) -> Path:
    return config.db_path(path).resolve()


def writer_lock(path: str | Path | None = None) -> threading.RLock:
    """This process's writer lock for a database file (see the module docstring)."""
    with _registry:
        return _writers.setdefault(_key(path), threading.RLock())


class Busy(Exception):
    """A cycle is already running; the message says since when (Chinese, for the page)."""


@dataclass(frozen=True)
class Status:
    """What the page shows about scheduled monitoring."""

    schedule: Schedule
    next_run_at: datetime | None        # None while paused
    running_since: datetime | None      # a cycle is running now
    running_trigger: str | None
    last_error: str | None              # the last cycle that failed as a whole (its error)
    alive: bool                         # the background thread runs


class MonitorScheduler:
    """See the module docstring. ``fetcher_factory`` makes the one Fetcher the scheduler keeps
    (robots.txt and per-host pacing carry over between cycles); ``now`` is the clock."""

    def __init__(self, path: str | Path | None = None, *, fetcher_factory: Callable[[], Fetcher] = Fetcher,
                 now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:
        self.path = _key(path)
        self.writer = writer_lock(self.path)
        self._fetcher_factory = fetcher_factory
        self._fetcher: Fetcher | None = None
        self._now = now
        self._cycle_lock = threading.Lock()
        self._state = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._next_run_at: datetime | None = None
        self._running: tuple[datetime, str] | None = None
        self._last_started: datetime | None = None
        self._last_error: str | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> "MonitorScheduler":
        """Start the background thread (once; a started scheduler is returned as it is)."""
        with self._state:
            if self._thread is not None and self._thread.is_alive():
                return self
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name=f"workbench-monitor:{self.path.name}", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 60.0) -> None:
        """Stop the thread (a running cycle finishes first) and forget this scheduler."""
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
        with self._cycle_lock:
            if self._fetcher is not None:
                self._fetcher.close()
                self._fetcher = None
        with _registry:
            if _schedulers.get(self.path) is self:
                del _schedulers[self.path]

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- what the page asks ----------------------------------------------------------------
    def status(self) -> Status:
        schedule = read_schedule(db.connect(self.path))
        with self._state:
            running = self._running
            return Status(schedule, self._next_run_at if schedule.enabled else None,
                          running[0] if running else None, running[1] if running else None,
                          self._last_error, self.alive)

    def reschedule(self) -> None:
        """The settings changed: plan the next run from them now."""
        self._refresh_plan()
        self._wake.set()

    def run_now(self, *, actor: str, progress: Callable[[str, float], None] | None = None) -> CycleResult:
        """The page's 立即采集: one whole cycle now, in the caller's thread, audited (``progress`` as
        ``cycle.run_cycle``). Raises ``Busy`` when a cycle is running. The schedule counts on from this cycle."""
        from .cycle import scrape_now

        started = self._now()
        result = self.exclusive(lambda: scrape_now(db.connect(self.path), actor=actor, fetcher=self._fetcher_now(),
                                                   write_lock=self.writer, progress=progress), trigger="page")
        self._last_started = started
        self._refresh_plan()
        self._wake.set()
        return result

    def exclusive(self, work: Callable[[], T], *, trigger: str = "page") -> T:
        """Run ``work`` (a cycle of some kind) holding the cycle lock; ``Busy`` if one is running.
        Only whole cycles (``run_now``, the schedule's own) move the schedule on."""
        if not self._cycle_lock.acquire(blocking=False):
            with self._state:
                since = self._running[0] if self._running else None
            when = f"（开始于 {since.astimezone(_TZ):%H:%M:%S}）" if since else ""
            raise Busy(f"已有一轮采集正在进行{when}，结束后再试；结果会出现在采集记录中")
        try:
            with self._state:
                self._running = (self._now(), trigger)
            return work()
        finally:
            with self._state:
                self._running = None
            self._cycle_lock.release()

    def fetcher(self) -> Fetcher:
        """The scheduler's Fetcher (for a single source's 采集此源 run through ``exclusive``)."""
        return self._fetcher_now()

    # -- the loop --------------------------------------------------------------------------
    def _fetcher_now(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = self._fetcher_factory()
        return self._fetcher

    def _plan_next(self, started: datetime | None = None) -> None:
        """Next run: one interval after ``started`` (else after the last scheduled cycle in the
        store, else after now), never in the past."""
        con = db.connect(self.path)
        schedule = read_schedule(con)
        now = self._now()
        if started is None:
            last = db.query("monitor_last_cycle", con, trigger=SCHEDULE_TRIGGER)
            started = last["started_at"].iloc[0].to_pydatetime() if len(last) else now
        with self._state:
            self._next_run_at = max(started + schedule.interval, now) if schedule.enabled else None

    def _loop(self) -> None:
        try:
            self._plan_next()
        except Exception as e:  # the store is gone or broken: say so on the page, try again later
            self._last_error = f"{type(e).__name__}: {e}"
        while not self._stop.is_set():
            with self._state:
                due = self._next_run_at
            wait = _IDLE_CHECK if due is None else max(0.0, (due - self._now()).total_seconds())
            if self._wake.wait(min(wait, _IDLE_CHECK)):
                self._wake.clear()
                continue
            if self._stop.is_set():
                break
            with self._state:
                due = self._next_run_at
            if due is None or due > self._now():
                self._refresh_plan()
                continue
            self._scheduled_cycle()

    def _refresh_plan(self) -> None:
        try:
            self._plan_next(started=self._last_started)
        except Exception as e:
            self._last_error = f"{type(e).__name__}: {e}"

    def _scheduled_cycle(self) -> None:
        started = self._now()
        try:
            self.exclusive(lambda: run_cycle(db.connect(self.path), trigger=SCHEDULE_TRIGGER, actor=SCHEDULE_ACTOR,
                                             fetcher=self._fetcher_now(), write_lock=self.writer),
                           trigger=SCHEDULE_TRIGGER)
            self._last_started = started
            self._last_error = None
        except Busy:
            pass  # a person's 立即采集 is running: it counts as this run
        except Exception as e:  # a broken cycle must not end monitoring; the page shows the error
            self._last_started = started
            self._last_error = f"{type(e).__name__}: {e}"
        self._refresh_plan()


def scheduler_for(path: str | Path | None = None, **options: Any) -> MonitorScheduler:
    """This process's one scheduler for a database file (created, not started)."""
    key = _key(path)
    with _registry:
        found = _schedulers.get(key)
        if found is None:
            found = _schedulers[key] = MonitorScheduler(key, **options)
        return found
