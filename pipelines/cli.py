"""The ``scraper`` command. Logging is configured here and nowhere else.

Exit codes: 0 done; 1 the job ran but failed (too many failed fetches, no article found); 2 usage,
config or input error; 3 another crawl or reextract holds the database's lock; 4 a crawl stopped by
SIGTERM/SIGINT.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from pipelines.export import choose_fields, decoded
from pipelines.export import export as export_articles
from pipelines.output import write_rows
from scraper.config import UNFILLED_CONTACT, Config, load_config
from scraper.crawl.run import EXIT_FAILED, EXIT_LOCKED, EXIT_OK, EXIT_USAGE, SIGNALS, Stop, counted
from scraper.errors import ConfigError, ExtractError, InputError, Interrupted, LockHeldError, ScraperError
from scraper.models import Article
from scraper.store.reading import DEFAULT_STATUS, Filters, check_day, check_sources, check_statuses, read_only
from scraper.store.search import SEARCH_COLUMNS, run_query
from scraper.store.search import search as search_articles

# The crawl and extraction commands import their pipelines when they run: those bring trafilatura and
# httpx, which search, query and export never need.

STARTER_CONFIG = Path(__file__).with_name("starter.toml")
DEFAULT_CONFIG = Path("config.toml")
CONFIG_VARIABLE = "SCRAPER_CONFIG"  # the config file when --config is not given
# export's formats, each with the file extension that names it (and the other extensions that do)
EXPORT_EXAMPLES = {"jsonl": ".jsonl", "csv": ".csv", "parquet": ".parquet", "warc": ".warc.gz"}
EXPORT_FORMATS = list(EXPORT_EXAMPLES)
EXPORT_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet",
                   ".warc.gz": "warc", ".warc": "warc"}  # fmt: skip
F = TypeVar("F", bound=Callable[..., Any])


def common_options(func: F) -> F:
    """--config, --db, -v/-q and --log-format, shared by every command."""

    @click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
                  help="Config file (default: $SCRAPER_CONFIG, else ./config.toml).")  # fmt: skip
    @click.option("--db", "db_path", type=click.Path(path_type=Path), default=None,
                  help="Database file (default: [storage] path of the config, from the config's folder).")  # fmt: skip
    @click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
    @click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
    @click.option("--log-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
    @functools.wraps(func)
    def wrapper(*args: Any, verbose: int, quiet: bool, log_format: str, **kwargs: Any) -> Any:
        _configure_logging(verbose, quiet, log_format)
        click.get_current_context().meta["log_format"] = log_format
        try:
            return func(*args, **kwargs)
        except (ConfigError, InputError) as e:
            click.echo(f"error: {e}", err=True)
            sys.exit(EXIT_USAGE)
        except LockHeldError as e:
            click.echo(f"error: {e}", err=True)
            sys.exit(EXIT_LOCKED)
        except BrokenPipeError:  # `scraper export | head`: the reader has what it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_OK)
        except ScraperError as e:
            click.echo(f"error: {e}", err=True)
            sys.exit(EXIT_FAILED)

    return wrapper  # type: ignore[return-value]


LOG_FIELDS = ("url", "source", "reason")  # given to a log call as extra={...}: fields of its JSON line


class _TextFormatter(logging.Formatter):
    """``2026-12-05T14:30:00Z WARNING message``: a UTC timestamp, so the runs appended to one log file part."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{_timestamp(record)} {record.levelname} {record.getMessage()}"


