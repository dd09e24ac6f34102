"""Downloads of a dashboard list: XLSX, and CSV that Belgian Excel opens as it should.

The rows come from the same fast path as the admin export (`exporting`): values read
as tuples and rendered column by column, cells that a spreadsheet would run as a
formula neutralised in CSV (marked as text in XLSX), CSV with `;` between columns and a
byte order mark so that Excel reads UTF-8.
"""

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from gentintl.spreadsheets import exporting

FORMATS = {fmt: exporting.CONTENT_TYPES[fmt] for fmt in ("csv", "xlsx")}


def response(resource, queryset, fmt: str, filename: str, names=None) -> HttpResponse:
    """The download of `queryset` in `fmt`, with the columns of `resource` (only those in
    `names`, when given). CSV is streamed; XLSX is built whole (a zip file)."""
    headers, rows = exporting.export_rows(resource, queryset, names=names)
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    if fmt == "csv":
        result = StreamingHttpResponse(
            exporting.csv_chunks(headers, rows), content_type=FORMATS[fmt]
        )
    else:
        numeric = exporting.numeric_columns(resource, names=names)
        data = exporting.write(fmt, headers, rows, numeric=numeric)
        result = HttpResponse(data, content_type=FORMATS[fmt])
    result["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{fmt}"'
    return result
