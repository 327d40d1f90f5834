"""The `satupintu` command: serve, init-db, demo, kiosk-code, print-test, reprint, backup,
restore, sms."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import Flask

from kiosk.config import ConfigError


def _app() -> Flask:
    from kiosk import create_app

    try:
        return create_app()
    except ConfigError as error:
        raise click.ClickException(str(error)) from error


@click.group(help="Satu Pintu: village office kiosk, queue and file tracking.")
def main() -> None:
    """Entry point of the console script."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--https",
    is_flag=True,
    help="HTTPS also on a loopback --host (other hosts always get HTTPS).",
)
@click.option(
    "--behind-proxy",
    is_flag=True,
    help="Plain HTTP for a TLS proxy in front; trust its X-Forwarded-* headers.",
)
@click.option(
    "--connections",
    default=1000,
    show_default=True,
    type=click.IntRange(min=10),
    help="Open connections at most (each open waiting-room display holds one).",
)
def serve(host: str, port: int, https: bool, behind_proxy: bool, connections: int) -> None:
    """Serve the kiosk, staff pages and API (gunicorn, one gevent worker)."""
    os.environ["SATUPINTU_LISTEN_HOST"] = host
    from kiosk.instance import serving
    from kiosk.server import ServeOptions
    from kiosk.server import serve as run_server

    if https and behind_proxy:
        raise click.UsageError("--https and --behind-proxy exclude each other.")
    # Only the configuration here: the app itself is built in the worker, after gevent has
    # patched the standard library (locks made before that would block every greenlet).
    configured = _configured_only()
    config = configured.config
    click.echo(f"Satu Pintu: {config['OFFICE_NAME']}")
    click.echo(f"Receipt QR codes point to {config['BASE_URL']}/s/…")
    options = ServeOptions(host, port, https, behind_proxy, connections)
    instance = Path(configured.instance_path)
    with serving(instance):  # `satupintu restore` refuses while this is held
        run_server(options, str(config["OFFICE_NAME"]), instance)


def _configured_only() -> Flask:
    """A Flask object with the configuration loaded and checked, and nothing else."""
    from kiosk import bare_app
    from kiosk.config import load_config

    app = bare_app()
    try:
        load_config(app, None)
    except ConfigError as error:
        raise click.ClickException(str(error)) from error
    return app


@main.command("init-db")
def init_db() -> None:
    """Create or upgrade the database and load the shipped service catalogue."""
    from kiosk.setup import initialise

    app = _app()
    report = initialise(app)
    click.echo(
        f"Database ready. Added {report.services} services, {report.groups} groups, "
        f"{report.holidays} holidays; {report.requirements} new requirements, "
        f"{report.retired} retired. Services switched off: {report.services_retired}; "
        f"texts corrected: {report.corrected}."
    )


@main.command()
def demo() -> None:
    """Seed a demo office: catalogue, a week of past tickets, a file printer with PNG previews."""
    from kiosk.demo import seed_demo, write_demo_config

    config_path = write_demo_config(_app())
    app = _app()  # again, now with the demo configuration
    summary = seed_demo(app)
    click.echo(f"Demo office ready ({config_path}). {summary}")
    click.echo(f"Printed receipts appear as PNG files in {app.config['RECEIPT_PREVIEW_DIR']}")


@main.command("create-user")
@click.option("--username", required=True)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of a prompt.",
)
@click.option(
    "--role", required=True, type=click.Choice(["admin", "petugas", "lapangan", "kepala"])
)
@click.option("--name", "display_name", default="", help="Name shown in the staff pages.")
@click.option("--office", "office_code", default=None, help="Office code (default: the first).")
@click.option(
    "--regency",
    is_flag=True,
    help="A regency account: reads every office's files and reports, serves at no counter.",
)
@click.option(
    "--kecamatan",
    default="",
    help="With --regency: only the offices of this kecamatan (6-digit code), e.g. a camat.",
)
def create_user_command(
    username: str,
    password_stdin: bool,
    role: str,
    display_name: str,
    office_code: str | None,
    regency: bool,
    kecamatan: str,
) -> None:
    """Create a staff account with its own password (never on the command line)."""
    from kiosk.auth.service import create_user
    from kiosk.errors import DomainError
    from kiosk.offices.service import settings_for_command

    if regency and office_code:
        raise click.UsageError("--office and --regency exclude each other.")
    if kecamatan and not regency:
        raise click.UsageError("--kecamatan needs --regency.")

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(
            "Password (at least 10 characters)", hide_input=True, confirmation_prompt=True
        )
    app = _app()
    with app.app_context():
        try:
            office_id = None if regency else settings_for_command(office_code).id
            user = create_user(
                username,
                password,
                role,
                display_name,
                office_id=office_id,
                kecamatan_scope=kecamatan,
            )
        except DomainError as error:
            raise click.ClickException(error.message) from error
        where = f"office {office_id}"
        if regency:
            where = f"kecamatan {kecamatan} of the regency" if kecamatan else "the regency"
        click.echo(f"Created {user.role} account '{user.username}' ({where}).")


@main.group()
def office() -> None:
    """Offices on this server (a regency server holds many)."""


@office.command("add")
@click.argument("code")
@click.option("--name", required=True, help='The office\'s name, e.g. "Kantor Desa Sukamaju".')
@click.option("--hours", default=None, help="Office hours (default: the first office's).")
@click.option("--timezone", default=None, help="Time zone (default: the first office's).")
def office_add(code: str, name: str, hours: str | None, timezone: str | None) -> None:
    """Add an office with its own copy of the service catalogue; edit it at /admin/kantor."""
    from kiosk.errors import DomainError
    from kiosk.offices.service import create_office

    settings = {"office_hours": hours, "timezone": timezone}
    app = _app()
    with app.app_context():
        try:
            added = create_office(code, name, **{k: v for k, v in settings.items() if v})
        except DomainError as error:
            raise click.ClickException(error.message) from error
        click.echo(f"Office '{added.code}' added: {added.name}.")


