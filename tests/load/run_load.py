"""Load test: gunicorn with production settings, 50 concurrent users, a realistic mix.

Each user pauses 0.5–1.5 s between requests, as a person reading a page does;
`--think-ms 0` sends requests back to back instead (a saturation test).

    python tests/load/run_load.py --duration 60   # the full test (make load)
    python tests/load/run_load.py --duration 10   # the CI smoke test
    python tests/load/run_load.py --mix dashboard # home dashboard, a filtered list and a
                                                  # static file (the benchmarks' B8)

Needs PostgreSQL in DATABASE_URL (SQLite is not a multi-user server) and `wrk`.
Prints one JSON line with requests/s, errors and latency percentiles, and exits non-zero
when there is any error or the p95 latency is 800 ms or more.
"""

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The mix: dashboard, filtered lists, searches, details, exports and static files. The
# detail pages of the first partnership and press release are added at run time.
PATHS = [
    "/",
    "/partnerships/?kind=sister_city",
    "/partnerships/?status=phasing_out&country=DE",
    "/partnerships/agreements/",
    "/partnerships/activities/?q=student",
    "/partnerships/organisations/",
    "/partnerships/networks/",
    "/pressroom/press-releases/?q=Kanazawa",
    "/partnerships/export/?format=csv",
    "/pressroom/press-releases/export/?format=xlsx",
    "/static/css/gentintl.css",
    "/static/js/gentintl.js",
]
# The benchmarks' B8: the home dashboard, a filtered list and a static file, nothing else.
DASHBOARD_PATHS = [
    "/",
    "/pressroom/press-releases/?published_from=2001-01-01",
    "/static/css/gentintl.css",
]
MIXES = {"full": PATHS, "dashboard": DASHBOARD_PATHS}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def session_cookie(env) -> tuple[str, list[str]]:
    """Log a Managers user in without the login form (a session row, as Django makes it);
    also return the paths of two detail pages."""
    code = (
        "from django.contrib.auth import get_user_model, BACKEND_SESSION_KEY, "
        "HASH_SESSION_KEY, SESSION_KEY\n"
        "from django.contrib.auth.models import Group\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "user, _ = get_user_model().objects.get_or_create(username='loadtest')\n"
        "user.groups.add(Group.objects.get(name='Managers'))\n"
        "s = SessionStore()\n"
        "s[SESSION_KEY] = str(user.pk)\n"
        "s[BACKEND_SESSION_KEY] = 'gentintl.backends.PermissionBackend'\n"
        "s[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "s.create()\n"
        "from partnerships.models import Partnership\n"
        "from pressroom.models import PressRelease\n"
        "print(Partnership.objects.first().get_absolute_url())\n"
        "print(PressRelease.objects.first().get_absolute_url())\n"
        "print(s.session_key)\n"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    *details, key = out.stdout.strip().splitlines()[-3:]
    return "sessionid=" + key, details


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            urllib.request.urlopen(request, timeout=2)
            return
        except Exception:  # noqa: BLE001 - any failure means "not up yet"
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer on {url}")


def warm_up(base: str, paths: list[str], cookie: str, rounds: int) -> None:
    """Load each worker's templates and translations before measuring, as a running
    server has long done."""
    headers = {"Cookie": cookie, "X-Forwarded-Proto": "https"}
    for _ in range(rounds):
        for path in paths:
            request = urllib.request.Request(base + path, headers=headers)
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--p95-limit-ms", type=float, default=800)
    parser.add_argument(
        "--think-ms",
        type=int,
        default=1000,
        help="mean pause of each user between two requests (0: back to back, saturation)",
    )
    parser.add_argument(
        "--mix",
        choices=sorted(MIXES),
        default="full",
        help="full: every kind of page, exports included (make load, CI); dashboard: the "
        "home dashboard, a filtered list and a static file (the benchmarks' B8)",
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("The load test needs PostgreSQL: set DATABASE_URL=postgres://...")
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("load_seeds", env=env)
    manage("collectstatic", "--noinput", "-v", "0", env=env)
    cookie, details = session_cookie(env)
    paths = PATHS + details if args.mix == "full" else MIXES[args.mix]
    port = free_port()
    workers = 2 * (os.cpu_count() or 1) + 1
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "gentintl.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--log-level",
            "warning",
            "--graceful-timeout",
            "10",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for(base + "/static/css/gentintl.css")
        warm_up(base, paths, cookie, rounds=2 * workers)
        run = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{args.connections}",
                f"-d{args.duration}s",
                "--timeout",
                "10s",
                "-s",
                str(Path(__file__).with_name("mix.lua")),
                base + "/",
            ],
            env={**env, "COOKIE": cookie, "PATHS": " ".join(paths), "THINK_MS": str(args.think_ms)},
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        # Requests still running when wrk stops (a large export) get a few seconds to end.
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    line = next(li for li in run.stdout.splitlines() if li.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["requests_per_s"] = round(result["requests"] / result["duration_s"], 1)
    result["connections"] = args.connections
    result["think_ms"] = args.think_ms
    result["mix"] = args.mix
    result["paths"] = paths
    sys.stdout.write(json.dumps(result) + "\n")
    ok = result["errors"] == 0 and result["socket_errors"] == 0
    ok = ok and result["p95_ms"] < args.p95_limit_ms
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
