import html
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gentintl.spreadsheets.models import ImportRun, ImportStatus
from partnerships.models import City, Partnership, PartnershipStatus

IMPORT_URL = "admin:partnerships_partnership_import"


def upload(client, url_name, name, data, **extra):
    return client.post(
        reverse(url_name), {"file": SimpleUploadedFile(name, data), **extra}, follow=True
    )


def decide(client, run, action, model="partnerships_partnership"):
    url = reverse(f"admin:{model}_import_decision", args=[run.pk, action])
    return client.post(url, follow=True)


def export_xlsx(client):
    response = client.get(reverse("admin:partnerships_partnership_export", args=["xlsx"]))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_export_edit_reimport_shows_exactly_the_edit(seeded, editor_client):
    book = export_xlsx(editor_client)
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    notes = headers.index("Opmerkingen") + 1
    city = headers.index("Stad") + 1
    edited_row = next(
        r for r in range(2, sheet.max_row + 1) if sheet.cell(r, city).value == "Luik (BE)"
    )
    sheet.cell(edited_row, notes).value = "Nieuwe afspraak in 2026."
    out = io.BytesIO()
    book.save(out)
    history_before = Partnership.history.count()

    response = upload(editor_client, IMPORT_URL, "partnerschappen.xlsx", out.getvalue())

    content = response.content.decode()
    assert response.context["counts"] == {
        "new": 0,
        "update": 1,
        "skip": Partnership.objects.count() - 1,
        "error": 0,
    }
    assert [row.changes for row in response.context["rows"]] == [
        [
            (
                "Opmerkingen",
                Partnership.objects.get(city__name="Luik").notes,
                "Nieuwe afspraak in 2026.",
            )
        ]
    ]
    assert "Nieuwe afspraak in 2026." in content
    run = ImportRun.objects.get()
    decide(editor_client, run, "confirm")
    assert Partnership.objects.get(city__name="Luik").notes == "Nieuwe afspraak in 2026."
    assert Partnership.history.count() == history_before + 1
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE
    assert run.file_data in (b"", memoryview(b""))


def test_unchanged_export_reimports_as_all_unchanged(seeded, editor_client):
    book = export_xlsx(editor_client)
    out = io.BytesIO()
    book.save(out)
    response = upload(editor_client, IMPORT_URL, "p.xlsx", out.getvalue())
    assert response.context["counts"]["skip"] == Partnership.objects.count()
    assert response.context["counts"]["update"] == 0


def test_windows_1252_semicolon_csv_with_accents_imports(db, editor_client):
    data = "Naam;Land;Lokale naam\nLuik;BE;Liège\nSaint-Raphaël;FR;Saint-Raphaël\n".encode("cp1252")
    response = upload(editor_client, "admin:partnerships_city_import", "steden.csv", data)
    assert response.context["sheet"].encoding == "cp1252"
    run = ImportRun.objects.get()
    decide(editor_client, run, "confirm", "partnerships_city")
    assert City.objects.get(name="Saint-Raphaël").country == "FR"
    assert City.objects.get(name="Luik").local_name == "Liège"


def test_one_bad_row_imports_nothing_and_names_row_column_and_reason(db, editor_client):
    data = b"Naam;Land\nLuik;BE\nNergens;XX\nGent;BE\n"
    response = upload(editor_client, "admin:partnerships_city_import", "steden.csv", data)
    errors = response.context["errors"]
    assert [(e.row, e.column, e.value) for e in errors] == [(3, "Land", "XX")]
    assert "Onbekend land" in errors[0].message
    assert (
        "Nothing was imported" in response.content.decode()
        or "niets" in response.content.decode().lower()
    )
    assert City.objects.count() == 0
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.REFUSED
    assert bytes(run.file_data) == b""
    # A refused preview cannot be confirmed afterwards.
    decide(editor_client, run, "confirm", "partnerships_city")
    assert City.objects.count() == 0


def test_manager_cannot_import(db, manager_client, manager):
    manager.is_staff = True
    manager.save()
    response = manager_client.get(reverse(IMPORT_URL))
    assert response.status_code == 403
    response = manager_client.post(
        reverse(IMPORT_URL), {"file": SimpleUploadedFile("p.csv", b"Stad\nLuik (BE)\n")}
    )
    assert response.status_code == 403
    assert ImportRun.objects.count() == 0


def test_manager_can_export(seeded, manager_client, manager):
    manager.is_staff = True
    manager.save()
    response = manager_client.get(reverse("admin:partnerships_partnership_export", args=["csv"]))
    assert response.status_code == 200
    assert response.content.startswith("\ufeffStad;Soort;Status".encode())


@pytest.mark.parametrize("status", [PartnershipStatus.ENDED])
def test_export_writes_exactly_the_filtered_list(seeded, editor_client, status):
    url = reverse("admin:partnerships_partnership_export", args=["json"])
    response = editor_client.get(url + f"?status__exact={status}")
    import json

    exported = json.loads(response.content)
    assert len(exported) == Partnership.objects.filter(status=status).count() > 0


