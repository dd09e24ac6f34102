import io
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from gentintl import pdf, svg_charts
from tests.browser.conftest import ARTIFACTS
from tests.conftest import make_user
from tests.factories import rows

MAX_QUERIES = 10
A4 = (595.28, 841.89)  # points


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def test_report_index_lists_the_years_with_dated_records(seeded, manager_client):
    response = manager_client.get(reverse("report_index"))
    assert response.context["years"] == [2026, 2021, 2018, 1971]
    assert f'href="{reverse("report", args=[2021])}"' in response.content.decode()


def test_report_of_2021_holds_the_seeded_year(seeded, manager_client):
    response = manager_client.get(reverse("report", args=[2021]))
    report = response.context["report"]
    # A soft hyphen lets the longest label break on paper: "netwerk-lidmaatschappen".
    figures = {
        figure["label"].replace("\u00ad", ""): (figure["value"], figure["hint"])
        for figure in report["figures"]
    }
    assert figures["akkoord ondertekend"] == (1, "")
    assert figures["akkoorden van kracht op 31 december 2021"] == (2, "")
    assert figures["activiteiten"] == (2, "en 6 met onbekende datum")
    assert figures["persberichten"] == (0, "en 2 met onbekende datum")
    assert figures["netwerklidmaatschappen begonnen"] == (0, "en 1 met onbekende datum")

    agreements = report["agreements"]
    assert [a.title for a in agreements["signed"]] == [
        "Vernieuwd samenwerkingsakkoord Gent–Kanazawa 2021–2026"
    ]
    assert agreements["ending"] == []
    assert [a.title for a in agreements["undated"]] == [
        "Samenwerkingsakkoord Gent–Kanazawa (voorganger)"
    ]
    text = text_of(response)
    assert "Internationale relaties van Gent in 2021" in text
    # Dates at their precision: a day, a month, a year.
    assert "10 november 2021 (ondertekening aangekondigd)" in text
    assert "2021 – 2026" in text
    assert "<td>juli 2021</td>" in text
    # Facts without a date are listed, not dropped.
    activities = report["activities"]["all"]
    assert len(activities) == 8
    assert [a.occurred_display for a in activities][:2] == ["juli 2021", "10 november 2021"]
    assert text.count("<td>datum onbekend</td>") >= 6 + 2
    assert "Stad Gent heroriënteert banden met zuster- en partnersteden" in text
    assert "Gent hernieuwt samenwerkingsakkoord met zusterstad Kanazawa" in text
    studies = next(a for a in activities if a.title == "Studentenuitwisseling Gent–Kanazawa")
    assert studies.theme_names == ["Onderwijs", "Studentenuitwisseling"]
    assert studies.partner_name == "Kanazawa"

    themes, partners = report["activities"]["charts"]
    assert {row["label"]: row["values"] for row in partners["rows"]} == {"Kanazawa": [2, 6]}
    assert {"label": "Onderwijs", "values": [0, 2]} in themes["rows"]
    balance = report["balance"]
    assert balance["memberships"] == (0, 1)  # Eurocities, member since an unknown date
    assert "Lid van 1 netwerk (Eurocities)" in balance["summary"]
    # The charts are inline SVG, drawn on the server.
    assert text.count('<svg class="svg-chart__image"') == 3
    assert "Activiteiten per thema" in text and "Bilaterale en multilaterale balans" in text


def test_report_leads_to_the_nearest_years_with_records(seeded, manager_client):
    page = manager_client.get(reverse("report", args=[2021])).content.decode()
    assert f'href="{reverse("report", args=[2018])}"' in page  # not 2020: nothing is dated then
    assert f'href="{reverse("report", args=[2026])}"' in page
    assert f'href="{reverse("report", args=[2020])}"' not in page
    newest = manager_client.get(reverse("report", args=[2026])).context
    assert (newest["previous_year"], newest["next_year"]) == (2021, None)
    oldest = manager_client.get(reverse("report", args=[1971])).context
    assert (oldest["previous_year"], oldest["next_year"]) == (None, 2018)


def test_report_lists_the_agreements_ending_in_its_year(seeded, manager_client):
    report = manager_client.get(reverse("report", args=[2026])).context["report"]
    assert [a.title for a in report["agreements"]["ending"]] == [
        "Vernieuwd samenwerkingsakkoord Gent–Kanazawa 2021–2026"
    ]
    assert report["agreements"]["signed"] == []


def test_report_of_a_year_out_of_range_is_not_found(db, manager_client):
    assert manager_client.get(reverse("report", args=[10000])).status_code == 404


def count_queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["report", "report_pdf"])
def test_report_runs_the_same_queries_for_3_and_30_rows(db, manager_client, name):
    rows(3)
    url = reverse(name, args=[2021])
    few = count_queries(manager_client, url)
    rows(27, start=3)
    many = count_queries(manager_client, url)
    assert few == many
    assert many <= MAX_QUERIES