@office.command("list")
def office_list() -> None:
    """Every office: code, name, hours, time zone."""
    from kiosk.offices.service import all_offices

    app = _app()
    with app.app_context():
        for each in all_offices():
            state = "" if each.active else " (inactive)"
            click.echo(f"{each.code}\t{each.name}{state}\t{each.office_hours}\t{each.timezone}")


@main.command("kiosk-code")
@click.option("--name", required=True, help='The kiosk\'s name, e.g. "Kios depan".')
@click.option(
    "--printer", "printer_url", default=None, help="Its own printer URL (default: the office's)."
)
@click.option("--office", "office_code", default=None, help="Office code (default: the first).")
def kiosk_code(name: str, printer_url: str | None, office_code: str | None) -> None:
    """Print a one-time code that pairs a kiosk screen (type it at /kios/pasang on the kiosk)."""
    from kiosk.devices.service import CODE_VALID, code_for_new_kiosk
    from kiosk.errors import DomainError
    from kiosk.offices.service import settings_for_command

    app = _app()
    with app.app_context():
        try:
            office = settings_for_command(office_code)
            if not office.id:
                raise click.ClickException("No office yet: run `satupintu init-db` first.")
            device, code = code_for_new_kiosk(name, printer_url, office.id)
        except DomainError as error:
            raise click.ClickException(error.message) from error
        minutes = int(CODE_VALID.total_seconds() // 60)
        click.echo(
            f"Kiosk pairing code for '{device.name}': {code} (valid {minutes} minutes, once). "
            f"On the kiosk open {office.base_url}/kios/pasang and type it."
        )


@main.command("print-test")
@click.option(
    "--png",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also save the sample receipt as a PNG here.",
)
@click.option("--office", "office_code", default=None, help="Office code (default: the first).")
def print_test(png: Path | None, office_code: str | None) -> None:
    """Print a sample receipt on the office's printer (set in /admin/kantor; before init-db,
    SATUPINTU_PRINTER)."""
    import printer
    from kiosk.demo import sample_receipt
    from kiosk.errors import DomainError
    from kiosk.offices.service import acting_as, settings_for_command

    app = _app()
    with app.app_context():
        try:
            office = settings_for_command(office_code)
        except DomainError as error:
            raise click.ClickException(error.message) from error
        with acting_as(office):
            receipt = sample_receipt()
        paper = printer.paper_for(office.printer_paper)
        if png:
            printer.render_png(receipt, paper).save(png)
            click.echo(f"Preview saved to {png}")
        try:
            printer.print_receipt(
                receipt,
                office.printer,
                paper=paper,
                timeout=float(app.config["PRINTER_TIMEOUT"]),
                profile=office.printer_profile,
            )
        except printer.PrinterError as error:
            raise click.ClickException(f"Printer {office.printer}: {error}") from error
    click.echo(f"Sample receipt sent to {office.printer} ({paper.name}).")


@main.command()
@click.argument("number_or_code")
@click.option("--day", default=None, help="Date of the ticket (YYYY-MM-DD), default today.")
def reprint(number_or_code: str, day: str | None) -> None:
    """Reprint a ticket's receipt, by number (A-007) or tracking code."""
    from kiosk.printing.jobs import reprint as queue_reprint
    from kiosk.queue.service import find_ticket_for_staff

    app = _app()
    app.config["PRINT_SYNC"] = True
    with app.app_context():
        ticket = find_ticket_for_staff(number_or_code, day)
        if ticket is None:
            raise click.ClickException(f"No ticket {number_or_code} found.")
        job = queue_reprint(ticket)
        if job.status != "printed":
            raise click.ClickException(f"Reprint of {ticket.label} failed: {job.error}")
        click.echo(f"Reprinted {ticket.label}.")


@main.command()
@click.option(
    "--dest",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the copies. Default: backups/ in the instance folder.",
)
@click.option("--keep", default=14, show_default=True, type=click.IntRange(min=1))
def backup(dest: Path | None, keep: int) -> None:
    """Copy the database (safe while serving) and keep the newest KEEP copies."""
    from kiosk.backup import BackupError, make_backup

    app = _app()
    try:
        path = make_backup(app.config["DATABASE_URL"], dest or _backups(app), keep)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written: {path}")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Restore without asking.")
def restore(file: Path, yes: bool) -> None:
    """Put the database back as it was in backup FILE (stop `satupintu serve` first)."""
    from kiosk.backup import BackupError, restore_backup
    from kiosk.db import upgrade_schema
    from kiosk.instance import server_running

    app = _app()
    if server_running(Path(app.instance_path)):
        raise click.ClickException("Satu Pintu is still running. Stop `satupintu serve` first.")
    if not yes:
        click.confirm(f"Replace every record with the contents of {file.name}?", abort=True)
    try:
        safety = restore_backup(app.config["DATABASE_URL"], file, _backups(app))
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    upgrade_schema(app)  # an older backup gets the newer tables
    click.echo(f"Restored {file.name}. The database as it was is kept in {safety}.")


def _backups(app: Flask) -> Path:
    return Path(app.instance_path) / "backups"


from kiosk.notify.commands import sms  # noqa: E402  (its commands build the app through _app)

main.add_command(sms)

if __name__ == "__main__":
    main()
