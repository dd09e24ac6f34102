"""Change counters (gentintl/counters.py) on every table the apps have so far; a later
migration that creates a table adds its counter with the same operation."""

from django.db import migrations

from gentintl.spreadsheets.counters import CountChanges


class Migration(migrations.Migration):

    dependencies = [
        ('admin', '0003_logentry_add_action_flag_choices'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('axes', '0010_accessattemptexpiration'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('gentintl', '0006_calendar_token'),
        ('partnerships', '0014_partnership_responsible_and_reminders'),
        ('pressroom', '0006_related_news_items_shared'),
        ('sessions', '0001_initial'),
    ]

    operations = [
        CountChanges(
            [
                'auth_group',
                'auth_group_permissions',
                'auth_permission',
                'auth_user',
                'auth_user_groups',
                'auth_user_user_permissions',
                'axes_accessattempt',
                'axes_accessattemptexpiration',
                'axes_accessfailurelog',
                'axes_accesslog',
                'django_admin_log',
                'django_content_type',
                'django_session',
                'gentintl_calendartoken',
                'gentintl_importrun',
                'partnerships_activity',
                'partnerships_activity_ghent_organisations',
                'partnerships_activity_partner_organisations',
                'partnerships_activity_themes',
                'partnerships_agreement',
                'partnerships_agreement_themes',
                'partnerships_city',
                'partnerships_contact',
                'partnerships_euproject',
                'partnerships_euproject_partner_cities',
                'partnerships_euproject_themes',
                'partnerships_historicalactivity',
                'partnerships_historicalactivity_ghent_organisations',
                'partnerships_historicalactivity_partner_organisations',
                'partnerships_historicalactivity_themes',
                'partnerships_historicalagreement',
                'partnerships_historicalagreement_themes',
                'partnerships_historicalcity',
                'partnerships_historicalcontact',
                'partnerships_historicaleuproject',
                'partnerships_historicaleuproject_partner_cities',
                'partnerships_historicaleuproject_themes',
                'partnerships_historicalnetwork',
                'partnerships_historicalnetwork_themes',
                'partnerships_historicalorganisation',
                'partnerships_historicalpartnership',
                'partnerships_historicalpartnershipstatuschange',
                'partnerships_network',
                'partnerships_network_themes',
                'partnerships_organisation',
                'partnerships_partnership',
                'partnerships_partnership_responsible',
                'partnerships_partnershipstatuschange',
                'partnerships_reminder',
                'partnerships_theme',
                'pressroom_historicalpressrelease',
                'pressroom_historicalpressrelease_cities',
                'pressroom_historicalpressrelease_networks',
                'pressroom_historicalpressrelease_partnerships',
                'pressroom_historicalpressrelease_topics',
                'pressroom_historicalquote',
                'pressroom_newsitem',
                'pressroom_presscontact',
                'pressroom_pressrelease',
                'pressroom_pressrelease_cities',
                'pressroom_pressrelease_networks',
                'pressroom_pressrelease_partnerships',
                'pressroom_pressrelease_topics',
                'pressroom_quote',
                'pressroom_relatednews',
                'pressroom_topic',
            ]
        ),
    ]
