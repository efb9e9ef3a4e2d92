"""Jobs that compose the library's stages: one module per CLI command, plus ``cli.py``."""
