"""The trajectory app's pages, one module per page group (see trajects/urls.py)."""
