"""Every file shape gets a page with a clear Dutch message, never a server error, and a
refused file leaves nothing of itself behind (it may hold personal data)."""

import codecs

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from gentintl.spreadsheets.models import ImportRun

IMPORT_URL = "admin:partnerships_partnership_import"
HEADER = "Stad;Soort;Status;Begonnen\r\n"


def post(client, name, data):
    with translation.override("nl"):
        return client.post(
            reverse(IMPORT_URL),
            {"file": SimpleUploadedFile(name, data)},
            HTTP_ACCEPT_LANGUAGE="nl",
        )


def messages_of(response) -> str:
    form = response.context.get("form")
    if form is not None and form.errors:
        return " ".join(str(e) for errors in form.errors.values() for e in errors)
    plan = response.context["plan"]
    return " ".join(plan.file_errors)


SHAPES = {
    "long first line": (
        "lang.csv",
        ("Stad;" + "x" * 300_000 + "\r\nGent;a\r\n").encode(),
        "cel",
    ),
    "deeply nested json": ("diep.json", b"[" * 100_000 + b"]" * 100_000, "JSON"),
    "nested object json": ("diep2.json", b'[{"a":' * 50_000 + b"1" + b"}]" * 50_000, "JSON"),
    "pdf": ("verslag.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "PDF"),
    "pdf named pdf": ("verslag.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "PDF"),
    "utf-16": ("utf16.csv", codecs.BOM_UTF16_LE + HEADER.encode("utf-16-le"), "UTF-8"),
    "utf-16 without bom": ("utf16.csv", (HEADER + "Gent;a\r\n").encode("utf-16-le"), "UTF-8"),
    "png": ("foto.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "afbeelding"),
    "docx": ("brief.xlsx", None, "Word"),
    "malformed csv": ("kapot.csv", b'Stad;Soort\r\n"Gent;a\r\n"b"c;d\r\n', "CSV"),
    "json scalar": ("getal.json", b"[1, 2, 3]", "JSON"),
}


def docx_bytes() -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return out.getvalue()


ENGLISH_FRAGMENTS = ("field larger", "line contains", "expected", "Error", "data)", "binary data")


@pytest.mark.parametrize("shape", SHAPES)
def test_every_file_shape_gets_a_dutch_message_and_leaves_no_preview(db, editor_client, shape):
    name, data, word = SHAPES[shape]
    if data is None:
        data = docx_bytes()

    response = post(editor_client, name, data)

    assert response.status_code == 200
    text = messages_of(response)
    assert word in text, text
    assert not any(fragment in text for fragment in ENGLISH_FRAGMENTS), text
    assert len(response.content) < 100_000
    assert not ImportRun.objects.exclude(file_data=b"").exists()
    assert not ImportRun.objects.filter(status="pending").exists()


def test_hundreds_of_thousands_of_unknown_columns_give_a_short_answer(db, editor_client):
    headers = ";".join(f"kolom{i}" for i in range(200_000))
    data = f"Stad;{headers}\r\nGent\r\n".encode()

    response = post(editor_client, "breed.csv", data)

    assert response.status_code == 200
    assert len(response.content) < 100_000
    text = messages_of(response)
    assert "kolommen" in text, text
    assert not ImportRun.objects.exclude(file_data=b"").exists()


def test_many_unknown_columns_are_listed_first_then_counted(db, editor_client):
    headers = ";".join(f"kolom{i}" for i in range(40))
    data = f"Stad;Soort;{headers}\r\nGent;a\r\n".encode()

    response = post(editor_client, "breed.csv", data)

    assert response.status_code == 200
    errors = response.context["plan"].file_errors
    text = " ".join(errors)
    assert "kolom0" in text and "kolom39" not in text
    assert "en nog 30" in text, text
    assert len(response.content) < 100_000


def test_many_row_errors_are_listed_first_then_counted(db, editor_client):
    rows = "".join(f"Onbestaande stad {i};zuster;actief;1971\r\n" for i in range(700))
    data = (HEADER + rows).encode()

    response = post(editor_client, "fout.csv", data)

    assert response.status_code == 200
    content = response.content.decode()
    total = response.context["error_total"]
    assert total >= 700
    assert len(response.context["errors"]) == 500
    assert f"en nog {total - 500} fouten" in content
    assert f"rijen met fouten: <strong>700</strong> ({total} fouten)" in content
    assert not ImportRun.objects.exclude(file_data=b"").exists()


def test_a_request_that_fails_while_planning_purges_its_preview(db, editor_client, monkeypatch):
    from gentintl.spreadsheets import runs

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(runs, "plan_import", broken)
    data = (HEADER + "Luik (BE);zuster;actief;1971\r\n").encode()

    response = post(editor_client, "goed.csv", data)

    assert response.status_code == 200
    assert "boom" not in response.content.decode()
    assert not ImportRun.objects.exclude(file_data=b"").exists()
    assert not ImportRun.objects.filter(status="pending").exists()


def test_the_counts_agree_with_a_file_level_error(db, editor_client):
    data = b"Stad;Onbekend\r\nLuik (BE);x\r\n"

    response = post(editor_client, "fout.csv", data)

    content = response.content.decode()
    assert "Het bestand bevat fouten" in content
    assert "met fouten: <strong>0</strong>" not in content
    assert "fouten in het bestand als geheel: <strong>1</strong>" in content
    assert ImportRun.objects.get().error_count == 1
