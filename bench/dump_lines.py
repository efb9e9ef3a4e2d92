"""Fit the weights of the dump cleaner's line model (``scraper.extract.dump.WEIGHTS``).

    python -m bench.dump_lines --data PATH/TO/bench/dumps

Logistic regression on the lines of the *read* half of the DEV dumps (every dataset and style): a line is
the article's when its words are in the expected text. The features are ``scraper.extract.dump``'s own
(``line_features``), so the script and the cleaner cannot drift apart; examples count by their log word
count; Newton's method with a small L2 penalty. It prints the fit on the read half and the ``WEIGHTS``
line to paste; ``python -m bench.dumps`` then measures the cleaner on the count half, which the fit
never saw.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from pathlib import Path

import numpy as np

from bench.dumps import DATASETS
from bench.metadata import _halves
from scraper.extract.dump import FEATURES, line_features, readable, split_lines

TOKEN = re.compile(r"\w+")
L2 = 1e-3
ROUNDS = 25


def examples(data: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels and weights of every line of the read half's dumps."""
    half_of = _halves(data)
    rows: list[list[float]] = []
    labels: list[float] = []
    weights: list[float] = []
    for dataset in DATASETS:
        manifest = data / dataset / "manifest.jsonl"
        for line in manifest.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if half_of(item) != "read":
                continue
            dump = gzip.decompress((manifest.parent / item["dump"]).read_bytes()).decode("utf-8")
            lines = split_lines(readable(dump)[0])
            expected = " ".join(TOKEN.findall(item["expected_text"])).casefold()
            for text, features in zip(lines, line_features(lines), strict=True):
                words = " ".join(TOKEN.findall(text)).casefold()
                if words:
                    rows.append(features)
                    labels.append(float(words in expected))
                    weights.append(float(np.log1p(len(words.split()))))
    return np.array(rows), np.array(labels), np.array(weights)


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    coef = np.zeros(x.shape[1])
    for _ in range(ROUNDS):
        p = 1 / (1 + np.exp(-(x @ coef)))
        gradient = x.T @ ((p - y) * w) / w.sum() + L2 * coef
        hessian = (x * (p * (1 - p) * w)[:, None]).T @ x / w.sum() + L2 * np.eye(x.shape[1])
        coef -= np.linalg.solve(hessian, gradient)
    return coef


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the dumps folder (holding <dataset>/manifest.jsonl)")
    args = parser.parse_args()
    x, y, w = examples(args.data)
    coef = fit(x, y, w)
    accuracy = float((((x @ coef) > 0) == (y > 0.5)).mean())
    print(f"read half: {len(y)} lines, {y.mean():.1%} of them the article's; the fit classifies {accuracy:.1%}")
    for name, value in zip(FEATURES, coef, strict=True):
        print(f"  {name:<40} {value:+.4f}")
    print(f"WEIGHTS = np.array([{', '.join(f'{value:.4f}' for value in coef)}])  # fmt: skip")


if __name__ == "__main__":
    main()