class _JsonFormatter(logging.Formatter):
    """One JSON object a line: ``ts``, ``level``, ``logger``, ``event`` and the record's url, source, reason."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"ts": _timestamp(record), "level": record.levelname.lower(), "logger": record.name,
                "event": record.getMessage()}  # fmt: skip
        line.update({key: getattr(record, key) for key in LOG_FIELDS if getattr(record, key, None) is not None})
        return json.dumps(line, ensure_ascii=False)


def _timestamp(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


EXTRACTION_LIBRARIES = frozenset({"trafilatura", "htmldate", "justext", "courlan", "readability"})


def _configure_logging(verbose: int, quiet: bool, log_format: str) -> None:
    level = logging.ERROR if quiet else [logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)]
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_JsonFormatter() if log_format == "json" else _TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "charset_normalizer"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    # The extraction libraries log what they think of each page ("discarding data: URL", "lxml parsing
    # failed: Document is empty"), as warnings and errors; the page's record or failure says what came of
    # it and why, so in a command's output they are noise: shown with -vv only. A filter on our handler,
    # not their loggers' levels, which trafilatura sets for htmldate when it is imported.
    if verbose < 2:
        handler.addFilter(lambda record: record.name.partition(".")[0] not in EXTRACTION_LIBRARIES)


def _config_path(path: Path | None) -> Path:
    """--config, else $SCRAPER_CONFIG, else ./config.toml."""
    return path or Path(os.environ.get(CONFIG_VARIABLE) or DEFAULT_CONFIG)


def _config(path: Path | None, *, required: bool) -> Config:
    chosen = _config_path(path)
    if chosen == DEFAULT_CONFIG and not chosen.exists() and not required:
        return Config()
    return load_config(chosen)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="scraper")
def main() -> None:
    """Crawl news sites into a clean, searchable SQLite corpus.

    \b
    Examples:
      scraper init my-crawl
      scraper fetch https://example.org/news/1
      scraper crawl --config config.toml
      scraper status
      scraper extract page.html --url https://example.org/news/1
      curl -s https://example.org/news/1 | scraper extract - --url https://example.org/news/1
      scraper clean dump.txt --text
      scraper reextract --all --db data/articles.db
      scraper import-warc CC-NEWS-*.warc.gz --source ccnews
      scraper search "harbour plan" --since 2024-05-01
      scraper query "select source, count(*) from articles group by source"
      scraper export --format csv --fields url,title,published > articles.csv
    """


def engine_options(func: F) -> F:
    """--engine and --ray-address: where extraction runs."""
    func = click.option("--ray-address", default="", metavar="ADDRESS",
                        help="With --engine ray: a running Ray cluster (e.g. auto, or 10.0.0.5:6379); "
                             "default: start a local Ray on this machine.")(func)  # fmt: skip
    return click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
                        help="Extract in local worker processes, or as Ray tasks (pip install -e '.[ray]').")(func)  # fmt: skip


def _engine(name: str, address: str, workers: int | None) -> Any:
    """The extraction engine for --engine; None for the local worker processes."""
    if name != "ray":
        if address:
            raise InputError("--ray-address needs --engine ray")
        return None
    from pipelines.ray_engine import RayEngine, load_ray

    load_ray()  # says how to install Ray before anything is done
    return RayEngine(address=address, cpus=workers or 0)


def _check_contact(config: Config, config_path: Path | None) -> None:
    """Refuse to send requests under the starter config's placeholder user agent."""
    if UNFILLED_CONTACT.search(config.fetch.user_agent):
        raise ConfigError(f"{_config_path(config_path)} [fetch]: user_agent still says CONTACT; replace it with "
                          "your project's URL or e-mail, so that site operators can reach you")  # fmt: skip


