"""Renewal reminders, sent through a real SMTP server that the tests start (aiosmtpd)."""

import datetime
import email
import email.policy
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.urls import reverse

from gentintl import dates
from partnerships.models import Agreement, Reminder
from partnerships.reminders import due_moment, due_reminders, months_before, send_reminders
from tests.conftest import make_user

KANAZAWA = "Vernieuwd samenwerkingsakkoord Gent–Kanazawa 2021–2026"
ON = datetime.date(2026, 12, 3)  # a month before the Kanazawa agreement ends (2026)


class Inbox:
    """An SMTP handler that keeps what it receives, or refuses every recipient."""

    def __init__(self, refuse=False):
        self.refuse = refuse
        self.messages = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """Starts a real SMTP server and points the app's mail settings at it."""
    servers = []

    def start(refuse=False):
        inbox = Inbox(refuse)
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        servers.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
        settings.EMAIL_TIMEOUT = 5
        return inbox

    yield start
    for controller in servers:
        controller.stop()


@pytest.fixture
def dropping_server(settings):
    """A server that accepts the connection and hangs up at once, as a broken relay does."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def serve():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", listener.getsockname()[1]
    settings.EMAIL_TIMEOUT = 5
    yield
    stop.set()
    thread.join()
    listener.close()


@pytest.fixture
def responsible(seeded, django_user_model):
    """Kanazawa's partnership with one person responsible for it."""
    user = make_user(django_user_model, "ines", "Editors", is_staff=True, email="ines@stad.gent")
    Agreement.objects.get(title=KANAZAWA).partnership.responsible.add(user)
    return user


@pytest.fixture
def on(monkeypatch):
    monkeypatch.setattr(dates, "today", lambda: ON)


def test_months_before_keeps_the_day_or_takes_the_month_end():
    assert months_before(datetime.date(2026, 12, 31), 1) == datetime.date(2026, 11, 30)
    assert months_before(datetime.date(2024, 3, 31), 1) == datetime.date(2024, 2, 29)
    assert months_before(datetime.date(2026, 12, 31), 12) == datetime.date(2025, 12, 31)
    assert months_before(datetime.date(2027, 1, 15), 3) == datetime.date(2026, 10, 15)


@pytest.mark.parametrize(
    ("on_day", "expected"),
    [
        (datetime.date(2025, 12, 30), None),
        (datetime.date(2025, 12, 31), "12"),
        (datetime.date(2026, 6, 29), "12"),
        (datetime.date(2026, 6, 30), "6"),
        (datetime.date(2026, 9, 30), "3"),
        (datetime.date(2026, 11, 30), "1"),
        (datetime.date(2026, 12, 31), "1"),
        (datetime.date(2027, 1, 1), "ended"),
        (datetime.date(2027, 12, 31), "ended"),
        (datetime.date(2028, 1, 1), None),  # ended over a year ago: no reminder out of the blue
    ],
)
def test_only_the_nearest_moment_reached_is_due(on_day, expected):
    assert due_moment(datetime.date(2026, 12, 31), on_day) == expected


def test_a_year_only_end_counts_to_the_last_day_of_the_year(seeded):
    agreement = Agreement.objects.get(title=KANAZAWA)
    assert agreement.valid_until_precision == "year"
    [due] = due_reminders(ON)
    assert (due.agreement, due.moment, due.ends_on) == (agreement, "1", datetime.date(2026, 12, 31))


def test_dry_run_names_the_kanazawa_agreement_and_sends_nothing(responsible, on, smtp, capsys):
    inbox = smtp()

    call_command("send_reminders", "--dry-run")

    out = capsys.readouterr().out
    assert f"Zou verstuurd worden: {KANAZAWA} (Kanazawa), einde 31/12/2026" in out
    assert "1 maand voor het einde: aan ines@stad.gent" in out
    assert inbox.messages == [] and not Reminder.objects.exists()
    assert "1 herinnering te versturen; niets verstuurd." in out


def test_the_commands_output_follows_the_projects_language(responsible, on, smtp, settings, capsys):
    settings.LANGUAGE_CODE = "en"
    smtp()

    call_command("send_reminders", "--dry-run")
    call_command("send_reminders")

    out = capsys.readouterr().out
    assert f"Would send: {KANAZAWA} (Kanazawa), ends 31/12/2026, moment " in out
    assert "1 reminder to send; nothing sent." in out
    assert f"Sent: {KANAZAWA} (Kanazawa), ends 31/12/2026, moment " in out
    assert ": to ines@stad.gent" in out
    assert "1 sent, 0 not." in out
    assert "verstuurd" not in out


