"""The demo news site: static pages in ``public/`` (built by ``build.py``) and a real HTTP server."""