def _duration(value: str) -> float:
    """Seconds from "90", "90s", "30m" or "2h"."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", value)
    if match is None:
        raise click.BadParameter(f"{value!r} is not a duration; write 90s, 30m or 2h", param_hint="--max-duration")
    return float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


@contextmanager
def _stop_on_signals(stop: Stop) -> Iterator[None]:
    """SIGTERM and SIGINT ask the run (a crawl, a re-extraction, an import) to stop after its in-flight work;
    a second one stops it at once (every write is its own transaction, so the database stays consistent
    either way)."""

    crawl_pid = os.getpid()

    def handle(signum: int, _frame: object) -> None:
        if os.getpid() != crawl_pid:  # a forked worker before its initializer ignores SIGINT: not its call
            return
        name = signal.Signals(signum).name
        if stop.reason in SIGNALS:
            raise Interrupted(name)
        stop.request(name)
        logging.getLogger("pipelines").warning(
            "%s: finishing the pages in flight, then exiting; send it again to stop at once", name
        )

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class _Bar:
    """The crawl's progress as a bar on stderr, when stderr is a terminal and the log is not quieted. A log
    line (a warning) clears the bar's line, is written, and the bar is drawn again below it."""

    def __init__(self, label: str = "articles", *, show_pos: bool = True) -> None:
        self._bar: Any = None
        self._handlers: list[logging.Handler] = []
        self._label, self._show_pos = label, show_pos

    @classmethod
    def on_terminal(cls, label: str = "articles", *, show_pos: bool = True) -> _Bar | None:
        """A bar when stderr is a terminal and the log is not quieted or made verbose, else None."""
        if sys.stderr.isatty() and logging.getLogger().level == logging.WARNING:
            return cls(label, show_pos=show_pos)
        return None

    def start(self, total: int) -> None:
        self._bar = click.progressbar(length=total, label=self._label, file=sys.stderr, show_pos=self._show_pos,
                                      show_eta=True)  # fmt: skip
        self._bar.__enter__()
        root = logging.getLogger()
        self._handlers = root.handlers[:]
        root.handlers[:] = [_AboveBar(handler, self._bar) for handler in self._handlers]

    def advance(self, step: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(step)

    def close(self) -> None:
        if self._bar is not None:
            logging.getLogger().handlers[:] = self._handlers
            self._bar.__exit__(None, None, None)
            self._bar = None


class _AboveBar(logging.Handler):
    """Writes through ``handler`` on a line of its own, above the progress bar, then redraws the bar."""

    def __init__(self, handler: logging.Handler, bar: Any) -> None:
        super().__init__(handler.level)
        self._handler = handler
        self._bar = bar

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write("\r\x1b[K")  # back to the start of the bar's line, and clear it
        self._handler.emit(record)
        self._bar._last_line = None  # click redraws only a line that changed: this one was cleared
        self._bar.render_progress()


@main.command(short_help="Crawl the configured sources into the database (the cron job).")
@common_options
@click.option("--source", "source_names", multiple=True, help="Crawl only this source (repeatable).")
@click.option("--max-pages", type=click.IntRange(min=0), default=None, help="Fetch at most N article pages.")
@click.option("--max-duration", default=None, metavar="DURATION",
              help="Start no new fetch after this long (90s, 30m, 2h); the run ends cleanly.")  # fmt: skip
def crawl(
    config_path: Path | None,
    db_path: Path | None,
    source_names: tuple[str, ...],
    max_pages: int | None,
    max_duration: str | None,
) -> None:
    """Discover, fetch, extract and store the configured sources: the cron job.

    Prints one summary line (and, on a terminal, a progress bar; -v shows log lines instead).
    SIGTERM or Ctrl-C stops it cleanly: the fetches in flight are stored and extracted, and the next run
    continues where this one stopped.

    \b
    Exit codes:
      0  the run completed (or stopped at --max-pages / --max-duration)
      1  more than [crawl] max_failure_share of the pages failed (to fetch or to extract)
      2  usage or config error; nothing was written
      3  another crawl or reextract holds the database's lock; this one did nothing
      4  stopped by SIGTERM or SIGINT; what was fetched is stored

    \b
    Example (hourly, from cron):
      0 * * * *  cd /srv/scraper && .venv/bin/scraper crawl -q --max-duration 50m >> crawl.log 2>&1
    """
    from pipelines.crawl import run_crawl
    from pipelines.lock import crawl_lock
    from scraper.clock import utc_now
    from scraper.store import open_database, repo, storage_errors

    config = _config(config_path, required=True)
    sources = tuple(config.source(n) for n in source_names) if source_names else config.sources
    if not sources:
        raise ConfigError(f"{_config_path(config_path)}: no [[sources]] configured; add one (see README)")
    _check_contact(config, config_path)
    seconds = _duration(max_duration) if max_duration is not None else config.crawl.max_duration_s
    stop = Stop.after(seconds)
    started_at = utc_now()
    path = _db_to_write(db_path, config)
    bar = _Bar.on_terminal()
    with (
        crawl_lock(path, "crawl"),
        storage_errors(path),
        open_database(path, max_size_mb=config.storage.max_size_mb, busy_timeout_s=config.storage.busy_timeout_s) as db,
        _stop_on_signals(stop),
    ):
        try:
            summary = run_crawl(
                config,
                db,
                sources=sources,
                max_pages=config.crawl.max_pages if max_pages is None else max_pages,
                stop=stop,
                progress=bar,
            )
        finally:
            if bar is not None:
                bar.close()
        code = summary.exit_code(config.crawl.max_failure_share)
        report = summary.report(started_at=started_at, finished_at=utc_now(), exit_code=code)
        repo.record_run(db, summary.row(report))
    if _json_log():  # the summary as one JSON object
        click.echo(json.dumps(report))
    else:
        click.echo(summary.line())
    if code == EXIT_FAILED:
        click.echo(
            f"error: {summary.failure_share():.0%} of the pages failed (to fetch or to extract), more than "
            f"[crawl] max_failure_share "
            f"{config.crawl.max_failure_share:.0%}; see the log and the frontier table's last_error",
            err=True,
        )
    sys.exit(code)


@main.command(short_help="Extract saved HTML pages to JSON records, offline.")
@common_options
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--url", default="", help="The page's URL (for relative links and URL dates; one FILE).")
@click.option("--batch", type=click.File("r", encoding="utf-8"), default=None,
              help='JSON lines {"id", "url", "html_path", "encoding"?}; - for stdin.')  # fmt: skip
@click.option("--workers", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes for several pages (0: one per core).")  # fmt: skip
@click.option("--source", "source_name", default=None,
              help="Apply this configured source's drop/body CSS rules.")  # fmt: skip
def extract(
    config_path: Path | None,
    db_path: Path | None,
    files: tuple[Path, ...],
    url: str,
    batch: Any,
    workers: int,
    source_name: str | None,
) -> None:
    """Extract saved HTML pages to JSON records; no database, no network.

    \b
    Examples:
      scraper extract page.html --url https://example.org/news/1
      curl -s https://example.org/news/1 | scraper extract - --url https://example.org/news/1
      scraper extract page.html --source asianlite   # with that source's CSS rules
      scraper extract pages/*.html --workers 0 > records.jsonl
      scraper extract --batch pages.jsonl > records.jsonl
    A FILE may be gzipped (page.html.gz); - reads standard input. Several FILEs or --batch write one JSON line per page, {"id",
    ...record} or {"id", "error", "reason"} (the id of a FILE is its path; a batch line's html_path is
    relative to the batch file's folder, or the current folder for stdin), and exit 0. A page whose body
    is rejected (reason no_article or too_short) still gets its record, with "status" saying why, an empty
    text and the metadata found; a single FILE prints it and exits 1.
    """
    from pipelines.extract import batch_pages, extract_file, extract_many, file_pages
    from pipelines.templates import source_rules
    from pipelines.workers import worker_count

    config = _config(config_path, required=source_name is not None)
    if bool(files) == (batch is not None):
        raise InputError("give FILE (or several) or --batch FILE|- (see scraper extract --help)")
    if len(files) > 1 and any(str(f) == "-" for f in files):
        raise InputError("- (standard input) is one page: give it alone, or save the pages as files")
    if url and len(files) != 1:
        raise InputError("--url names one page's URL: give it with one FILE, or give each page's in --batch")
    rules = source_rules(config, config.source(source_name).name) if source_name else None
    if batch is not None or len(files) > 1:
        if batch is not None:
            name = getattr(batch, "name", "-")
            items = batch_pages(batch, Path(name).parent if name not in ("-", "<stdin>") else Path.cwd())
        else:
            items = file_pages(files)
        records, errors = extract_many(items, sys.stdout, config.normalize, workers=worker_count(workers),
                                       rules=rules, timeout_s=config.extract.timeout_s)  # fmt: skip
        click.echo(f"extract: {counted(records, 'record')}, {counted(errors, 'error')}", err=True)
        return
    (file,) = files
    try:
        article = extract_file(file, config.normalize, url=url, rules=rules)
    except ExtractError as e:
        if e.article is not None:
            click.echo(json.dumps(e.article.to_dict(), ensure_ascii=False, indent=2))
        click.echo(f"error: {file}: {e.reason}: {e.detail or 'no article found'}; is this an article page?", err=True)
        sys.exit(EXIT_FAILED)
    click.echo(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))


@main.command(short_help="Fetch pages politely and print their records.")
@common_options
@click.argument("urls", nargs=-1, required=True, metavar="URL...")
@click.option("--source", "source_name", default=None,
              help="Use this configured source's CSS rules (and, with --save, store under it).")  # fmt: skip
@click.option("--save", is_flag=True, help="Also store the pages and records in the database, as a crawl does.")
@click.option("--html", "raw_html", is_flag=True, help="Print the page's raw HTML instead (one URL).")
def fetch(config_path: Path | None, db_path: Path | None, urls: tuple[str, ...], source_name: str | None,
          save: bool, raw_html: bool) -> None:  # fmt: skip
    """Fetch pages politely (robots.txt, the per-host delay, the configured user agent), extract them and
    print their records: try a site before adding it as a source. One URL prints one JSON record; several
    print a JSON line each, {"url", ...record} or {"url", "error", "reason"}. Exits 1 if any URL gave no
    record.

    \b
    Examples:
      scraper fetch https://example.org/news/1
      scraper fetch https://example.org/news/1 --source example --save   # stored, searchable
      scraper fetch https://example.org/news/1 --html > page.html        # the raw page, for extract
    """
    from pipelines.fetch import fetch_urls
    from pipelines.lock import crawl_lock
    from scraper.fetchable import url_problem
    from scraper.store import open_database, storage_errors

    config = _config(config_path, required=save or source_name is not None)
    _check_contact(config, config_path)
    if source_name is not None:
        config.source(source_name)  # an unknown name is an error naming the known ones
    for url in urls:
        if (problem := url_problem(url)) is not None:
            raise InputError(f"{url!r}: the URL {problem}; give an http(s) URL, e.g. https://example.org/news/1")
    if raw_html and (len(urls) > 1 or save):
        raise InputError("--html prints one page's HTML; give one URL, without --save")
    if save and source_name is None:
        raise InputError("--save stores the pages under a source: add --source NAME (one of [[sources]])")
    with contextlib.ExitStack() as stack:
        db = None
        if save:
            path = _db_to_write(db_path, config)
            stack.enter_context(crawl_lock(path, "fetch"))
            stack.enter_context(storage_errors(path))
            db = stack.enter_context(open_database(path, max_size_mb=config.storage.max_size_mb,
                                                   busy_timeout_s=config.storage.busy_timeout_s))  # fmt: skip
        records = errors = 0
        for fetched in fetch_urls(config, urls, source=source_name or "", db=db, extract=not raw_html):
            if raw_html and fetched.page is not None:
                sys.stdout.buffer.write(fetched.page.body)
                records += 1
                continue
            outcome = fetched.outcome
            if isinstance(outcome, Article):
                line = {"url": fetched.url, **outcome.to_dict()}
                records += 1
            else:
                record = outcome.article.to_dict() if isinstance(outcome, ExtractError) and outcome.article else {}
                reason = outcome.reason if outcome is not None else ""
                line = {"url": fetched.url, **record, "error": str(getattr(outcome, "detail", "") or outcome),
                        "reason": reason}  # fmt: skip
                errors += 1
            click.echo(json.dumps(line, ensure_ascii=False, indent=2 if len(urls) == 1 else None))
    if len(urls) > 1 or errors:
        click.echo(
            f"fetch: {counted(records, 'record')}, {counted(errors, 'error')}" + (" (stored)" if save else ""), err=True
        )
    sys.exit(EXIT_FAILED if errors else EXIT_OK)


@main.command(short_help="Clean text dumps of article pages into JSON records.")
@common_options
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--batch", type=click.File("r", encoding="utf-8"), default=None,
              help='JSON lines {"id", "text" or "path", "fetched_at"?}; - for stdin.')  # fmt: skip
