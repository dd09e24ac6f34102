"""The app's own exports, saved again by LibreOffice, come back without a silent change.

Each file goes through LibreOffice headless (several files per run: a start costs
seconds) and is imported again: nothing changes, or the preview warns of what the
program did, naming the row and the column.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

MODELS = [
    "partnerships_partnership",
    "partnerships_city",
    "partnerships_contact",
    "partnerships_activity",
    "partnerships_agreement",
]


def export(client, model, file_format="xlsx") -> bytes:
    response = client.get(reverse(f"admin:{model}_export", args=[file_format]))
    assert response.status_code == 200
    return response.content


def preview(client, model, name, data):
    with translation.override("nl"):
        response = client.post(
            reverse(f"admin:{model}_import"),
            {"file": SimpleUploadedFile(name, data)},
            HTTP_ACCEPT_LANGUAGE="nl",
        )
    assert response.status_code == 200
    assert "plan" in response.context, response.context["form"].errors
    return response


def exported_files(client, tmp_path, file_format="xlsx"):
    files = []
    for model in MODELS:
        path = tmp_path / f"{model}.{file_format}"
        path.write_bytes(export(client, model, file_format))
        files.append(path)
    return files


def counts_and_warnings(response):
    plan = response.context["plan"]
    assert not plan.file_errors and not plan.errors, (plan.file_errors, plan.errors[:3])
    warnings = {(w.row, w.column, w.value) for w in plan.cell_warnings}
    return response.context["counts"], warnings, plan


def unchanged(response) -> bool:
    counts, warnings, _plan = counts_and_warnings(response)
    return counts["new"] == counts["update"] == 0 and not warnings


def add_contact_with_bare_phone():
    """A contact whose phone has no spaces: a spreadsheet reads it as a number."""
    from partnerships.models import Contact

    return Contact.objects.create(
        name="Lotte Peeters",
        email="lotte.peeters@stad.gent",
        phone="092665000",
        phone_e164="+3292665000",
    )


def test_xlsx_and_ods_saved_by_libreoffice_come_back_unchanged(
    seeded, editor_client, libreoffice, tmp_path
):
    from partnerships.models import Contact

    # Texts that start like formulas: quote-prefixed cells that LibreOffice keeps as text.
    Contact.objects.create(
        name="Persdienst",
        email="persdienst.test@stad.gent",
        function="=woordvoerder",
        phone="+32 9 266 50 00",
        phone_e164="+3292665000",
    )
    files = exported_files(editor_client, tmp_path)

    saved = libreoffice.convert(files, "xlsx") + libreoffice.convert(files, "ods")

    for model, path in zip(MODELS * 2, saved, strict=True):
        assert unchanged(preview(editor_client, model, path.name, path.read_bytes())), path.name


def test_windows_1252_csv_warns_of_the_character_it_lost(
    seeded, editor_client, libreoffice, tmp_path
):
    files = exported_files(editor_client, tmp_path)

    saved = libreoffice.convert(files, libreoffice.csv_export("cp1252"))

    for model, path in zip(MODELS, saved, strict=True):
        data = path.read_bytes()
        assert b";" in data.split(b"\n", 1)[0]
        response = preview(editor_client, model, path.name, data)
        if model != "partnerships_city":
            assert unchanged(response), model
            continue
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")  # really Windows-1252
        assert response.context["sheet"].encoding == "cp1252"
        counts, warnings, plan = counts_and_warnings(response)
        gdansk = next(r.number for r in plan.rows if r.key.startswith("Gdansk"))
        assert warnings == {(gdansk, "Lokale naam", "Gda?sk")}
        assert "Gdańsk" in plan.cell_warnings[0].message
        assert counts["update"] == 1
        assert "Ik heb de waarschuwingen gelezen" in response.content.decode()


def test_csv_opened_in_a_belgian_locale_keeps_values_but_a_bare_phone_number(
    seeded, editor_client, libreoffice, tmp_path
):
    add_contact_with_bare_phone()
    files = exported_files(editor_client, tmp_path, "csv")

    saved = libreoffice.convert(files, "xlsx", libreoffice.csv_import("utf-8", "nl-BE"))

    for model, path in zip(MODELS, saved, strict=True):
        response = preview(editor_client, model, path.name, path.read_bytes())
        if model != "partnerships_contact":
            assert unchanged(response), model
            continue
        counts, warnings, plan = counts_and_warnings(response)
        row = next(r.number for r in plan.rows if r.key == "lotte.peeters@stad.gent")
        assert warnings == {(row, "Telefoon", "92665000")}
        assert "092665000" in plan.cell_warnings[0].message


def test_csv_opened_in_an_english_locale_warns_of_swapped_days_and_months(
    seeded, editor_client, libreoffice, tmp_path
):
    files = exported_files(editor_client, tmp_path, "csv")

    saved = libreoffice.convert(files, "xlsx", libreoffice.csv_import("utf-8", "en-US"))

    swapped = {}
    for model, path in zip(MODELS, saved, strict=True):
        response = preview(editor_client, model, path.name, path.read_bytes())
        counts, warnings, plan = counts_and_warnings(response)
        # Every change this program made is warned of, with its row and column.
        changed = {(r.number, c[0], c[2]) for r in plan.rows for c in r.changes}
        assert changed == warnings, model
        swapped[model] = warnings
    signing = "Digitale ondertekening vernieuwd samenwerkingsakkoord Gent–Kanazawa"
    activity_rows = [r for r in swapped["partnerships_activity"]]
    assert [(c, v) for _r, c, v in activity_rows] == [("Datum", "11/10/2021")], signing
    assert {(c, v) for _r, c, v in swapped["partnerships_agreement"]} == {
        ("Ondertekend", "11/10/2021")
    }


def cp1252_city_file(seeded_client) -> bytes:
    """The cities' export as a Windows-1252 CSV, where 'Gdańsk' can only be 'Gda?sk'."""
    text = export(seeded_client, "partnerships_city", "csv").decode("utf-8-sig")
    return text.encode("cp1252", errors="replace")