def test_a_reminder_is_delivered_once_in_dutch_with_a_link(responsible, on, smtp, capsys):
    inbox = smtp()

    call_command("send_reminders")
    call_command("send_reminders")  # the next day's cron, or a second run by hand

    [(to, message)] = inbox.messages
    assert to == ["ines@stad.gent"]
    # Django folds an encoded subject onto a line of its own; mail programs unfold it.
    assert message["Subject"].strip() == f"Loopt af over 1 maand: {KANAZAWA}"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    agreement = Agreement.objects.get(title=KANAZAWA)
    link = "http://127.0.0.1:8000" + reverse("partnerships:agreement_detail", args=[agreement.pk])
    assert "is geldig tot 2026 en er is nog geen akkoord dat het opvolgt" in text
    assert "Het loopt af binnen 1 maand" in text
    assert link in text and f'href="{link}"' in html
    [reminder] = Reminder.objects.all()
    assert (reminder.agreement, reminder.moment, reminder.recipients) == (
        agreement,
        "1",
        "ines@stad.gent",
    )
    assert "1 verstuurd, 0 niet." in capsys.readouterr().out


def test_a_refused_message_is_not_marked_sent_and_goes_out_on_the_next_run(
    responsible, on, smtp, capsys
):
    smtp(refuse=True)
    with pytest.raises(SystemExit):
        call_command("send_reminders")
    assert "Niet verstuurd" in capsys.readouterr().err
    assert not Reminder.objects.exists()

    inbox = smtp()
    call_command("send_reminders")
    assert len(inbox.messages) == 1 and Reminder.objects.count() == 1


def test_a_dropped_connection_marks_nothing_sent(responsible, on, dropping_server):
    outcome = send_reminders()
    assert [r.agreement.title for r, _ in outcome.failed] == [KANAZAWA]
    assert outcome.sent == [] and not Reminder.objects.exists()


def test_without_anyone_responsible_the_fallback_address_gets_it(seeded, on, smtp, settings):
    inbox = smtp()
    settings.REMINDERS_FALLBACK_TO = ["internationaal@stad.gent"]
    send_reminders()
    assert [to for to, _ in inbox.messages] == [["internationaal@stad.gent"]]


def test_without_anyone_to_send_to_nothing_is_marked_sent(seeded, on, smtp, settings):
    smtp()
    settings.REMINDERS_FALLBACK_TO = []
    outcome = send_reminders()
    assert [r.agreement.title for r in outcome.nobody] == [KANAZAWA]
    assert not Reminder.objects.exists()


def test_an_agreement_with_a_successor_gets_no_reminder(seeded):
    agreement = Agreement.objects.get(title=KANAZAWA)
    Agreement.objects.create(
        partnership=agreement.partnership,
        kind=agreement.kind,
        title="Samenwerkingsakkoord Gent–Kanazawa 2027–2031",
        replaces=agreement,
    )
    assert due_reminders(ON) == []


def test_the_reminder_log_is_readable_by_editors_and_written_by_nobody(
    responsible, on, smtp, editor_client
):
    smtp()
    send_reminders()
    changelist = editor_client.get(reverse("admin:partnerships_reminder_changelist"))
    assert changelist.status_code == 200
    assert KANAZAWA in changelist.content.decode()
    reminder = Reminder.objects.get()
    assert editor_client.post(reverse("admin:partnerships_reminder_delete", args=[reminder.pk]))
    assert Reminder.objects.filter(pk=reminder.pk).exists()


def test_editors_choose_who_is_responsible_among_the_staff(
    seeded, editor_client, django_user_model
):
    make_user(django_user_model, "ines", "Editors", is_staff=True, email="ines@stad.gent")
    make_user(django_user_model, "bert", "Managers", email="bert@stad.gent")  # no admin access
    partnership = Agreement.objects.get(title=KANAZAWA).partnership
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    field = editor_client.get(url).context["adminform"].form.fields["responsible"]
    assert sorted(user.username for user in field.queryset) == ["editor", "ines"]
