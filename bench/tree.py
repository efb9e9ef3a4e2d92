"""CPU seconds and peak memory of a process and all its descendants, sampled from /proc (Linux): what the
benchmarks measure of a job with its worker processes (grandchildren under a fork server, Ray's processes
included, which ``RUSAGE_CHILDREN`` never counts).

Memory two ways: the processes' RSS summed, which counts a page shared by several of them (forked workers'
inherited heap, a memory-mapped model file) once in each; and their PSS summed (proportional set size,
``/proc/PID/smaps_rollup``), which shares such a page out among them: the memory the machine spends on the
job, as ``smem`` reports it. For one process the two are about equal."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


class TreeSampler:
    """CPU seconds and peak RSS of a process and all its descendants, from /proc."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.cpu: dict[int, float] = {}  # pid -> the latest utime + stime seen
        self.driver_peak = 0
        self.tree_peak = 0  # RSS summed
        self.tree_pss_peak = 0  # PSS summed
        # The sampler's own CPU seconds (its thread's: reading /proc, smaps_rollup's page-table walk is charged
        # to the reader), which a caller that measures its own process takes out: they are not the job's.
        self.own_cpu_s = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        started = time.thread_time()
        while not self._stop.is_set():
            self.sample()
            self.own_cpu_s = time.thread_time() - started
            time.sleep(0.1)

    def sample(self) -> None:
        stats = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    text = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue
                fields = text[text.rindex(")") + 2 :].split()
                stats[int(entry)] = (int(fields[1]), fields)  # ppid, fields
        tree = {self.root}
        changed = True
        while changed:
            changed = False
            for pid, (ppid, _fields) in stats.items():
                if ppid in tree and pid not in tree:
                    tree.add(pid)
                    changed = True
        rss_total = pss_total = 0
        for pid in tree & set(stats):
            fields = stats[pid][1]
            self.cpu[pid] = (int(fields[11]) + int(fields[12])) / TICKS
            rss = int(fields[21]) * PAGE_SIZE
            rss_total += rss
            pss_total += _pss(pid)
            if pid == self.root:
                self.driver_peak = max(self.driver_peak, rss)
        self.tree_peak = max(self.tree_peak, rss_total)
        self.tree_pss_peak = max(self.tree_pss_peak, pss_total)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def others_cpu_s(self) -> float:
        """CPU seconds of the tree's processes but the root (whose own share the caller may take as a
        difference of ``getrusage``, from when it started measuring)."""
        return sum(cpu for pid, cpu in self.cpu.items() if pid != self.root)


def _pss(pid: int) -> int:
    """A process's proportional set size in bytes (0 when it is gone or the kernel does not say)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0
