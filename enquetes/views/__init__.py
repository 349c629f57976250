"""The survey and incident-figure pages, one module per page group (see enquetes/urls.py)."""
