"""The app behind nginx as deploy/ sets it up: a check of the proxy, and slow uploads measured.

Run (the database and media of the environment, with the demo data loaded: `load_demo`):

    .venv/bin/python bench/proxy.py check
        nginx -t on the rendered site, then requests through nginx to gunicorn: the scheme,
        client address and request id reach the app; a request body over the limit gets nginx's
        413 page, a file over the app's own limit reaches the app and its Dutch refusal, a
        large photo is stored; static files come with long caching; /gezondheid/ answers on
        plain HTTP. Exits 1 on the first failure (CI).

    .venv/bin/python bench/proxy.py slow-uploads [--direct] [--clients 5] [--rate 50]
                                                 [--seconds 20] [--check]
        CLIENTS phones each upload a 12-megapixel photo (4.7 MB) to the schouw capture form at
        RATE KB/s, while another client asks for a page every half second. With --seconds the
        uploads trickle that long and then send the rest at full speed (CI); without, they
        trickle to the end. Prints the page times and what became of each upload. --direct runs
        gunicorn as before deploy/ (three sync workers, no proxy) for the "before" numbers;
        --check exits 1 when a page asked while the uploads were being sent took over 2 s,
        or any page or upload failed (CI).

Ports: PORT_BASE (--port-base, default 8080) for nginx HTTP, +1 HTTPS, +2 gunicorn. Everything
runs on 127.0.0.1 and stops at the end.
"""

import argparse
import http.client
import io
import os
import re
import secrets
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kvo.settings")

HOST = "127.0.0.1"
USER = "gemeente@example.org"  # a partner: coordinators need a second factor in production
PASSWORD = "demo-KVO-2026"
PAGE_SLOW_SECONDS = 2.0


def production_env(static_root, https_port):
    """The environment of the web process: production settings behind one proxy."""
    env = dict(os.environ)
    env.update({
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}:{https_port}",
        "SITE_URL": f"https://{HOST}:{https_port}",
        "TRUSTED_PROXY_COUNT": "1",
        "TRUST_X_REQUEST_ID": "1",
        "STATIC_ROOT": str(static_root),
        "LOG_FORMAT": "text",
    })
    return env


import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from kvo import deploy  # noqa: E402


class Failed(Exception):
    pass


def wait_for_port(port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.2)
    raise Failed(f"nothing listens on {HOST}:{port} after {seconds} s")


class Stack:
    """collectstatic, gunicorn and (unless direct) nginx, in a temporary folder."""

    def __init__(self, *, port_base, direct=False):
        self.http_port, self.https_port, self.app_port = port_base, port_base + 1, port_base + 2
        self.direct = direct
        self.tmp = Path(tempfile.mkdtemp(prefix="kvo-proxy-"))
        # STATIC_ROOT from the environment when set (collected once for several runs).
        self.static_root = Path(os.environ.get("STATIC_ROOT") or self.tmp / "static")
        self.env = production_env(self.static_root, self.https_port)
        if direct:
            # As production ran before deploy/: no proxy, so no HTTPS to redirect to.
            self.env["SECURE_SSL_REDIRECT"] = "0"
        self.processes = []

    def __enter__(self):
        if not (self.static_root / "staticfiles.json").exists():
            subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                           cwd=ROOT, env=self.env, check=True)
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        bind = f"{HOST}:{self.app_port}"
        if self.direct:
            command = [gunicorn, "kvo.wsgi:application", "--bind", bind, "--workers", "3",
                       "--timeout", "60", "--no-control-socket"]
        else:
            command = [gunicorn, "--config", "deploy/gunicorn.conf.py", "kvo.wsgi:application"]
            self.env["GUNICORN_BIND"] = bind
        self.gunicorn_log = (self.tmp / "gunicorn.log").open("w")
        self.processes.append(subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=self.gunicorn_log, stderr=subprocess.STDOUT,
            start_new_session=True))
        wait_for_port(self.app_port)
        if not self.direct:
            self.nginx_conf = deploy.nginx_test_site(
                self.tmp / "nginx", http_port=self.http_port, https_port=self.https_port,
                upstream=bind, server_name=HOST)
            test = subprocess.run(deploy.nginx_command(self.nginx_conf, "-t"),
                                  capture_output=True, text=True)
            if test.returncode:
                raise Failed(f"nginx -t failed:\n{test.stderr}")
            subprocess.run(deploy.nginx_command(self.nginx_conf), check=True)
            wait_for_port(self.https_port)
        return self

    def __exit__(self, *exc):
        if not self.direct and (self.tmp / "nginx" / "nginx.pid").exists():
            subprocess.run(deploy.nginx_command(self.nginx_conf, "-s", "stop"),
                           capture_output=True)
        for process in self.processes:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        self.gunicorn_log.close()

    # Talking to it --------------------------------------------------------------------------

    @property
    def port(self):
        return self.app_port if self.direct else self.https_port

    def connection(self, *, port=None, https=None, timeout=30):
        port = port or self.port
        if https is None:
            https = not self.direct and port == self.https_port
        if https:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            return http.client.HTTPSConnection(HOST, port, timeout=timeout, context=context)
        return http.client.HTTPConnection(HOST, port, timeout=timeout)

    def raw_socket(self, timeout=120):
        sock = socket.create_connection((HOST, self.port), timeout=timeout)
        if self.direct:
            return sock
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context.wrap_socket(sock, server_hostname=HOST)

    @property
    def origin(self):
        scheme = "http" if self.direct else "https"
        return f"{scheme}://{HOST}:{self.port}"

    def log(self, name):
        return (self.tmp / "nginx" / "logs" / name).read_text()


