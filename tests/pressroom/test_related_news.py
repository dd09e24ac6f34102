"""Related news: one record per item, shared by the releases that list it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from pressroom.models import NewsItem, PressRelease
from pressroom.parsing import parse_release
from pressroom.services import press_release_save_parsed
from seeds.loaders import DATA_DIR

BEFORE = [("pressroom", "0004_search_vector_inline")]
AFTER = [("pressroom", "0006_related_news_items_shared")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_migration_merges_the_copies_of_an_item():
    old = migrate(BEFORE)
    OldRelease = old.get_model("pressroom", "PressRelease")
    RelatedNews = old.get_model("pressroom", "RelatedNews")
    first = OldRelease.objects.create(number=1, slug="een", title="Een", url="https://x/1-een")
    second = OldRelease.objects.create(number=2, slug="twee", title="Twee", url="https://x/2-twee")
    RelatedNews.objects.create(press_release=first, position=1, title="Gedeeld", summary="")
    RelatedNews.objects.create(press_release=first, position=2, title="Alleen", summary="a.")
    RelatedNews.objects.create(press_release=second, position=1, title="Gedeeld", summary="s.")
    try:
        new = migrate(AFTER)
        items = new.get_model("pressroom", "NewsItem").objects
        listings = new.get_model("pressroom", "RelatedNews").objects.order_by(
            "press_release__number", "position"
        )
        shared = items.get(title="Gedeeld")
        assert items.count() == 2
        assert shared.summary == "s."  # the first non-empty summary of its copies
        assert [(r.press_release.number, r.position, r.item.title) for r in listings] == [
            (1, 1, "Gedeeld"),
            (1, 2, "Alleen"),
            (2, 1, "Gedeeld"),
        ]
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_a_second_release_listing_an_item_shares_its_record(seeded):
    text = (DATA_DIR / "004_01032d92058fc276.txt").read_text(encoding="utf-8-sig")
    parsed = parse_release(text.replace("stad.gent/204182-", "stad.gent/999001-"))
    before = NewsItem.objects.count()
    press_release_save_parsed(parsed=parsed, title="Een titel", language="nl")
    assert NewsItem.objects.count() == before
    copy = PressRelease.objects.get(number=999001)
    original = PressRelease.objects.get(number=204182)
    assert {r.item_id for r in copy.related_news.all()} == {
        r.item_id for r in original.related_news.all()
    }
