"""Which code and settings made a record: ``articles.extractor_version`` and ``runs.extractor_version``.

Light on purpose (no extraction library is imported), so the crawl's own process can name the version.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from importlib.metadata import version
from pathlib import Path

from scraper import __version__
from scraper.config import NormalizeConfig
from scraper.models import SiteRules

PACKAGE = Path(__file__).parent
# The code a record depends on: what reads the page and what normalizes it (not fetching or storage) ...
RECORD_CODE = ("extract", "normalize", "records.py", "models.py")
# ... and the pinned libraries that read it with us (their versions: requirements.lock).
RECORD_LIBRARIES = ("trafilatura", "selectolax", "lxml", "htmldate", "justext", "dateparser", "charset-normalizer",
                    "py3langid", "courlan")  # fmt: skip


@functools.cache
def code_version() -> str:
    """``scraper-<version>+trafilatura-<version>+code.<digest>``, the digest of :func:`code_digest`."""
    return f"scraper-{__version__}+trafilatura-{version('trafilatura')}+code.{code_digest(PACKAGE)}"


def code_digest(root: Path) -> str:
    """A digest of the record code in the package at ``root``, the library versions and the default
    normalization settings: it changes whenever they can change what extraction makes of a page."""
    digest = hashlib.sha256()
    for name in RECORD_CODE:
        path = root / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    for library in RECORD_LIBRARIES:
        digest.update(f"{library}=={version(library)}\n".encode())
    digest.update(json.dumps(dataclasses.asdict(NormalizeConfig()), sort_keys=True).encode())  # the defaults
    return digest.hexdigest()[:10]


def extractor_version(rules: SiteRules, config: NormalizeConfig) -> str:
    """What made a record: :func:`code_version`, plus ``+rules.<digest>`` of the source's CSS rules and the
    normalization settings when they are not the defaults (a change of either changes the version). The
    site's learned template is data, not a setting: it is not in the version."""
    return _version(rules.drop, rules.body, config)


@functools.cache  # asked for every page; a run has a handful of sources
def _version(drop: tuple[str, ...], body: str, config: NormalizeConfig) -> str:
    if not drop and not body and config == NormalizeConfig():
        return code_version()
    settings = {"drop": list(drop), "body": body, "normalize": dataclasses.asdict(config)}
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:8]
    return f"{code_version()}+rules.{digest}"
