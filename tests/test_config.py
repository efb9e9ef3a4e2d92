"""Config is read into frozen, typed objects; mistakes are refused with file, section and key."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scraper.config import Config, load_config
from scraper.errors import ConfigError
from tests.site.demo import write_config

REPO_CONFIG = Path(__file__).parent.parent / "config.toml"


def test_repository_config_loads() -> None:
    config = load_config(REPO_CONFIG)
    assert config.storage.path == REPO_CONFIG.parent / "data/articles.db"
    names = [s.name for s in config.sources]
    assert "asianlite" in names and len(names) >= 3
    assert config.source("asianlite").feeds == ("https://asianlite.com/feed/",)


def test_defaults_without_a_file() -> None:
    assert Config().fetch.max_bytes > 0 and Config().sources == ()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[fetch]\ntimout_s = 3\n", "[fetch]: unknown key 'timout_s'"),
        ("[fetch]\ntimeout_s = 'fast'\n", "[fetch]: key 'timeout_s' must be float"),
        ("[fetch]\nconcurrency = 0\n", "[fetch]: key 'concurrency' has an out-of-range value 0"),
        ("[fetch]\nconcurrency = true\n", "[fetch]: key 'concurrency' must be int"),
        ("[fetch]\nallow_networks = ['intranet']\n", "key 'allow_networks' has 'intranet', which is not a network"),
        ("[fetch]\nmax_url_length = 10\n", "[fetch]: key 'max_url_length' has an out-of-range value 10"),
        ("[crawl]\nmax_links_per_page = 0\n", "[crawl]: key 'max_links_per_page' has an out-of-range value 0"),
        ("[extract]\ntimeout_s = 0\n", "[extract]: key 'timeout_s' has an out-of-range value 0.0"),
        ("[storage]\nmax_size_mb = -1\n", "[storage]: key 'max_size_mb' has an out-of-range value -1.0"),
        ("[fetch]\ntimeout_s = inf\n", "[fetch]: key 'timeout_s' must be a finite number no larger than 1e+09"),
        ("[crawl]\nmax_duration_s = 1e300\n", "[crawl]: key 'max_duration_s' must be a finite number"),
        ("[fetch]\nper_host_delay_s = nan\n", "[fetch]: key 'per_host_delay_s' must be a finite number"),
        ("[fetch]\nmax_bytes = 100_000_000_000_000\n", "[fetch]: key 'max_bytes' must be a finite number"),
        ('[fetch]\nuser_agent = "bot\\r\\nX-Injected: 1"\n', "[fetch]: key 'user_agent' has a control character"),
        ('[storage]\npath = ""\n', "[storage]: key 'path' must be a file path, got ''"),
        ("[fetchers]\n", "unknown section [fetchers]"),
        ("[[sources]]\nfeeds = ['http://x/']\n", "[[sources]] #1: missing required key 'name'"),
        ("[[sources]]\nname = 'a'\n[[sources]]\nname = 'a'\n", "duplicate source name 'a'"),
        (
            "[[sources]]\nname = 'a'\nfeeds = ['http://x/']\ninclude = ['(']\n",
            "'a': key 'include' has an invalid regular expression",
        ),
        ("[[sources]]\nname = 'a'\nfeeds = 3\n", "[[sources]] #1: key 'feeds' must be a list of str"),
        ("this is = not toml =", "invalid TOML"),
        (
            "[[sources]]\nname = 'a'\nfeeds = ['http://user:pw@news.example/feed.xml']\n",
            "'a': key 'feeds' has 'http://user:pw@news.example/feed.xml', which has a user name or password in it",
        ),
        ("[[sources]]\nname = 'a'\nsitemaps = ['http://[::1/x.xml']\n", "which is not a valid URL"),
        ("[[sources]]\nname = 'a'\nfeeds = ['news.example/feed.xml']\n", "which is not an http(s) URL"),
        ("[[sources]]\nname = 'a'\nhome = 'https://news.example:99999/'\n", "key 'home' has"),
        ("[[sources]]\nname = 'a'\ninclude = ['/news/']\n", "'a': nothing to crawl"),
        ('[fetch]\nuser_agent = "  "\n', "[fetch]: key 'user_agent' is empty; name the crawler"),
        ("[[sources]]\nname = ''\nfeeds = ['http://x/']\n", "[[sources]]: a source's 'name' is empty"),
    ],
)
def test_bad_config_names_file_section_and_key(tmp_path, toml, message) -> None:
    path = tmp_path / "config.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_missing_file(tmp_path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "missing.toml")


def test_single_string_is_accepted_for_a_list(tmp_path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[[sources]]\nname = 'a'\nfeeds = 'http://example.org/feed'\n")
    assert load_config(path).sources[0].feeds == ("http://example.org/feed",)


def test_init_writes_a_starter_config_that_crawl_refuses_until_the_contact_is_filled_in(run, site, tmp_path) -> None:
    folder = tmp_path / "my-crawl"
    result = run("init", folder)
    assert result.exit_code == 0, result.output
    starter = load_config(folder / "config.toml")
    assert (folder / "data").is_dir() and [s.name for s in starter.sources] == ["example-news"]
    shipped = load_config(Path(__file__).parent.parent / "config.toml")
    assert starter.storage.path.relative_to(folder) == shipped.storage.path.relative_to(REPO_CONFIG.parent)
    assert dataclasses.replace(starter.storage, path=shipped.storage.path) == shipped.storage
    for section in ("crawl", "extract", "normalize"):  # one set of defaults, documented once each
        assert getattr(starter, section) == getattr(shipped, section), section
    assert starter.fetch == dataclasses.replace(shipped.fetch, user_agent=starter.fetch.user_agent)

    def documented(text: str) -> list[str]:  # the settings and their comments, the user agent's aside
        settings = text[text.index("[storage]") : text.index("# One [[sources]]")]
        return [line for line in settings.splitlines() if "user_agent" not in line and "contact" not in line.lower()]

    shipped_text = (Path(__file__).parent.parent / "config.toml").read_text(encoding="utf-8")
    assert documented((folder / "config.toml").read_text(encoding="utf-8")) == documented(shipped_text)
    again = run("init", folder)
    assert again.exit_code == 2 and "never overwrites" in again.stderr

    text = (folder / "config.toml").read_text(encoding="utf-8")
    text = text.replace('feeds = ["https://news.example/feed.xml"]', f'feeds = ["{site.base_url}/feed.xml"]')
    (folder / "config.toml").write_text(text, encoding="utf-8")
    refused = run("crawl", "--config", folder / "config.toml", "--db", tmp_path / "never.db", "--max-pages", "1")
    assert refused.exit_code == 2 and "CONTACT" in refused.stderr and not (tmp_path / "never.db").exists()
    (folder / "config.toml").write_text(text.replace("+CONTACT;", "+mailto:me@uni.example;"), encoding="utf-8")
    crawled = run("crawl", "--config", folder / "config.toml", "--db", tmp_path / "a.db", "--max-pages", "1")
    assert crawled.exit_code == 0, crawled.output


def test_the_database_path_is_read_from_the_config_files_folder_from_any_working_directory(site, tmp_path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    config = write_config(site.base_url, project)  # [storage] path = "data/demo.db"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    scraper = [sys.executable, "-m", "pipelines.cli"]
    environment = {**os.environ, "PYTHONPATH": str(REPO_CONFIG.parent)}
    crawled = subprocess.run([*scraper, "crawl", "--config", str(config), "--source", "ledger", "-q"],
                             cwd=elsewhere, env=environment, capture_output=True, text=True)  # fmt: skip
    assert crawled.returncode == 0, crawled.stderr
    assert (project / "data" / "demo.db").is_file() and not (elsewhere / "data").exists()

    # $SCRAPER_CONFIG stands for --config: status finds the same database
    status = subprocess.run([*scraper, "status", "--json"], cwd=elsewhere, capture_output=True, text=True,
                            env={**environment, "SCRAPER_CONFIG": str(config)})  # fmt: skip
    assert status.returncode == 0, status.stderr
    assert [json.loads(line)["source"] for line in status.stdout.splitlines()] == ["ledger"]
    missing = subprocess.run([*scraper, "status"], cwd=elsewhere, capture_output=True, text=True,
                             env={**environment, "SCRAPER_CONFIG": str(tmp_path / "nope.toml")})  # fmt: skip
    assert missing.returncode == 2 and "nope.toml: config file not found" in missing.stderr
    nothing = subprocess.run([*scraper, "status"], cwd=elsewhere, capture_output=True, text=True,
                             env={k: v for k, v in environment.items() if k != "SCRAPER_CONFIG"})  # fmt: skip
    assert nothing.returncode == 2 and "no config.toml here" in nothing.stderr and "pass --db PATH" in nothing.stderr
