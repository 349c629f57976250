"""The schouw pages, one module per page group (see schouwen/urls.py)."""