def test_html_in_a_cell_is_shown_escaped_in_the_error_list(db, editor_client):
    data = b"Naam;Land\n<script>alert(1)</script>;<b>XX</b>\n"
    response = upload(editor_client, "admin:partnerships_city_import", "x.csv", data)
    content = response.content.decode()
    assert "<b>XX</b>" not in content
    assert "&lt;b&gt;XX&lt;/b&gt;" in content


def test_preview_table_shows_each_change_escaped(seeded, editor_client):
    luik = Partnership.objects.get(city__name="Luik")
    data = b'Stad;Opmerkingen\nLuik (BE);<b>vet</b> & "citaat"\n'
    response = upload(editor_client, IMPORT_URL, "p.csv", data)
    table = response.content.decode().split('id="import-preview"')[1].split("</table>")[0]
    old = html.escape(luik.notes) if luik.notes else "—"
    assert (
        f'<tr class="row-update"><td>2</td><td>bijgewerkt</td><td>Luik (BE)</td>'
        f'<td><ul class="changes"><li><strong>Opmerkingen</strong>: '
        f'<span class="visually-hidden">was</span> <del>{old}</del> '
        '<span aria-hidden="true">→</span> <span class="visually-hidden">wordt</span> '
        "<ins>&lt;b&gt;vet&lt;/b&gt; &amp; &quot;citaat&quot;</ins></li></ul></td></tr>"
    ) in table
    assert "<b>vet</b>" not in table
    assert table.count("<tr") == 1 + len(response.context["rows"])  # the header row


def test_cancel_drops_the_uploaded_file(db, editor_client):
    upload(editor_client, "admin:partnerships_city_import", "x.csv", b"Naam;Land\nLuik;BE\n")
    run = ImportRun.objects.get()
    assert bytes(run.file_data)
    decide(editor_client, run, "cancel", "partnerships_city")
    run.refresh_from_db()
    assert (run.status, bytes(run.file_data)) == (ImportStatus.ABANDONED, b"")
    assert City.objects.count() == 0


def test_abandoned_previews_expire_and_lose_their_file(db, editor_client, settings):
    upload(editor_client, "admin:partnerships_city_import", "x.csv", b"Naam;Land\nLuik;BE\n")
    settings.SPREADSHEET_PENDING_MINUTES = -1
    assert ImportRun.objects.purge_expired() == 1
    run = ImportRun.objects.get()
    assert (run.status, bytes(run.file_data)) == (ImportStatus.ABANDONED, b"")
    decide(editor_client, run, "confirm", "partnerships_city")
    assert City.objects.count() == 0


def test_import_is_logged_and_can_be_undone_from_the_log(db, editor_client, editor):
    upload(editor_client, "admin:partnerships_city_import", "x.csv", b"Naam;Land\nLuik;BE\n")
    run = ImportRun.objects.get()
    decide(editor_client, run, "confirm", "partnerships_city")
    run.refresh_from_db()
    assert (run.user, run.file_name, run.new_count) == (editor, "x.csv", 1)
    assert City.history.get().history_user == editor
    assert City.history.get().history_change_reason == run.reason
    response = editor_client.get(reverse("admin:gentintl_importrun_change", args=[run.pk]))
    assert response.status_code == 200
    editor_client.post(reverse("admin:gentintl_importrun_undo", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportStatus.UNDONE
    assert City.objects.count() == 0


def test_template_has_an_explanation_sheet(db, editor_client):
    response = editor_client.get(reverse("admin:partnerships_contact_template", args=["xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]][:2] == ["E-mail", "Naam"]
    explanation = {row[0].value: row[1].value for row in book.worksheets[1].iter_rows(min_row=2)}
    assert "bestaand" in explanation["Organisatie"]


def test_export_neutralises_formulas(db, editor_client):
    City.objects.create(name="=HYPERLINK(1)", country="BE")
    response = editor_client.get(reverse("admin:partnerships_city_export", args=["csv"]))
    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")


def test_purge_imports_command_expires_old_previews(db, editor_client, settings):
    from django.core.management import call_command

    upload(editor_client, "admin:partnerships_city_import", "x.csv", b"Naam;Land\nLuik;BE\n")
    settings.SPREADSHEET_PENDING_MINUTES = -1
    call_command("purge_imports")
    assert ImportRun.objects.get().status == ImportStatus.ABANDONED


def test_preview_accepts_an_agreement_replacing_one_the_same_file_creates(seeded, editor_client):
    from partnerships.models import Agreement

    data = (
        b"Partnerschap;Titel;Soort;Vervangt\n"
        b"Luik (BE);Verdrag 2030;declaration;Verdrag 2020\n"
        b"Luik (BE);Verdrag 2020;declaration;\n"
    )
    response = upload(editor_client, "admin:partnerships_agreement_import", "a.csv", data)
    assert response.context["counts"] == {"new": 2, "update": 0, "skip": 0, "error": 0}
    assert "Verdrag 2020" in response.content.decode()
    decide(editor_client, ImportRun.objects.get(), "confirm", "partnerships_agreement")
    assert Agreement.objects.get(title="Verdrag 2030").replaces.title == "Verdrag 2020"