class Browser:
    """Cookies and CSRF by hand: the secure cookies of production also travel over plain HTTP
    to the direct stack."""

    def __init__(self, stack):
        self.stack = stack
        self.cookies = {}

    def request(self, method, path, *, body=None, headers=None, port=None, https=None,
                timeout=30):
        connection = self.stack.connection(port=port, https=https, timeout=timeout)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                   "Referer": self.stack.origin + path, **(headers or {})}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response, content

    def csrf_token(self, path):
        response, content = self.request("GET", path)
        if response.status != 200:
            raise Failed(f"GET {path}: {response.status}")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        return match.group(1).decode()

    def login(self, email=USER, password=PASSWORD):
        token = self.csrf_token("/inloggen/")
        body = urlencode({"csrfmiddlewaretoken": token, "username": email,
                          "password": password})
        response, _content = self.request(
            "POST", "/inloggen/", body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        if response.status != 302 or "sessionid" not in self.cookies:
            raise Failed(f"login as {email}: {response.status}")


def multipart(fields, files):
    boundary = secrets.token_hex(16)
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                  f'{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                  f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode())
        out.write(content)
        out.write(b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def photo_12mp():
    """A 4000×3000 JPEG of about 4.7 MB, like a phone's."""
    from PIL import Image

    base = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
    noise = Image.effect_noise((4000, 3000), 40).convert("RGB")
    buffer = io.BytesIO()
    Image.blend(base, noise, 0.35).save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def capture_target():
    """(path of the capture form of an open demo schouw, form fields for a finding)."""
    from schouwen.models import Categorie, Schouw

    schouw = next(s for s in Schouw.objects.filter(
        traject__naam__startswith="KVO-W Centrum").order_by("-begin") if s.is_open)
    path = f"/schouwen/trajecten/{schouw.traject_id}/schouwen/{schouw.pk}/bevindingen/nieuw/"
    categorie = Categorie.objects.filter(actief=True).order_by("pk").first()
    # Each capture carries the id the page made for it (a resend of the same id is the same
    # finding), so each POST below gets its own.
    return path, {"categorie": categorie.pk, "omschrijving": "Proxytest: lamp kapot",
                  "ernst": "geel", "straat": "Langestraat", "huisnummer": "1",
                  "client_id": str(uuid.uuid4())}


# The check ------------------------------------------------------------------------------------

def expect(condition, message):
    if not condition:
        raise Failed(message)
    print(f"  ok  {message}")


def check(port_base):
    with Stack(port_base=port_base) as stack:
        print(f"nginx -t passed on {stack.nginx_conf}")
        browser = Browser(stack)

        # Scheme: through nginx (HTTPS) the app answers; directly over HTTP it redirects.
        response, _ = browser.request("GET", "/inloggen/",
                                      headers={"X-Request-ID": "door-client-gekozen-id"})
        expect(response.status == 200, "HTTPS through nginx: the app sees https (no redirect)")
        direct, _ = browser.request("GET", "/inloggen/", port=stack.app_port, https=False)
        expect(direct.status == 301, "plain HTTP straight to gunicorn: redirected to https")
        # Request id: nginx's, not the client's, and the same in nginx's log.
        request_id = response.getheader("X-Request-ID")
        expect(request_id and request_id != "door-client-gekozen-id"
               and request_id in stack.log("kvo.access.log"),
               "request id set by nginx reaches the app and is in nginx's access log")

        # Client address: nginx appends the address it saw; the app counts from the right.
        email = f"proxycheck-{secrets.token_hex(4)}@example.org"
        for attempt in range(settings.AXES_FAILURE_LIMIT + 1):
            token = browser.csrf_token("/inloggen/")
            response, content = browser.request(
                "POST", "/inloggen/",
                body=urlencode({"csrfmiddlewaretoken": token, "username": email,
                                "password": "fout"}),
                headers={"Content-Type": "application/x-www-form-urlencoded",
                         "X-Forwarded-For": f"10.9.8.{attempt}"})
        expect(response.status in (403, 429),
               "failed logins are throttled by the address nginx saw, whatever X-Forwarded-For "
               f"the client sends (status {response.status})")

        # Upload size.
        browser.login()
        path, fields = capture_target()
        token = browser.csrf_token(path)
        photo = photo_12mp()
        body, content_type = multipart({"csrfmiddlewaretoken": token, **fields},
                                       {"fotos": ("IMG_1201.jpg", photo, "image/jpeg")})
        response, _ = browser.request("POST", path, body=body,
                                      headers={"Content-Type": content_type}, timeout=120)
        expect(response.status == 302,
               f"a {len(photo) / 1e6:.1f} MB photo passes nginx and is stored (302)")
        too_big_for_app = (settings.PHOTO_MAX_MB + 1) * 1024 * 1024
        body, content_type = multipart(
            {"csrfmiddlewaretoken": token, **fields, "client_id": str(uuid.uuid4())},
            {"fotos": ("IMG_1202.jpg", b"\xff\xd8\xff" + b"0" * too_big_for_app, "image/jpeg")})
        response, content = browser.request("POST", path, body=body,
                                            headers={"Content-Type": content_type},
                                            timeout=120)
        expect(response.status == 200 and b"te groot" in content,
               f"a photo over PHOTO_MAX_MB ({settings.PHOTO_MAX_MB} MB) reaches the app and "
               "gets its Dutch refusal")
        over_limit = settings.UPLOAD_REQUEST_MAX_MB * 1024 * 1024 + 1024
        response, content = browser.request(
            "POST", path, body=b"0" * over_limit,
            headers={"Content-Type": "application/octet-stream"}, timeout=120)
        expect(response.status == 413 and b"Te groot om te versturen" in content,
               f"a body over UPLOAD_REQUEST_MAX_MB ({settings.UPLOAD_REQUEST_MAX_MB} MB) gets "
               "nginx's 413 with the Dutch page")

        # Static files (WhiteNoise behind nginx).
        manifest = (stack.static_root / "staticfiles.json").read_text()
        hashed = re.search(r'"css/kvo\.css": "([^"]+)"', manifest).group(1)
        response, content = browser.request("GET", f"/static/{hashed}",
                                            headers={"Accept-Encoding": "gzip"})
        expect(response.status == 200 and "immutable" in response.getheader("Cache-Control")
               and response.getheader("Content-Encoding") == "gzip",
               f"static file /static/{hashed}: 200, compressed, cached for good")

        # Health on plain HTTP (load balancers), with a Host the app does not know.
        response, content = browser.request("GET", "/gezondheid/", port=stack.http_port,
                                            https=False, headers={"Host": "10.0.0.7"})
        expect(response.status in (200, 503) and b'"database": {"status": "ok"' in content,
               "health check on plain HTTP: answered, not redirected")
        response, _ = browser.request("GET", "/inloggen/", port=stack.http_port, https=False)
        expect(response.status == 301, "other plain HTTP requests: redirected to HTTPS")
    print("proxy check passed")


# Slow uploads ---------------------------------------------------------------------------------

def trickle_upload(stack, browser, path, body, content_type, rate, seconds, result):
    """Send the request at `rate` bytes/s (for `seconds`, then at full speed); store the
    status and timings in `result`."""
    started = time.monotonic()
    try:
        sock = stack.raw_socket(timeout=300)
        cookies = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
        head = (f"POST {path} HTTP/1.1\r\nHost: {HOST}:{stack.port}\r\n"
                f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
                f"Cookie: {cookies}\r\nReferer: {stack.origin}{path}\r\n"
                f"Connection: close\r\n\r\n").encode()
        sock.sendall(head)
        sent, chunk = 0, max(1, rate // 10)
        while sent < len(body):
            elapsed = time.monotonic() - started
            if seconds is not None and elapsed > seconds:
                sock.sendall(body[sent:])
                sent = len(body)
                break
            sock.sendall(body[sent:sent + chunk])
            sent += chunk
            ahead = sent / rate - (time.monotonic() - started)
            if ahead > 0:
                time.sleep(ahead)
        result["sent_at"] = time.monotonic() - started
        response = http.client.HTTPResponse(sock)
        response.begin()
        response.read()
        result["status"] = response.status
    except OSError as error:
        result["status"] = type(error).__name__
    result["seconds"] = time.monotonic() - started


def slow_uploads(port_base, *, direct, clients, rate_kb, seconds, do_check):
    rate = rate_kb * 1024
    with Stack(port_base=port_base, direct=direct) as stack:
        path, fields = capture_target()
        photo = photo_12mp()
        uploaders = []
        for _ in range(clients):
            browser = Browser(stack)
            browser.login()
            token = browser.csrf_token(path)
            body, content_type = multipart({"csrfmiddlewaretoken": token, **fields},
                                           {"fotos": ("IMG_2041.jpg", photo, "image/jpeg")})
            uploaders.append((browser, body, content_type, {}))
        reader = Browser(stack)
        reader.login()

        print(f"{'direct to gunicorn (3 sync workers)' if direct else 'through nginx'}: "
              f"{clients} uploads of {len(photo) / 1e6:.1f} MB at {rate_kb} KB/s"
              + (f", the rest at full speed after {seconds} s" if seconds else ""))
        threads = [threading.Thread(target=trickle_upload, args=(
            stack, browser, path, body, content_type, rate, seconds, result))
            for browser, body, content_type, result in uploaders]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        time.sleep(1)  # the uploads are under way
        pages = []
        while any(t.is_alive() for t in threads):
            begin = time.monotonic()
            try:
                response, _ = reader.request("GET", "/", timeout=60)
                status = response.status
            except OSError as error:
                status = type(error).__name__
            took = time.monotonic() - begin
            pages.append((begin - started, took, status))
            time.sleep(max(0, 0.5 - took))
        for thread in threads:
            thread.join()

    # While the bodies are still being sent (before the first upload is complete), and after,
    # when the app processes the photos that arrived.
    sending = min(r.get("sent_at", r.get("seconds", 0)) for *_rest, r in uploaders)
    print(f"all uploads sending for the first {sending:.0f} s")
    report("pages while the uploads were sent", [p for p in pages if p[0] + p[1] < sending])
    report("pages after, while the photos were processed",
           [p for p in pages if p[0] + p[1] >= sending])
    longest_gap, previous = 0.0, 1.0
    for at, took, status in pages:
        if status == 200:
            longest_gap = max(longest_gap, at + took - previous)
            previous = at + took
    print(f"longest time without an answered page: {longest_gap:.1f} s")
    for i, (_browser, _body, _type, result) in enumerate(uploaders, 1):
        print(f"upload {i}: {result.get('status')} after {result.get('seconds', 0):.1f} s")
    if do_check:
        during = [p for p in pages if p[0] + p[1] < sending]
        uploads_ok = all(r.get("status") == 302 for *_rest, r in uploaders)
        held_up = [p for p in during if p[2] != 200 or p[1] > PAGE_SLOW_SECONDS]
        failed = [p for p in pages if p[2] != 200]
        if not during or held_up or failed or not uploads_ok:
            raise Failed("slow uploads held up other requests, or something failed")
        print("slow-upload check passed")


def report(title, pages):
    ok = sorted(took for _, took, status in pages if status == 200)
    failed = [(round(at), status) for at, _, status in pages if status != 200]
    line = f"{title}: {len(pages)} asked, {len(ok)} answered"
    if ok:
        line += (f"; median {statistics.median(ok) * 1000:.0f} ms, "
                 f"p95 {ok[max(0, int(len(ok) * 0.95) - 1)] * 1000:.0f} ms, "
                 f"worst {ok[-1] * 1000:.0f} ms, over {PAGE_SLOW_SECONDS:.0f} s: "
                 f"{sum(t > PAGE_SLOW_SECONDS for t in ok)}")
    if failed:
        line += f"; failed (second, error): {failed[:8]}"
    print(line)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["check", "slow-uploads"])
    parser.add_argument("--port-base", type=int, default=8080)
    parser.add_argument("--direct", action="store_true")
    parser.add_argument("--clients", type=int, default=5)
    parser.add_argument("--rate", type=int, default=50, help="KB/s per upload")
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    try:
        if args.what == "check":
            check(args.port_base)
        else:
            slow_uploads(args.port_base, direct=args.direct, clients=args.clients,
                         rate_kb=args.rate, seconds=args.seconds, do_check=args.check)
    except Failed as error:
        print(f"FAILED: {error}")
        sys.exit(1)


if __name__ == "__main__":
    main()
