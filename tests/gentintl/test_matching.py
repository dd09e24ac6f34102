"""Existing records built on demand are the instances the queryset itself would give."""

from gentintl.matching import ExistingRecords
from partnerships.models import Activity, Contact, Partnership


def test_instances_equal_the_querysets_and_stay_the_same_objects(seeded):
    Contact.objects.create(email="", name="Zonder adres 1")
    Contact.objects.create(email="", name="Zonder adres 2")
    for model, keys in ((Contact, ("email",)), (Partnership, ("city_id",)), (Activity, ("title",))):
        attnames = [f.attname for f in model._meta.concrete_fields]
        expected = {tuple(getattr(o, a) for a in keys): o for o in model._base_manager.all()}
        existing = ExistingRecords(model, keys)
        assert len(existing.values()) == len(expected)
        for key, obj in expected.items():
            built = existing.get(key)
            assert built is existing.get(key)
            assert [getattr(built, a) for a in attnames] == [getattr(obj, a) for a in attnames]
            assert (built._state.adding, built._state.db) == (False, obj._state.db)
        assert existing.get(("nergens",)) is None
