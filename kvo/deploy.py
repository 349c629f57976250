"""The nginx site and systemd units of deploy/, filled in from the settings.

`python manage.py deploy_config DIR` writes them for a server; the tests and the CI proxy check
(bench/proxy.py) render the same templates with their own ports and folders and run them under
Debian's nginx, wrapped in a small main configuration (`nginx_main_config`).
"""

import getpass
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.template import Context, Engine

DEPLOY = Path(settings.BASE_DIR) / "deploy"
FILES = [
    "nginx/kvo.conf",
    "systemd/kvo-web.service",
    "systemd/kvo-worker.service",
    "systemd/kvo-beat.service",
]
NGINX = "/usr/sbin/nginx"
OPENSSL = "/usr/bin/openssl"


def default_context() -> dict[str, Any]:
    server_name = urlsplit(settings.SITE_URL).hostname or settings.ALLOWED_HOSTS[0]
    media = storages["default"]
    return {
        "header": "",
        "server_name": server_name,
        "upstream": "127.0.0.1:8000",
        "http_listen": "80",
        "https_listen": "443",
        "ssl_certificate": f"/etc/letsencrypt/live/{server_name}/fullchain.pem",
        "ssl_certificate_key": f"/etc/letsencrypt/live/{server_name}/privkey.pem",
        "log_dir": "/var/log/nginx",
        "body_max_mb": settings.UPLOAD_REQUEST_MAX_MB,
        "document_max_mb": settings.DOCUMENT_MAX_MB,
        "photo_max_mb": settings.PHOTO_MAX_MB,
        "user": "kvo",
        "group": "kvo",
        "app_dir": str(settings.BASE_DIR),
        "venv": sys.prefix,
        "env_file": str(Path(settings.BASE_DIR) / ".env"),
        "media_root": media.location if isinstance(media, FileSystemStorage) else "",
        "worker_concurrency": 2,
        "worker_stop_seconds": settings.CELERY_TASK_TIME_LIMIT + 30,
    }


def render(**overrides: Any) -> dict[str, str]:
    """{relative path: text} of every file in FILES, for the defaults with `overrides`."""
    context = {**default_context(), **overrides}
    engine = Engine(dirs=[str(DEPLOY)], autoescape=False)
    return {
        name: re.sub(r"\n{3,}", "\n\n", engine.get_template(name).render(Context(context)))
        for name in FILES
    }


def write(target: str | Path, **overrides: Any) -> list[Path]:
    """Write the rendered files under `target`; returns their paths."""
    paths = []
    for name, text in render(**overrides).items():
        path = Path(target) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        paths.append(path)
    return paths


# Running the site under nginx outside /etc/nginx (tests, CI) ---------------------------------

def self_signed_certificate(directory: str | Path, host: str = "127.0.0.1") -> tuple[Path, Path]:
    """(certificate, key) paths of a fresh self-signed certificate for `host`."""
    directory = Path(directory)
    cert, key = directory / "test.crt", directory / "test.key"
    subprocess.run(  # noqa: S603 - fixed arguments
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", f"/CN={host}", "-addext", f"subjectAltName=IP:{host}",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


def nginx_test_site(
    directory: str | Path, *, http_port: int, https_port: int, upstream: str,
    server_name: str = "127.0.0.1",
) -> Path:
    """Render the site into `directory` for ports on 127.0.0.1 and return the path of a main
    nginx configuration that includes it and keeps every file (pid, logs, temp) in
    `directory`."""
    directory = Path(directory)
    (directory / "logs").mkdir(parents=True, exist_ok=True)
    cert, key = self_signed_certificate(directory, server_name)
    write(
        directory, header="test rendering", server_name=server_name, upstream=upstream,
        http_listen=f"127.0.0.1:{http_port}", https_listen=f"127.0.0.1:{https_port}",
        ssl_certificate=cert, ssl_certificate_key=key, log_dir=directory / "logs",
    )
    temp = "\n".join(
        f"    {kind}_temp_path {directory / 'temp' / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = directory / "nginx.conf"
    # As root, the workers keep root's identity: they write the temporary files in `directory`.
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    main.write_text(f"""# Test wrapper around the rendered site (kvo.deploy.nginx_test_site).
{user}worker_processes 1;
pid {directory / "nginx.pid"};
error_log {directory / "logs" / "error.log"} warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
{temp}
    include {directory / "nginx" / "kvo.conf"};
}}
""")
    (directory / "temp").mkdir(exist_ok=True)
    return main


def nginx_command(main_config: str | Path, *args: str) -> list[str]:
    return [NGINX, "-c", str(main_config), "-p", str(Path(main_config).parent), *args]
