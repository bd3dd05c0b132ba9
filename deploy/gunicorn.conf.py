"""gunicorn settings for Thi đua – Khen thưởng (``gunicorn -c deploy/gunicorn.conf.py thidua_site.wsgi``).

gunicorn always sits behind nginx (deploy/nginx/): nginx reads whole requests and takes whole
answers, so each worker thread only ever waits on Django, never on a reader's connection.
Everything tunable comes from the environment (/etc/thidua/env, ``tools.stack``), defaults
fit a small 2–4 core server.
"""

import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


# Under systemd socket activation (thidua-gunicorn.socket) gunicorn takes the socket systemd
# hands it and ignores ``bind``.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001").split(",")

# Processes × threads: 2×cores+1 processes (at most 8: each holds a Django, a search reader and
# its database connections), 4 threads each for requests that wait on PostgreSQL or Redis.
workers = _int("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8))
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread"
# The heartbeat file on tmpfs: on a disk, a slow fsync can make the arbiter kill healthy workers.
worker_tmp_dir = "/dev/shm"

# A request still running after 60 s is killed (nginx gives up at 65 s); a restart lets
# running requests finish for 30 s.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5

# Django is loaded once in the master and the workers are forked from it: a worker replaced
# (max_requests, a crash) answers within milliseconds instead of after the seconds a fresh
# Django import takes on a busy server (measured: ~4 s here, both workers at once under load,
# nothing answered meanwhile), and the workers share the loaded code's memory. Nothing opens a
# database or Redis connection at import time (AppConfig.ready only connects signals). The
# price: `systemctl reload` (HUP) does not pick up new code; deploys restart the service (its
# socket keeps the requests that arrive meanwhile).
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"

# Recycle each worker after ~5,000 requests (jittered so they do not all restart at once):
# a leak in a library cannot grow without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10

# Proxy headers (X-Forwarded-Proto) are believed from these addresses only; a UNIX socket peer
# (nginx on the same host) is always trusted.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs to stdout/stderr (the journal) unless a file is named. The client is the last
# X-Forwarded-For entry nginx added; %(M)s is the time Django took, in milliseconds.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s" pid=%(p)s'
proc_name = "thidua"
