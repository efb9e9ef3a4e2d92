"""Jobs that compose the library's stages: one module per CLI command, plus ``cli.py``.

sqlite-utils imports pandas when it is installed, only to map pandas' ``Timestamp`` in inserts, which no
job makes: 70 MB in the crawl's process and in each extraction worker. The jobs load sqlite-utils without
it (the library, ``import scraper`` in a notebook, is left alone); ``scraper.api``'s DataFrames import
pandas themselves.
"""

import sys

if "sqlite_utils" not in sys.modules:
    _pandas = sys.modules.get("pandas")
    sys.modules["pandas"] = None  # type: ignore[assignment]  # "import pandas" raises ImportError meanwhile
    try:
        import sqlite_utils  # noqa: F401
    finally:
        if _pandas is None:
            del sys.modules["pandas"]
        else:
            sys.modules["pandas"] = _pandas
