"""The `satupintu` command: serve, init-db, demo, print-test, reprint."""

from __future__ import annotations

import os
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
    run_server(options, str(config["OFFICE_NAME"]), Path(configured.instance_path))


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
        f"{report.holidays} holidays."
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
@click.option("--password", required=True, help="At least 8 characters.")
@click.option(
    "--role", required=True, type=click.Choice(["admin", "petugas", "lapangan", "kepala"])
)
@click.option("--name", "display_name", default="", help="Name shown in the staff pages.")
def create_user_command(username: str, password: str, role: str, display_name: str) -> None:
    """Create a staff account (the password is stored hashed)."""
    from kiosk.auth.service import create_user
    from kiosk.errors import DomainError

    app = _app()
    with app.app_context():
        try:
            user = create_user(username, password, role, display_name)
        except DomainError as error:
            raise click.ClickException(error.message) from error
        click.echo(f"Created {user.role} account '{user.username}'.")


@main.command("print-test")
@click.option(
    "--png",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also save the sample receipt as a PNG here.",
)
def print_test(png: Path | None) -> None:
    """Print a sample receipt on the configured printer (SATUPINTU_PRINTER)."""
    import printer
    from kiosk.demo import sample_receipt

    app = _app()
    with app.app_context():
        receipt = sample_receipt()
        paper = printer.paper_for(str(app.config["PRINTER_PAPER"]))
        if png:
            printer.render_png(receipt, paper).save(png)
            click.echo(f"Preview saved to {png}")
        try:
            printer.print_receipt(
                receipt,
                app.config["PRINTER"],
                paper=paper,
                timeout=float(app.config["PRINTER_TIMEOUT"]),
                profile=app.config["PRINTER_PROFILE"],
            )
        except printer.PrinterError as error:
            raise click.ClickException(f"Printer {app.config['PRINTER']}: {error}") from error
    click.echo(f"Sample receipt sent to {app.config['PRINTER']} ({paper.name}).")


@main.command()
@click.argument("number_or_code")
@click.option("--day", default=None, help="Date of the ticket (YYYY-MM-DD), default today.")
def reprint(number_or_code: str, day: str | None) -> None:
    """Reprint a ticket's receipt, by number (A-007) or tracking code."""
    from kiosk.queue.printing import reprint as queue_reprint
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


if __name__ == "__main__":
    main()
