import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gentintl.lists import DashboardListView
from gentintl.pagination import BoundedPaginator
from partnerships.models import Contact
from tests.factories import rows


@pytest.fixture
def limit_5(monkeypatch):
    """Count at most 5 rows exactly, so that 30 rows are 'many'."""
    monkeypatch.setattr(BoundedPaginator, "count_limit", 5)


def test_a_small_list_is_counted_exactly(db):
    rows(4)
    paginator = BoundedPaginator(Contact.objects.order_by("pk"), 2)
    assert paginator.count == Contact.objects.count() == 4
    assert paginator.is_exact and not paginator.is_truncated
    assert paginator.num_pages == 2
    assert paginator.count_display == "4"
    assert paginator.page(2).end_index() == 4


def test_a_filtered_list_past_the_limit_says_more_than(db, limit_5):
    rows(12)
    paginator = BoundedPaginator(Contact.objects.filter(name__startswith="Contact"), 2)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 5
    assert len(queries) == 1
    assert paginator.count_is_lower_bound and paginator.is_truncated
    assert paginator.count_display in ("more than 5", "meer dan 5")
    # Only the pages that hold the first 5 rows can be opened.
    assert paginator.num_pages == 3
    last = paginator.page(3)
    assert not last.has_next()
    assert (last.start_index(), last.end_index()) == (5, 5)


@pytest.mark.postgres
def test_an_unfiltered_list_past_the_limit_shows_the_tables_estimate(db, limit_5):
    rows(30)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Contact._meta.db_table}")
    paginator = BoundedPaginator(Contact.objects.order_by("name"), 2)
    with CaptureQueriesContext(connection) as queries:
        counted = paginator.count
    assert len(queries) == 1
    assert counted == Contact.objects.count() == 30
    assert paginator.count_is_estimate and paginator.is_truncated
    assert paginator.num_pages == 3


def test_a_list_page_tells_when_pages_stop_short(db, editor_client, limit_5, monkeypatch):
    monkeypatch.setattr(DashboardListView, "paginate_by", 2)
    rows(30)
    url = reverse("partnerships:contact_list")
    first = editor_client.get(url, {"kind": "person"}).content.decode()
    assert "meer dan 5 resultaten" in first
    last = editor_client.get(url, {"kind": "person", "page": 3}).content.decode()
    assert "Verfijn de filters" in last
    assert editor_client.get(url, {"kind": "person", "page": 4}).status_code == 404


def test_the_page_links_leave_gaps_instead_of_listing_every_page(db, editor_client, monkeypatch):
    monkeypatch.setattr(DashboardListView, "paginate_by", 2)
    rows(30)
    response = editor_client.get(reverse("partnerships:contact_list"), {"page": 8})
    gap = response.context["page_obj"].paginator.ELLIPSIS
    assert response.context["page_numbers"] == [1, gap, 6, 7, 8, 9, 10, gap, 15]


def test_the_limit_note_shows_on_a_single_page_too(db, editor_client, limit_5):
    rows(8)
    page = editor_client.get(reverse("partnerships:contact_list"), {"kind": "person"})
    assert "meer dan 5 resultaten" in page.content.decode()
    assert "Verfijn de filters" in page.content.decode()


@pytest.mark.parametrize("order", [("name", "pk"), ("-organisation__name", "-pk")])
def test_a_later_page_holds_the_same_rows_as_a_plain_slice(db, order):
    rows(12)
    queryset = Contact.objects.select_related("organisation").order_by(*order)
    paginator = BoundedPaginator(queryset, 5)
    for number in (1, 2, 3):
        page = paginator.page(number)
        expected = list(queryset[(number - 1) * 5 : number * 5])
        assert list(page.object_list) == expected
        assert len(page) == len(expected)


def test_a_later_page_reads_its_rows_in_one_query(db, django_assert_num_queries):
    rows(12)
    paginator = BoundedPaginator(Contact.objects.select_related("organisation"), 5)
    paginator.count  # noqa: B018 - counted before, as the list view does
    with django_assert_num_queries(1):
        names = [contact.organisation.name for contact in paginator.page(2)]
    assert len(names) == 5


@pytest.mark.parametrize("empty", [Contact.objects.none(), Contact.objects.filter(pk__in=[])])
def test_a_list_no_row_can_match_counts_zero(db, empty):
    rows(2)
    paginator = BoundedPaginator(empty, 5)
    assert paginator.count == 0
    assert list(paginator.page(1).object_list) == []


def test_a_search_counts_fewer_rows_exactly_than_a_filter(db, editor_client, monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "count_limit", 8)
    monkeypatch.setattr(BoundedPaginator, "search_count_limit", 5)
    monkeypatch.setattr(DashboardListView, "paginate_by", 2)
    rows(12)
    url = reverse("partnerships:contact_list")
    filtered = editor_client.get(url, {"kind": "person"})
    assert filtered.context["paginator"].count_limit == 8
    assert "meer dan 8 resultaten" in filtered.content.decode()
    searched = editor_client.get(url, {"q": "Contact"})
    paginator = searched.context["paginator"]
    assert paginator.count_limit == 5 and paginator.count_is_lower_bound
    assert paginator.num_pages == 3
    assert "meer dan 5 resultaten" in searched.content.decode()
    assert editor_client.get(url, {"q": "Contact", "page": 4}).status_code == 404
    # A blank search is no search.
    assert editor_client.get(url, {"q": " "}).context["paginator"].count_limit == 8


def test_a_search_below_its_limit_is_counted_exactly(db, editor_client, monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "search_count_limit", 5)
    rows(12)
    response = editor_client.get(reverse("partnerships:contact_list"), {"q": "Contact 1"})
    paginator = response.context["paginator"]
    assert paginator.is_exact and paginator.count == 3  # 1, 10 and 11
