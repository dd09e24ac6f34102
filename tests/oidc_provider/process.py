"""The test provider in its own process, as the `oidc_provider` fixture runs it."""

import os
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, EDITORS, MANAGERS

ROOT = Path(__file__).resolve().parents[2]


class Provider:
    def __init__(self, directory: Path):
        self.directory = directory
        env = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("DJANGO_", "DATABASE_URL", "OIDC_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="tests.oidc_provider.settings",
            OIDC_PROVIDER_DIR=str(directory),
        )
        self.log = open(directory / "provider.log", "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.oidc_provider"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,  # closed when this process ends, which ends the provider
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        port = self.process.stdout.readline().strip()
        if not port:
            self.stop()
            raise RuntimeError("the test provider did not start:\n" + self.read_log())
        self.url = f"http://127.0.0.1:{port}"
        self.discovery = self.wait_for_discovery()

    def wait_for_discovery(self, seconds: float = 30) -> dict:
        deadline = time.monotonic() + seconds
        while True:
            try:
                response = requests.get(f"{self.url}/o/.well-known/openid-configuration", timeout=5)
                if response.ok:
                    return response.json()
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the test provider does not answer:\n" + self.read_log())
            time.sleep(0.1)

    def environ(self) -> dict[str, str]:
        """The environment variables that point gentintl at this provider, as an
        administrator copies them from its discovery document."""
        found = self.discovery
        return {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_ISSUER": found["issuer"],
            "OIDC_OP_AUTHORIZATION_ENDPOINT": found["authorization_endpoint"],
            "OIDC_OP_TOKEN_ENDPOINT": found["token_endpoint"],
            "OIDC_OP_USER_ENDPOINT": found["userinfo_endpoint"],
            "OIDC_OP_JWKS_ENDPOINT": found["jwks_uri"],
            "OIDC_OP_LOGOUT_ENDPOINT": found["end_session_endpoint"],
            "OIDC_EDITORS_GROUPS": EDITORS,
            "OIDC_MANAGERS_GROUPS": MANAGERS,
        }

    def control(self, **changes) -> None:
        """Change the provider (tests/oidc_provider/control.py says what can change)."""
        requests.post(f"{self.url}/control/", json=changes, timeout=10).raise_for_status()

    def read_log(self) -> str:
        self.log.flush()
        return (self.directory / "provider.log").read_text()

    def stop(self) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            self.process.wait()
        self.process.stdout.close()
        self.log.close()
