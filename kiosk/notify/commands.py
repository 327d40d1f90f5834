"""`satupintu sms send` (one pass over the outbox: tests, cron) and `satupintu sms test
<number>` (check the modem from the command line, then send a test message)."""

from __future__ import annotations

import click


@click.group(help="SMS to citizens: send what is due, test the modem.")
def sms() -> None:
    """The `sms` command group."""


@sms.command("send")
def send_command() -> None:
    """Send every message that is due now, once (quiet hours and the daily cap hold)."""
    from kiosk.cli import _app
    from kiosk.notify.errors import SmsError
    from kiosk.notify.sender import current_sender, send_due

    app = _app()
    with app.app_context():
        try:
            sender = current_sender()
        except SmsError as error:
            raise click.ClickException(str(error)) from error
        report = send_due(sender)
    click.echo(
        f"Sent {report.sent}, handed to the spool {report.handed}, failed tries "
        f"{report.failed_tries}, held {report.held}, cancelled {report.cancelled}."
    )
    for reason in dict.fromkeys(report.errors):
        click.echo(f"  {reason}")


@sms.command("test")
@click.argument("number")
@click.option("--office", "office_code", default=None, help="Office code (default: the first).")
def test_command(number: str, office_code: str | None) -> None:
    """Check the modem (AT: SIM, signal, network) and send a test SMS to NUMBER."""
    from kiosk.cli import _app
    from kiosk.errors import DomainError
    from kiosk.notify.backends import AtSender
    from kiosk.notify.errors import SmsError
    from kiosk.notify.sender import current_sender, send_test
    from kiosk.offices.service import acting_as, settings_for_command

    app = _app()
    with app.app_context():
        try:
            office = settings_for_command(office_code)
            sender = current_sender()
        except DomainError as error:
            raise click.ClickException(error.message) from error
        except SmsError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"SMS sender: {sender.url}")
        if isinstance(sender, AtSender):
            try:
                with sender.modem() as modem:
                    modem.prepare()
                    for key, value in modem.status().items():
                        click.echo(f"  {key}: {value}")
            except SmsError as error:
                raise click.ClickException(f"Modem {sender.port}: {error}") from error
        with acting_as(office):
            try:
                message = send_test(office.id, number, None)
            except ValueError:
                raise click.ClickException(
                    f"{number!r} is not an Indonesian mobile number (e.g. 081234567890)"
                ) from None
        if message.state == "terkirim":
            click.echo(f"Test SMS sent to {message.phone} (reference {message.backend_ref}).")
        elif message.backend_ref:
            click.echo(f"Test SMS handed to the spool as {message.backend_ref}.")
        else:
            raise click.ClickException(f"Test SMS not sent: {message.last_error}")
