"""gunicorn settings for the web process: `gunicorn -c deploy/gunicorn.conf.py kvo.wsgi`.

Threaded workers: a request that waits (on the database, the storage, a slow client reading a
large response) holds one thread, not a whole process. Uploads never reach gunicorn slowly:
nginx (deploy/nginx/kvo.conf) takes the whole request body first. Each process restarts after
about max_requests requests (the jitter keeps them from restarting together), which bounds any
slow memory growth. Every value can be changed by the environment variable in brackets.
"""

import os

# [GUNICORN_BIND] where nginx reaches the app.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# [WEB_CONCURRENCY] processes: one or two per core.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
# [GUNICORN_THREADS] threads per process; each holds its own database connection.
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# [GUNICORN_MAX_REQUESTS] restart a process after this many requests, plus up to 10% jitter.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = max(1, max_requests // 10)
# A process whose main loop is stuck this long is replaced (threads keep it alive while they
# serve long requests; the proxy gives up after its own proxy_read_timeout).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# The proxy on this machine may set the scheme (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Access log on stdout (the journal), with the request id nginx passed on.
accesslog = "-"
# No control socket (newer gunicorn): nothing to share between instances, nothing in $HOME.
control_socket_disable = True
access_log_format = '%({x-forwarded-for}i)s %({x-request-id}i)s "%(r)s" %(s)s %(b)s %(M)sms'