@click.option("--workers", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes for several dumps (0: one per core).")  # fmt: skip
@click.option("--text", "text_only", is_flag=True, help="Print only the clean text (one dump).")
@click.option("--fetched-at", metavar="TIME", help="When the page was saved (ISO 8601): resolves '2 hours ago'.")
def clean(config_path: Path | None, db_path: Path | None, files: tuple[Path, ...], batch: Any, workers: int,
          text_only: bool, fetched_at: str | None) -> None:  # fmt: skip
    """Clean text dumps of article pages (what a naive scraper keeps) into JSON records; no database.
    A dump may be a page's text one block or one text node a line, a text browser's (lynx -dump, w3m
    -dump: wrapped, link references) or Markdown (html2text and the like).

    \b
    Examples:
      scraper clean dump.txt            # {"title", "authors", "published", "read_time_min", "text", ...}
      scraper clean - --text < dump.txt # the clean text only
      scraper clean dumps/*.txt --workers 0 > records.jsonl
      scraper clean --batch dumps.jsonl > records.jsonl
    Several FILEs or --batch write one JSON line per dump, {"id", ...record} or {"id", "error"} (the id of
    a FILE is its path; a batch line's path is relative to the batch file's folder), and exit 0.
    """
    from pipelines.clean import batch_items, clean_many, file_item, read_dump, read_stdin
    from pipelines.workers import worker_count
    from scraper.records import dump_record

    config = _config(config_path, required=False)
    if fetched_at is not None:
        try:
            datetime.fromisoformat(fetched_at)  # as normalization reads it
        except ValueError:
            raise click.BadParameter(f"{fetched_at!r} is not a time; give ISO 8601, e.g. 2024-05-01T12:00:00+00:00",
                                     param_hint="--fetched-at") from None  # fmt: skip
    if bool(files) == (batch is not None):
        raise InputError("give FILE (or several, or - for stdin) or --batch FILE|- (see scraper clean --help)")
    if len(files) == 1:
        path = files[0]
        text = read_stdin() if str(path) == "-" else read_dump(path)
        record = dump_record(text, config.normalize, where="<stdin>" if str(path) == "-" else str(path),
                              fetched_at=fetched_at)  # fmt: skip
        click.echo(record["text"] if text_only else json.dumps(record, ensure_ascii=False, indent=2))
        return
    if text_only:
        raise InputError("--text prints one dump's text; with several dumps the records carry it in 'text'")
    if batch is not None:
        name = getattr(batch, "name", "-")
        base = Path(name).parent if name not in ("-", "<stdin>") else Path.cwd()
        items = batch_items(batch, base, fetched_at)
    else:
        items = (file_item(path, fetched_at) for path in files)
    records, errors = clean_many(items, sys.stdout, config.normalize, workers=worker_count(workers))
    click.echo(f"clean: {counted(records, 'record')}, {counted(errors, 'error')}", err=True)


@main.command(short_help="Extract the stored raw pages again, offline.")
@common_options
@click.option("--all", "everything", is_flag=True, help="Every stored page.")
@click.option("--source", "source_names", multiple=True, help="The pages of this source (repeatable).")
@click.option("--url", "urls", multiple=True, help="This page (repeatable).")
@click.option("--since", metavar="DAY", help="Pages fetched on or after this day (YYYY-MM-DD).")
@click.option("--until", metavar="DAY", help="Pages fetched on or before this day (YYYY-MM-DD).")
@click.option("--dry-run", is_flag=True, help="Write nothing; report how many records would change, and how.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Print each changed record: a unified diff of its text, then its other changed fields.")  # fmt: skip
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Worker processes (default: [extract] workers; 0 = one per core).")  # fmt: skip
@engine_options
def reextract(config_path: Path | None, db_path: Path | None, everything: bool, source_names: tuple[str, ...],
              urls: tuple[str, ...], since: str | None, until: str | None, dry_run: bool, show_diff: bool,
              workers: int | None, engine: str, ray_address: str) -> None:  # fmt: skip
    """Re-run extraction and normalization over the stored raw pages, offline.

    Choose the pages with --all, --source, --url and --since/--until (combined, they narrow each other).
    Unchanged records keep their rows, so running it twice changes nothing the second time; a record that
    changes keeps its previous version, with the extractor version that made it, in article_versions.
    Each run (not a dry run) is a row of the runs table. It takes the database's lock: while a crawl runs
    on the database it exits at once with code 3. SIGTERM or Ctrl-C stops it cleanly: the pages in flight
    are stored, the run is recorded and the exit code is 4; a second signal stops it at once.

    \b
    Examples:
      scraper reextract --all --dry-run          # what would change, by field, with examples
      scraper reextract --all --dry-run --diff | less   # ... and how, record by record
      scraper reextract --source ledger --since 2024-05-01
      scraper reextract --all --engine ray --ray-address auto   # on a running Ray cluster
    """
    import time

    from pipelines.lock import crawl_lock
    from pipelines.reextract import Selection, diff, run_reextract
    from pipelines.workers import worker_count
    from scraper.clock import utc_now
    from scraper.store import open_database, repo, storage_errors

    if not (everything or source_names or urls or since or until):
        raise InputError("reextract: choose the pages: --all, or --source, --url, --since/--until")
    runner = _engine(engine, ray_address, workers)
    filters = _filters(source_names, since, until, None)
    config = _config(config_path, required=False)
    selection = Selection(filters.sources, tuple(urls), filters.since, filters.until)
    path, stop = _db_to_write(db_path, config), Stop()
    with (
        crawl_lock(path, "reextract"),
        storage_errors(path),
        open_database(
            path, create=False, max_size_mb=config.storage.max_size_mb, busy_timeout_s=config.storage.busy_timeout_s
        ) as db,
        _stop_on_signals(stop),
    ):
        bar = None if show_diff else _Bar.on_terminal("pages")  # the diffs go to the terminal line by line
        started_at, started = utc_now(), time.monotonic()
        try:
            summary = run_reextract(
                db,
                config,
                workers=worker_count(config.extract.workers if workers is None else workers),
                selection=selection,
                dry_run=dry_run,
                on_change=(lambda url, changes: click.echo(diff(url, changes))) if show_diff else None,
                engine=runner,
                stop=stop,
                progress=bar,
            )
        finally:
            if bar is not None:
                bar.close()
        row = summary.row(selection, started_at=started_at, finished_at=utc_now(), seconds=time.monotonic() - started)
        if not dry_run:
            repo.record_run(db, row)
    if _json_log():  # the summary as one JSON object: the run's row (a dry run's with its field counts)
        click.echo(json.dumps({**row, **({"dry_run": True, "fields": dict(summary.fields)} if dry_run else {})}))
    else:
        click.echo(summary.line())
        for name, examples in summary.examples.items():
            click.echo(f"  {name}: {', '.join(examples)}")
    sys.exit(summary.exit_code)


@main.command("import-warc", short_help="Import the HTML pages of WARC/ARC files and extract them.")
@common_options
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--source", "source_name", default=None,
              help="Store the pages under this source name (its CSS rules apply if it is configured); default: "
                   "the source named by the record `scraper export` wrote after each page, else warc.")  # fmt: skip
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Worker processes (default: [extract] workers; 0 = one per core).")  # fmt: skip
@engine_options
def import_warc(config_path: Path | None, db_path: Path | None, files: tuple[Path, ...], source_name: str | None,
                workers: int | None, engine: str, ray_address: str) -> None:  # fmt: skip
    """Import WARC (1.0, 1.1) and ARC files, gzipped or not (Common Crawl's CC-NEWS too): every HTML
    response record becomes a stored page (its URL, WARC-Date as fetch time, headers, body, record id and
    file) and is extracted as a crawled page is. Request, revisit, metadata and non-HTML records are
    counted and skipped. Importing a file again stores nothing new; it extracts again the pages whose
    extraction broke (timed out, crashed). A truncated or corrupt file is imported
    up to the damage, which is reported, and the exit code is 1. Each run is a row of runs. SIGTERM or
    Ctrl-C stops it cleanly: the pages in flight are stored, the run is recorded and the exit code is 4;
    the next import of the file carries on.

    \b
    Examples:
      scraper import-warc CC-NEWS-20240501*.warc.gz --source ccnews
      scraper import-warc crawl.warc --db archive.db --workers 0
    """
    import time

    from pipelines.import_warc import check_archives, import_archives
    from pipelines.lock import crawl_lock
    from pipelines.workers import worker_count
    from scraper.clock import utc_now
    from scraper.store import open_database, repo, storage_errors

    config = _config(config_path, required=False)
    runner = _engine(engine, ray_address, workers)
    check_archives(list(files))  # before the database is made
    path, stop = _db_to_write(db_path, config), Stop()
    with (
        crawl_lock(path, "import-warc"),
        storage_errors(path),
        open_database(path, max_size_mb=config.storage.max_size_mb, busy_timeout_s=config.storage.busy_timeout_s) as db,
        _stop_on_signals(stop),
    ):
        started_at, started, bar = utc_now(), time.monotonic(), _Bar.on_terminal("importing", show_pos=False)
        try:
            summary = import_archives(db, config, list(files), source=source_name,
                                      workers=worker_count(config.extract.workers if workers is None else workers),
                                      engine=runner, stop=stop, progress=bar)  # fmt: skip
        finally:
            if bar is not None:
                bar.close()
        row = summary.row(started_at=started_at, finished_at=utc_now(), seconds=time.monotonic() - started)
        repo.record_run(db, row)
    click.echo(json.dumps(row) if _json_log() else summary.line())  # with --log-format json, the run's row
    sys.exit(summary.exit_code)


