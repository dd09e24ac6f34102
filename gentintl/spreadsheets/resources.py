"""The base of every `<Model>Resource`: the options the engine plans with."""

from import_export import resources

from gentintl.spreadsheets.matching import KeyInstanceLoader


class GentResource(resources.ModelResource):
    """Common options: validate every row like the admin does, skip unchanged rows, match
    keys as the database compares them (an e-mail address in any case)."""

    class Meta:
        abstract = True
        instance_loader_class = KeyInstanceLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def after_write(self, changed: dict, *, user=None, reason: str = "") -> dict:
        """Called by the admin's import once the plan is written, in its transaction, with
        the attribute names each updated record changed ({pk: {"status", ...}}), so that a
        model can keep what follows from a change (a partnership's status history).

        Returns the records it created, {"app_label.model": [pk, ...]}: undoing the import
        deletes them too."""
        return {}
