"""The personal calendar feed (iCalendar): agreement ends, reminder deadlines and activities.

A calendar program (Outlook, Thunderbird, a phone) subscribes to the secret address shown
on the profile page and reads it again now and then. Only facts known to the day become
all-day events: an activity dated "2021" or an end known as "november 2026" has no day a
calendar could show without inventing one. Reminder deadlines are computed as
`send_reminders` computes them (from the last day of an end's month or year) and say
when the end itself is known less exactly. No personal data: titles, cities and links.
"""

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET
from icalendar import Calendar, Event

from gentintl.audit import audit
from gentintl.dates import period_end
from gentintl.models import CalendarToken
from partnerships.models import Activity, Agreement, PartnershipStatus
from partnerships.reminders import MONTHS_BEFORE, months_before

HISTORY_DAYS = 2 * 365  # how far back the feed goes: calendars need no distant past


def all_day(uid: str, day: datetime.date, summary: str, url: str, description: str = ""):
    event = Event()
    event.add("uid", f"{uid}@gentintl")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("summary", summary)
    event.add("url", url)
    event.add("description", f"{description}\n{url}".strip())
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    return event


def agreement_events(agreement: Agreement, absolute, since: datetime.date):
    url = absolute(agreement.get_absolute_url())
    city = agreement.partnership.city.name
    if agreement.valid_until_precision == "day" and agreement.valid_until >= since:
        yield all_day(
            f"agreement-{agreement.pk}-end",
            agreement.valid_until,
            _("End of agreement: %(title)s (%(city)s)") % {"title": agreement.title, "city": city},
            url,
        )
    ended = agreement.partnership.status == PartnershipStatus.ENDED
    if ended or agreement.replaced_by.all():
        return  # nothing to renew
    ends_on = period_end(agreement.valid_until, agreement.valid_until_precision)
    known = (
        ""
        if agreement.valid_until_precision == "day"
        else _("The end is known as %(end)s; counted from its last day.")
        % {"end": agreement.valid_until_display}
    )
    for months in MONTHS_BEFORE:
        day = months_before(ends_on, months)
        if day < since:
            continue
        yield all_day(
            f"agreement-{agreement.pk}-reminder-{months}",
            day,
            ngettext(
                "Reminder: %(title)s ends in %(months)s month",
                "Reminder: %(title)s ends in %(months)s months",
                months,
            )
            % {"title": agreement.title, "months": months},
            url,
            known,
        )


def activity_event(activity: Activity, absolute):
    url = absolute(activity.get_absolute_url())
    return all_day(
        f"activity-{activity.pk}",
        activity.occurred_on,
        f"{activity.get_kind_display().capitalize()}: {activity.title}",
        url,
    )


def calendar_for(user, absolute) -> Calendar:
    """The feed as `user` may see it, in three queries whatever the number of records."""
    since = timezone.localdate() - datetime.timedelta(days=HISTORY_DAYS)
    calendar = Calendar()
    calendar.add("prodid", "-//Stad Gent//gentintl//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "gentintl")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", datetime.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    if user.has_perm("partnerships.view_agreement"):
        agreements = (
            Agreement.objects.filter(valid_until__isnull=False)
            .select_related("partnership__city")
            .prefetch_related("replaced_by")
            .order_by("valid_until", "pk")
        )
        for agreement in agreements:
            for event in agreement_events(agreement, absolute, since):
                calendar.add_component(event)
    if user.has_perm("partnerships.view_activity"):
        activities = Activity.objects.filter(
            occurred_on_precision="day", occurred_on__gte=since
        ).order_by("occurred_on", "pk")
        for activity in activities:
            calendar.add_component(activity_event(activity, absolute))
    return calendar


@login_not_required  # the secret in the address is the credential: calendar programs
@require_GET  # cannot log in
def calendar_feed(request, token):
    found = CalendarToken.find(token)
    if found is None:
        raise Http404
    CalendarToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    audit("calendar_feed", request=request, user=found.user)
    with translation.override(settings.LANGUAGE_CODE):
        body = calendar_for(found.user, request.build_absolute_uri).to_ical()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="gentintl.ics"'
    response["Cache-Control"] = "no-store, private"
    return response