def _filters(source_names: tuple[str, ...], since: str | None, until: str | None, lang: str | None,
             author: str | None = None, status: str = DEFAULT_STATUS) -> Filters:  # fmt: skip
    for name, day in (("--since", since), ("--until", until)):
        if day:
            check_day(name, day)
    if status != "any":
        check_statuses(status)
    return Filters(tuple(source_names), since or "", until or "", lang or "", status=status, author=author or "")


def filter_options(func: F) -> F:
    """--source, --since, --until, --lang, --author, --status: which articles."""
    for option in reversed(
        [
            click.option("--source", "source_names", multiple=True, help="Only this source (repeatable)."),
            click.option("--since", metavar="DAY", help="Published on or after this day (YYYY-MM-DD)."),
            click.option("--until", metavar="DAY", help="Published on or before this day (YYYY-MM-DD)."),
            click.option("--lang", metavar="CODE", help="Only articles in this language (en, de, ...)."),
            click.option("--author", metavar="NAME", help="Only articles by this author (case-insensitive)."),
            click.option(
                "--status",
                default=DEFAULT_STATUS,
                show_default=True,
                metavar="S,S...",
                help="What the pages are: article, paywalled, soft_404, blocked, consent_wall, hub, not_article "
                "(comma-separated), or any.",
            ),
        ]
    ):
        func = option(func)
    return func


