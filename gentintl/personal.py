"""Personal data: which fields hold it, and who may see, search, filter and export them.

A model names its personal fields in `personal_fields` and the permission that shows them
in `personal_data_permission` (contacts: e-mail, phones and address). The admin and the
dashboard ask here, so that a field hidden on one page is hidden on every other, its
export and its lookups included.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP


def personal_model(model, lookup: str):
    """The model whose personal field the lookup path `lookup` ("contact__email__startswith")
    reaches from `model`, or None."""
    for part in lookup.split(LOOKUP_SEP):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None  # a transform or lookup ("startswith"): the path ends here
        if field.name in getattr(model, "personal_fields", ()):
            return model
        if not field.is_relation or field.related_model is None:
            return None
        model = field.related_model
    return None


def may_see(user, model) -> bool:
    """Whether `user` may see the personal fields of `model` (always, if it has none)."""
    permission = getattr(model, "personal_data_permission", None)
    return permission is None or (user is not None and user.has_perm(permission))


def may_use_lookup(user, model, lookup: str) -> bool:
    """Whether `user` may filter, search or sort `model` by the lookup path `lookup`."""
    reached = personal_model(model, lookup)
    return reached is None or may_see(user, reached)


def reached_by_column(model, resource_field):
    """The model whose personal field an export column shows, or None: the column's own
    attribute ("email"), or the key that names a related row ("Contact (e-mail)")."""
    attribute = resource_field.attribute or ""
    reached = personal_model(model, attribute) if attribute else None
    widget = resource_field.widget
    related, key = getattr(widget, "model", None), getattr(widget, "field", None)
    if reached is None and related is not None and isinstance(key, str):
        reached = personal_model(related, key)
    return reached


def export_names(resource, user) -> list[str] | None:
    """The names of the resource fields `user` may export; None when that is all of them."""
    model = resource._meta.model
    names, hidden = [], False
    for name, resource_field in resource.fields.items():
        reached = reached_by_column(model, resource_field)
        if reached is not None and not may_see(user, reached):
            hidden = True
        else:
            names.append(name)
    return names if hidden else None


def exports_personal_data(resource, names=None) -> bool:
    """Whether the export of `resource` (only the fields in `names`, if given) shows
    personal data: the audit log says so."""
    model = resource._meta.model
    return any(
        reached_by_column(model, resource_field) is not None
        for name, resource_field in resource.fields.items()
        if names is None or name in names
    )
