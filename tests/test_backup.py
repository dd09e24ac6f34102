"""Backup and restore as the README documents them: pg_dump, then pg_restore into a new database."""

import shutil
import subprocess
import uuid

import psycopg
import pytest
from django.db import connection

from partnerships.models import Partnership

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def url(name: str) -> str:
    s = connection.settings_dict
    user = s.get("USER") or "postgres"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    host, port = s.get("HOST") or "127.0.0.1", s.get("PORT") or 5432
    return f"postgresql://{user}{password}@{host}:{port}/{name}"


def table_counts(dsn: str) -> dict[str, int]:
    with psycopg.connect(dsn) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed")
def test_dump_and_restore_keeps_every_record_and_its_history(seeded, tmp_path):
    partnership = Partnership.objects.get(city__name="Tallinn")
    partnership.notes = "Bijgewerkt voor de back-uptest."
    partnership.save()
    source = url(connection.settings_dict["NAME"])
    dump = tmp_path / "gentintl.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", source], check=True)

    restored = f"gentintl_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{restored}"')
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={url(restored)}", str(dump)], check=True
        )
        before, after = table_counts(source), table_counts(url(restored))
        assert after == before
        assert after["partnerships_partnership"] == 12
        assert (
            after["partnerships_historicalpartnership"]
            == before["partnerships_historicalpartnership"]
        )
        with psycopg.connect(url(restored)) as conn:
            notes = conn.execute(
                "SELECT notes FROM partnerships_historicalpartnership "
                "ORDER BY history_date DESC LIMIT 1"
            ).fetchone()[0]
        assert notes == "Bijgewerkt voor de back-uptest."
    finally:
        with psycopg.connect(url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