def _format(as_json: bool, as_csv: bool) -> str:
    if as_json and as_csv:
        raise InputError("choose one of --json and --csv")
    return "json" if as_json else "csv" if as_csv else "table" if sys.stdout.isatty() else "json"


def _db_to_write(db_path: Path | None, config: Config) -> Path:
    """The database a command writes to: --db, else the config's (whose folder is made, as `scraper init`
    does). A --db in a folder that does not exist is refused: a typo would make a tree of folders."""
    if db_path is not None and not db_path.parent.is_dir():
        raise InputError(f"--db {db_path}: the folder {db_path.parent} does not exist; create it or pass another path")
    return Path(db_path or config.storage.path)


def _json_log() -> bool:
    """Whether --log-format json was asked for: then a run's summary is one JSON object too."""
    return bool(click.get_current_context().meta.get("log_format") == "json")


def _db_path(config_path: Path | None, db_path: Path | None) -> Path:
    """--db, else the config's database; without either, where a crawl in this folder would keep it."""
    path = Path(db_path or _config(config_path, required=False).storage.path)
    if db_path is None and not path.exists() and not _config_path(config_path).exists():
        raise InputError(f"{path}: database not found, and there is no {_config_path(config_path)} here to name "
                         "another; pass --db PATH, or run in your crawl's folder (`scraper init` makes one)")  # fmt: skip
    return path


