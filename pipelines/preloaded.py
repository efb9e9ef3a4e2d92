"""Imported by multiprocessing's fork server (``set_forkserver_preload``): the extraction workers it forks
share what ``preload`` loads."""

from pipelines.workers import preload

preload()
