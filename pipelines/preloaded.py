"""Imported by multiprocessing's fork server (``set_forkserver_preload``): the extraction workers it forks
share what ``preload`` loads, and the heap it leaves them is out of their collector's reach (``gc.freeze``:
their collections would write to the pages they share, and copy them)."""

import gc

from pipelines.workers import preload

preload()
gc.freeze()