@main.command(short_help="Full-text search of the articles, best matches first.")
@common_options
@click.argument("query")
@filter_options
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Show at most N articles.")
@click.option("--json", "as_json", is_flag=True, help="JSON lines (the default when not on a terminal).")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row.")
def search(config_path: Path | None, db_path: Path | None, query: str, source_names: tuple[str, ...],
           since: str | None, until: str | None, lang: str | None, author: str | None, status: str, limit: int,
           as_json: bool, as_csv: bool) -> None:  # fmt: skip
    """Full-text search of the articles' titles and text, best matches first (bm25), with the matching
    passage highlighted in [brackets]. QUERY is SQLite FTS5 syntax: words, "exact phrases", AND, OR,
    NOT, prefix*; a word with punctuation inside it (covid-19, U.S., harbour's) is searched as written.

    \b
    Examples:
      scraper search taliban --since 2021-08-01
      scraper search '"harbour plan" NOT ferry' --source ledger --json
      scraper search subscription --status paywalled
    """
    filters = _filters(source_names, since, until, lang, author, status)
    with closing(read_only(_db_path(config_path, db_path))) as conn:
        check_sources(conn, filters.sources)
        write_rows(search_articles(conn, query, filters, limit=limit), SEARCH_COLUMNS, sys.stdout,
                   fmt=_format(as_json, as_csv))  # fmt: skip