def test_confirm_writes_a_warned_value_only_when_the_warnings_are_accepted(seeded, editor_client):
    from gentintl.spreadsheets.models import ImportRun, ImportStatus
    from partnerships.models import City

    response = preview(
        editor_client, "partnerships_city", "steden.csv", cp1252_city_file(editor_client)
    )
    assert [w.value for w in response.context["plan"].cell_warnings] == ["Gda?sk"]
    run = response.context["run"]
    url = reverse("admin:partnerships_city_import_decision", args=[run.pk, "confirm"])

    refused = editor_client.post(url)

    assert refused.status_code == 200
    assert "Er is niets geïmporteerd" in refused.content.decode()
    assert City.objects.filter(local_name="Gdańsk").exists()
    assert ImportRun.objects.get(pk=run.pk).status == ImportStatus.PENDING

    accepted = editor_client.post(url, {"accept_warnings": "1"}, follow=True)

    assert accepted.status_code == 200
    assert ImportRun.objects.get(pk=run.pk).status == ImportStatus.DONE
    assert City.objects.filter(local_name="Gda?sk").exists()


def test_the_template_and_the_import_page_recommend_xlsx_or_utf8_csv(db, editor_client):
    import io

    import openpyxl

    template = editor_client.get(reverse("admin:partnerships_city_template", args=["xlsx"]))
    explanation = openpyxl.load_workbook(io.BytesIO(template.content)).worksheets[1]
    advice = [row[1].value for row in explanation.iter_rows(min_row=2)][0]
    assert "XLSX" in advice and "CSV UTF-8" in advice
    with translation.override("nl"):
        page = editor_client.get(
            reverse("admin:partnerships_city_import"), HTTP_ACCEPT_LANGUAGE="nl"
        ).content.decode()
    assert "XLSX (best), CSV bewaard als UTF-8" in page