def test_report_index_runs_the_same_queries_for_3_and_30_rows(db, manager_client):
    rows(3)
    few = count_queries(manager_client, reverse("report_index"))
    rows(27, start=3)
    assert count_queries(manager_client, reverse("report_index")) == few <= MAX_QUERIES


@pytest.mark.parametrize("name", ["report", "report_pdf"])
def test_anonymous_user_is_sent_to_the_login_page(db, client, name):
    response = client.get(reverse(name, args=[2021]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", ["report", "report_pdf"])
def test_user_without_a_role_gets_403(db, client, django_user_model, name):
    client.force_login(make_user(django_user_model, "nobody"))
    assert client.get(reverse(name, args=[2021])).status_code == 403


def test_editor_reads_the_report(seeded, editor_client):
    assert editor_client.get(reverse("report", args=[2021])).status_code == 200


def test_home_page_and_menu_link_to_the_report(db, manager_client):
    from gentintl.dates import today

    html = manager_client.get(reverse("home")).content.decode()
    assert f'href="{reverse("report", args=[today().year])}"' in html
    assert f'href="{reverse("report_index")}"' in html


def fonts_of(reader: PdfReader) -> set[str]:
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


def test_report_downloads_as_an_a4_pdf_in_fira_sans(seeded, manager_client):
    response = manager_client.get(reverse("report_pdf", args=[2021]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="gentintl-jaarverslag-2021.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 4  # one section a page, at least
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            A4, abs=0.5
        )
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for expected in (
        "Internationale relaties van Gent in 2021",
        "Kerncijfers 2021",
        "Ondertekend in 2021",
        "Vernieuwd samenwerkingsakkoord Gent–Kanazawa",
        "10 november 2021",
        "Activiteiten per thema",
        "juli 2021",
        "datum onbekend",
        "Persberichten",
        "Bilaterale en multilaterale balans",
        "Waar Gent staat op",
    ):
        assert expected in text, expected
    assert "Zoeken in alles" not in text and "Partnerschappen Akkoorden" not in text  # no menu
    fonts = fonts_of(reader)
    assert fonts and all("Fira-Sans" in font for font in fonts), fonts

    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report-2021.pdf").write_bytes(response.content)
    if shutil.which("pdftoppm"):  # page images to look at (poppler-utils)
        prefix = ARTIFACTS / "report-2021-page"
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", str(ARTIFACTS / "report-2021.pdf"), str(prefix)],
            check=True,
        )
        assert len(list(ARTIFACTS.glob("report-2021-page-*.png"))) == len(reader.pages)


def test_pdf_fetches_only_this_sites_static_files(settings):
    fetcher = pdf.StaticFilesFetcher("testserver")
    css = fetcher.fetch("http://testserver/static/css/report.css")
    assert b"@page" in css.read() and css.content_type == "text/css"
    font = fetcher.fetch(
        "http://testserver/static/vendor/fira-sans/files/fira-sans-latin-400-normal.woff2"
    )
    assert font.read(4) == b"wOF2"
    for url in (
        "https://fonts.example.org/static/css/report.css",  # another host
        "http://testserver/partnerships/",  # a page, not a static file
        "http://testserver/static/../gentintl/settings.py",
        "http://testserver/static/css/missing.css",
        "file:///etc/passwd",
        "data:text/css,body{}",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_svg_bars_scale_to_the_largest_total_with_a_point_as_decimal_mark():
    chart = {
        "series": ["2021", "datum onbekend"],
        "rows": [{"label": "Cultuur", "values": [1, 2]}, {"label": "Sport", "values": [0, 1]}],
    }
    geometry = svg_charts.bars(chart)
    culture, sport = geometry["rows"]
    assert [s["value"] for s in culture["segments"]] == [1, 2]
    widest = sum(float(s["width"]) for s in culture["segments"])
    assert widest == pytest.approx(svg_charts.WIDTH - svg_charts.TOTAL_ROOM)
    assert len(sport["segments"]) == 1 and sport["segments"][0]["series"] == "datum onbekend"
    assert all("," not in s["x"] + s["width"] for row in geometry["rows"] for s in row["segments"])
    assert geometry["table"]["columns"] == ["2021", "datum onbekend"]


def test_pdf_finds_the_collected_static_files_of_production(settings, tmp_path):
    """With hashed names (whitenoise's manifest) the finders know nothing of the file:
    it is read from STATIC_ROOT, where collectstatic put it."""
    settings.STATIC_ROOT = tmp_path
    collected = tmp_path / "css" / "report.0123456789ab.css"
    collected.parent.mkdir()
    collected.write_text("@page { size: A4 }")
    fetcher = pdf.StaticFilesFetcher("intranet.example")
    response = fetcher.fetch("https://intranet.example/static/css/report.0123456789ab.css")
    assert response.read() == b"@page { size: A4 }"
    with pytest.raises(ValueError):
        fetcher.fetch("https://intranet.example/static/css/report.fedcba987654.css")