@main.command(short_help="Write a starter config.toml and data/ folder.")
@click.argument("folder", required=False, type=click.Path(path_type=Path), default=Path("."))
def init(folder: Path) -> None:
    """Write a starter config.toml (every setting with its default, one example source, a user-agent
    contact to fill in) and an empty data/ folder into FOLDER (default: here). An existing config.toml
    is never overwritten.

    \b
    Example:
      scraper init my-crawl && cd my-crawl && $EDITOR config.toml && scraper crawl
    """
    target = folder / "config.toml"
    if target.exists():
        click.echo(f"error: {target} exists; init never overwrites a config (edit it, or init another folder)",
                   err=True)  # fmt: skip
        sys.exit(EXIT_USAGE)
    try:
        (folder / "data").mkdir(parents=True, exist_ok=True)
        target.write_text(STARTER_CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    except OSError as e:
        click.echo(f"error: {folder}: cannot write there ({e.strerror}); choose a folder you can write to", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"wrote {target} and {folder / 'data'}/; next: replace CONTACT in [fetch] user_agent, put your "
               "sites in [[sources]], then run `scraper crawl` there")  # fmt: skip


@main.command(short_help="Show where each source stands: due, failed, stored.")
@common_options
@click.option("--json", "as_json", is_flag=True, help="JSON lines (the default when not on a terminal).")
def status(config_path: Path | None, db_path: Path | None, as_json: bool) -> None:
    """Where each source stands: its article URLs, the articles stored, the URLs due now, failed (with the
    reasons), skipped and gone, its feeds, sitemaps and start pages that failed the last time (with the
    reasons), when it last fetched and when it is next due. Reads without writing.

    \b
    Examples:
      scraper status
      scraper status --json | jq 'select(.failed > 0)'
    """
    from pipelines.status import STATUS_COLUMNS, source_status
    from scraper.clock import utc_now

    with closing(read_only(_db_path(config_path, db_path))) as conn:
        write_rows(source_status(conn, now=utc_now()), STATUS_COLUMNS, sys.stdout, fmt=_format(as_json, False))


@main.command(short_help="Run one read-only SQL statement on the database.")
@common_options
@click.argument("sql")
@click.option("--json", "as_json", is_flag=True, help="JSON lines (the default when not on a terminal).")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row.")
def query(config_path: Path | None, db_path: Path | None, sql: str, as_json: bool, as_csv: bool) -> None:
    """Run one SQL statement on a read-only connection (a write is refused). The tables and columns are
    described in docs/schema.md. A BLOB (pages.body, a gzipped page) is {"$base64": true, "encoded": ...}
    in JSON, base64 in CSV and its size in a table.

    \b
    Examples:
      scraper query "select source, count(*) as n from articles group by source"
      scraper query "select url, published from articles where published >= '2024-05-01'" --csv > may.csv
    """
    fmt = _format(as_json, as_csv)
    with closing(read_only(_db_path(config_path, db_path))) as conn:
        columns, rows = run_query(conn, sql)
        write_rows(decoded(rows, columns) if fmt == "json" else rows, columns, sys.stdout, fmt=fmt)


@main.command(short_help="Write the articles as JSON lines, CSV, Parquet or WARC.")
@common_options
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default=None,
    help="Default: the one -o's extension names (.jsonl, .csv, .parquet, .warc.gz), else jsonl.",
)
@click.option("--fields", default="", metavar="A,B,...", help="Only these columns, in this order (default: all).")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write to this file (required for parquet; default: standard output).",
)
def export(config_path: Path | None, db_path: Path | None, source_names: tuple[str, ...], since: str | None,
           until: str | None, lang: str | None, author: str | None, status: str, fmt: str | None, fields: str,
           output: Path | None) -> None:  # fmt: skip
    """Write the articles as JSON lines, CSV or Parquet, streamed (memory stays flat for any number of
    rows). Parquet needs pyarrow: pip install -e '.[parquet]' in the project's folder (or pip install pyarrow).
    WARC (-o FILE.warc.gz) holds each article's stored raw page as a response record and its record (the
    chosen fields) as a metadata record after it; scraper import-warc reads it back.

    \b
    Examples:
      scraper export --since 2024-01-01 --fields url,title,published,text > 2024.jsonl
      scraper export --format parquet -o articles.parquet --source ledger
      scraper export --status any --fields url,status,status_evidence   # the pages that are no article too
      scraper export --format warc -o articles.warc.gz   # the raw pages, each with its record
    """
    filters = _filters(source_names, since, until, lang, author, status)
    fmt = _export_format(fmt, output)
    if fmt in ("parquet", "warc") and output is None:
        raise InputError(f"export: --format {fmt} writes a file; pass -o FILE{EXPORT_EXAMPLES[fmt]}")
    database = _db_path(config_path, db_path)
    if output is not None:
        _check_output(output, database, fmt)
    with closing(read_only(database)) as conn:
        check_sources(conn, filters.sources)
        chosen = choose_fields(conn, fields)
        try:
            if fmt in ("parquet", "warc"):
                assert output is not None
                count = export_articles(conn, chosen, filters, fmt=fmt, out=output)
            elif output is None:
                count = export_articles(conn, chosen, filters, fmt=fmt, out=sys.stdout)
            else:
                with output.open("w", encoding="utf-8", newline="") as out:
                    count = export_articles(conn, chosen, filters, fmt=fmt, out=out)
        except OSError as e:
            if isinstance(e, BrokenPipeError) or output is None:
                raise
            raise ScraperError(f"export: cannot write {output} ({e.strerror}); check its folder and free space") from e
    click.echo(f"export: {count} articles written" + (f" to {output} ({fmt})" if output is not None else ""), err=True)


def _export_format(fmt: str | None, output: Path | None) -> str:
    """The format to write: ``--format``, else the one the output file's extension names, else JSON lines;
    refused when the two disagree (``-o articles.parquet --format csv`` would write CSV under that name)."""
    named = next((f for suffix, f in EXPORT_SUFFIXES.items() if output and output.name.lower().endswith(suffix)), None)
    if fmt is not None and named is not None and named != fmt:
        raise InputError(f"export: -o {output} names {named} but --format is {fmt}; drop --format, or pass a file "
                         f"name that ends in {EXPORT_EXAMPLES[fmt]}")  # fmt: skip
    return fmt or named or "jsonl"


def _check_output(output: Path, database: Path, fmt: str) -> None:
    """Refuse an ``-o`` that names the database, a folder, or a file in a folder that does not exist."""
    example = f"articles{EXPORT_EXAMPLES[fmt]}"
    if _is_database_file(output, database):
        raise InputError(f"export: -o {output} is the database {database} (or its journal); writing there "
                         f"would destroy it. Pass another file name, e.g. -o {example}")  # fmt: skip
    if output.is_dir():
        raise InputError(f"export: -o {output} is a folder; pass a file name, e.g. -o {output / example}")
    if not output.parent.is_dir():
        raise InputError(f"export: -o {output}: the folder {output.parent} does not exist; create it or pass "
                         "another path")  # fmt: skip


def _is_database_file(output: Path, database: Path) -> bool:
    """Whether ``output`` is the database file, or its WAL or shared-memory file."""
    for name in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        if output.resolve() == name.resolve() or (output.exists() and name.exists() and output.samefile(name)):
            return True
    return False


if __name__ == "__main__":
    main()
