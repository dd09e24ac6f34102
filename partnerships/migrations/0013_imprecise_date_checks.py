# The database holds every date known to a year or a month as its period's first day, and
# an end known to a year or a month may follow a start within that period.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0012_imprecise_dates_first_day"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="activity",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("occurred_on__isnull", True), ("occurred_on_precision", "")),
                    models.Q(
                        ("occurred_on__isnull", False),
                        models.Q(("occurred_on_precision", ""), _negated=True),
                        models.Q(
                            ("occurred_on_precision", "day"),
                            models.Q(("occurred_on__day", 1), ("occurred_on_precision", "month")),
                            models.Q(
                                ("occurred_on__day", 1),
                                ("occurred_on__month", 1),
                                ("occurred_on_precision", "year"),
                            ),
                            _connector="OR",
                        ),
                    ),
                    _connector="OR",
                ),
                name="partnerships_activity_occurred_on_precision",
            ),
        ),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("valid_from__isnull", True),
                    ("valid_until__isnull", True),
                    ("valid_until__gte", models.F("valid_from")),
                    models.Q(
                        ("valid_until__year__gte", models.F("valid_from__year")),
                        ("valid_until_precision", "year"),
                    ),
                    models.Q(
                        ("valid_until__year__gt", models.F("valid_from__year")),
                        ("valid_until_precision", "month"),
                    ),
                    models.Q(
                        ("valid_until__month__gte", models.F("valid_from__month")),
                        ("valid_until__year", models.F("valid_from__year")),
                        ("valid_until_precision", "month"),
                    ),
                    _connector="OR",
                ),
                name="partnerships_agreement_valid_until_after_from",
            ),
        ),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("signed_on__isnull", True), ("signed_on_precision", "")),
                    models.Q(
                        ("signed_on__isnull", False),
                        models.Q(("signed_on_precision", ""), _negated=True),
                        models.Q(
                            ("signed_on_precision", "day"),
                            models.Q(("signed_on__day", 1), ("signed_on_precision", "month")),
                            models.Q(
                                ("signed_on__day", 1),
                                ("signed_on__month", 1),
                                ("signed_on_precision", "year"),
                            ),
                            _connector="OR",
                        ),
                    ),
                    _connector="OR",
                ),
                name="partnerships_agreement_signed_on_precision",
            ),
        ),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("valid_from__isnull", True), ("valid_from_precision", "")),
                    models.Q(
                        ("valid_from__isnull", False),
                        models.Q(("valid_from_precision", ""), _negated=True),
                        models.Q(
                            ("valid_from_precision", "day"),
                            models.Q(("valid_from__day", 1), ("valid_from_precision", "month")),
                            models.Q(
                                ("valid_from__day", 1),
                                ("valid_from__month", 1),
                                ("valid_from_precision", "year"),
                            ),
                            _connector="OR",
                        ),
                    ),
                    _connector="OR",
                ),
                name="partnerships_agreement_valid_from_precision",
            ),
        ),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("valid_until__isnull", True), ("valid_until_precision", "")),
                    models.Q(
                        ("valid_until__isnull", False),
                        models.Q(("valid_until_precision", ""), _negated=True),
                        models.Q(
                            ("valid_until_precision", "day"),
                            models.Q(("valid_until__day", 1), ("valid_until_precision", "month")),
                            models.Q(
                                ("valid_until__day", 1),
                                ("valid_until__month", 1),
                                ("valid_until_precision", "year"),
                            ),
                            _connector="OR",
                        ),
                    ),
                    _connector="OR",
                ),
                name="partnerships_agreement_valid_until_precision",
            ),
        ),
        migrations.AddConstraint(
            model_name="euproject",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("started_on__isnull", True),
                    ("ended_on__isnull", True),
                    ("ended_on__gte", models.F("started_on")),
                    models.Q(
                        ("ended_on__year__gte", models.F("started_on__year")),
                        ("ended_on_precision", "year"),
                    ),
                    models.Q(
                        ("ended_on__year__gt", models.F("started_on__year")),
                        ("ended_on_precision", "month"),
                    ),
                    models.Q(
                        ("ended_on__month__gte", models.F("started_on__month")),
                        ("ended_on__year", models.F("started_on__year")),
                        ("ended_on_precision", "month"),
                    ),
                    _connector="OR",
                ),
                name="partnerships_euproject_ended_after_started",
            ),
        ),
        migrations.AddConstraint(
            model_name="euproject",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("started_on__isnull", True), ("started_on_precision", "")),
                    models.Q(
                        ("started_on__isnull", False),
                        models.Q(("started_on_precision", ""), _negated=True),
                        models.Q(
                            ("started_on_precision", "day"),
                            models.Q(("started_on__day", 1), ("started_on_precision", "month")),
                            models.Q(
                                ("started_on__day", 1),
                                ("started_on__month", 1),
                                ("started_on_precision", "year"),
                            ),
                            _connector="OR",
                        ),
                    ),
                    _connector="OR",
                ),
                name="partnerships_euproject_started_on_precision",
            ),
        ),
        migrations.AddConstraint(
            model_name="euproject",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("ended_on__isnull", True), ("ended_on_precision", "")),
                    models.Q(
                        ("ended_on__isnull", False),
                        models.Q(("ended_on_precision", ""), _negated=True),
                        models.Q(
                            ("ended_on_precision", "day"),
                            models.Q(("ended_on__day", 1), ("ended_on_precision", "month")),
                            models.Q(
                                ("ended_on__day", 1),
                                ("ended_on__month", 1),
                                ("ended_on_precision", "year"),
                            ),
                            _connector="OR",
                        ),
                    ),
                    _connector="OR",
                ),
                name="partnerships_euproject_ended_on_precision",
            ),
        ),
        migrations.AddConstraint(
            model_name="network",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("member_since__isnull", True), ("member_since_precision", "")),
                    models.Q(
                        ("member_since__isnull", False),
                        models.Q(("member_since_precision", ""), _negated=True),
                        models.Q(
                            ("member_since_precision", "day"),
                            models.Q(("member_since__day", 1), ("member_since_precision", "month")),
                            models.Q(
                                ("member_since__day", 1),
                                ("member_since__month", 1),
                                ("member_since_precision", "year"),
                            ),
                            _connector="OR",
                        ),
                    ),
                    _connector="OR",
                ),
                name="partnerships_network_member_since_precision",
            ),
        ),
        migrations.AddConstraint(
            model_name="partnership",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("began_on__isnull", True),
                    ("ended_on__isnull", True),
                    ("ended_on__gte", models.F("began_on")),
                    models.Q(
                        ("ended_on__year__gte", models.F("began_on__year")),
                        ("ended_on_precision", "year"),
                    ),
                    models.Q(
                        ("ended_on__year__gt", models.F("began_on__year")),
                        ("ended_on_precision", "month"),
                    ),
                    models.Q(
                        ("ended_on__month__gte", models.F("began_on__month")),
                        ("ended_on__year", models.F("began_on__year")),
                        ("ended_on_precision", "month"),
                    ),
                    _connector="OR",
                ),
                name="partnerships_partnership_ended_after_began",
            ),
        ),
        migrations.AddConstraint(
            model_name="partnership",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("began_on__isnull", True), ("began_on_precision", "")),
                    models.Q(
                        ("began_on__isnull", False),
                        models.Q(("began_on_precision", ""), _negated=True),
                        models.Q(
                            ("began_on_precision", "day"),
                            models.Q(("began_on__day", 1), ("began_on_precision", "month")),
                            models.Q(
                                ("began_on__day", 1),
                                ("began_on__month", 1),
                                ("began_on_precision", "year"),
                            ),
                            _connector="OR",
                        ),
                    ),
                    _connector="OR",
                ),
                name="partnerships_partnership_began_on_precision",
            ),
        ),
        migrations.AddConstraint(
            model_name="partnership",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("ended_on__isnull", True), ("ended_on_precision", "")),
                    models.Q(
                        ("ended_on__isnull", False),
                        models.Q(("ended_on_precision", ""), _negated=True),
                        models.Q(
                            ("ended_on_precision", "day"),
                            models.Q(("ended_on__day", 1), ("ended_on_precision", "month")),
                            models.Q(
                                ("ended_on__day", 1),
                                ("ended_on__month", 1),
                                ("ended_on_precision", "year"),
                            ),
                            _connector="OR",
                        ),
                    ),
                    _connector="OR",
                ),
                name="partnerships_partnership_ended_on_precision",
            ),
        ),
        migrations.AddConstraint(
            model_name="partnershipstatuschange",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("changed_on__isnull", True), ("changed_on_precision", "")),
                    models.Q(
                        ("changed_on__isnull", False),
                        models.Q(("changed_on_precision", ""), _negated=True),
                        models.Q(
                            ("changed_on_precision", "day"),
                            models.Q(("changed_on__day", 1), ("changed_on_precision", "month")),
                            models.Q(
                                ("changed_on__day", 1),
                                ("changed_on__month", 1),
                                ("changed_on_precision", "year"),
                            ),
                            _connector="OR",
                        ),
                    ),
                    _connector="OR",
                ),
                name="partnerships_partnershipstatuschange_changed_on_precision",
            ),
        ),
    ]
