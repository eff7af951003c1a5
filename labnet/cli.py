"""`flask --app wsgi labnet ...`: administration from the command line."""
import functools
import logging
import signal
import sys
import time

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import OperationalError

from labnet.accounts.services import create_user as make_user
from labnet.coverage.trends import record_snapshots
from labnet.demo.catalogue import load_catalogue
from labnet.demo.seed import DEMO_PASSWORD, demo_users, reset_demo, seed_demo
from labnet.demo.synth import synthesize
from labnet.errors import DomainError
from labnet.extensions import db
from labnet.labs.csv_io import all_labs, export_labs, import_labs, read_labs
from labnet.mail.delivery import deliver_once
from labnet.notifications.digest import send_digests
from labnet.reminders.services import send_reminders
from labnet.transactions import committed


class UnitOfWorkGroup(AppGroup):
    """Commands whose writes commit once, when the command ends without an error."""

    def command(self, *args, **kwargs):
        def decorator(callback):
            @functools.wraps(callback)
            def in_one_transaction(*a, **kw):
                with committed():
                    return callback(*a, **kw)
            return super(UnitOfWorkGroup, self).command(*args, **kwargs)(in_one_transaction)
        return decorator


labnet_cli = UnitOfWorkGroup("labnet", help="labnet administration.")


def init_app(app) -> None:
    app.cli.add_command(labnet_cli)


def _progress(label):
    def wrap(items):
        with click.progressbar(items, label=label, file=sys.stderr) as bar:
            yield from bar
    return wrap


@labnet_cli.command("create-user")
@click.argument("email")
@click.option("--role", required=True,
              type=click.Choice(["admin", "coordinator", "lab_manager", "border_agent"]))
@click.option("--name", default="")
@click.option("--organization", default=None)
def create_user(email, role, name, organization):
    """Create a user; the password is asked on the prompt or read from standard input."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = make_user(None, {"email": email, "password": password, "role": role, "name": name,
                           "organization": organization}, bootstrap=True)
    except DomainError as error:
        raise click.ClickException(error.detail) from None
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")


@labnet_cli.command("load-catalogue")
def load_catalogue_command():
    """Load the starter catalogue: real events, reference materials and methods."""

    added = load_catalogue()
    click.echo(", ".join(f"{n} {k.replace('_', ' ')}" for k, n in added.items()) + " added.")


@labnet_cli.command("seed-demo")
def seed_demo_command():
    """Load a fictional demo network of labs (with the real catalogue) and demo users."""

    result = seed_demo(progress=_progress("Demo labs"))
    if result.get("already_loaded"):
        click.echo("The demo network is already loaded; nothing changed.")
    else:
        click.echo(f"Loaded {result['labs']} labs in {result['countries']} countries and "
                   f"{result['networks']} networks.")
    _echo_demo_users()


def _echo_demo_users() -> None:
    users = demo_users()
    if not users:
        click.echo("No demo user is left in this database.")
        return
    click.echo(f"Demo users (each was given the password {DEMO_PASSWORD} when the demo was "
               "loaded; one changed since keeps its own):")
    for email, role, secret in users:
        click.echo(f"  {role:<13} {email}"
                   + (f"  two-factor secret {secret} (add it to an authenticator app)"
                      if secret else ""))


@labnet_cli.command("snapshot-coverage")
def snapshot_coverage_command():
    """Record this month's coverage and request times of every network and region (once a
    month: a second run in the same month adds nothing)."""

    added = record_snapshots()
    click.echo(f"Recorded {added} coverage snapshots for this month." if added else
               "This month's coverage snapshots were already recorded; nothing changed.")


@labnet_cli.command("reset-demo")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def reset_demo_command(yes):
    """Delete every lab, user, request and catalogue entry, then load the demo again."""

    url = db.engine.url.render_as_string(hide_password=True)
    if not yes:
        click.confirm(f"This deletes everything in {url} except the shipped reference data, "
                      "then loads the demo network again. Go on?", abort=True)
    reset_demo()
    result = seed_demo(progress=_progress("Demo labs"))
    click.echo(f"The demo was reset: {result['labs']} labs in {result['countries']} countries "
               f"and {result['networks']} networks.")
    _echo_demo_users()


@labnet_cli.command("import-labs")
@click.argument("path", type=click.File("r", encoding="utf-8-sig"))
def import_labs_command(path):
    """Import labs from CSV. Every row is checked first; any bad row imports nothing."""

    rows, errors = read_labs(path.read(), progress=_progress("Checking rows"))
    if errors:
        click.echo(f"{len(errors)} problem(s); nothing was imported:", err=True)
        for line in errors:
            click.echo(f"  {line}", err=True)
        sys.exit(1)
    labs = import_labs(rows)
    click.echo(f"Imported {len(labs)} labs.")


@labnet_cli.command("export-labs")
# with a byte order mark, so that spreadsheets read Ø and é as they are
@click.argument("path", type=click.File("w", encoding="utf-8-sig"), default="-")
def export_labs_command(path):
    """Export every lab as CSV (to PATH, or standard output)."""

    count = export_labs(path, all_labs())
    if path.name != "<stdout>":
        click.echo(f"Exported {count} labs.", err=True)


@labnet_cli.command("synth")
@click.option("--labs", default=5000, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--holdings", default=100_000, show_default=True, type=click.IntRange(0, 50_000_000))
@click.option("--events", default=1000, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--seed", default=1, show_default=True, type=click.IntRange(0, 99))
def synth_command(labs, holdings, events, seed):
    """Add a deterministic synthetic network (for benchmarks and load tests)."""

    result = synthesize(labs, holdings, events, seed, progress=_progress("Holdings"))
    db.session.commit()  # VACUUM below runs outside any transaction, on what this committed
    if db.engine.dialect.name == "postgresql":
        # after a bulk load, as autovacuum would do later: a visibility map, so that index-only
        # scans skip the table, and the statistics the planner costs them with
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    click.echo(f"Added {result['labs']} labs, {result['holdings']} holdings, {result['events']} "
               f"events, {result['capabilities']} capabilities in {result['networks']} networks.")


@labnet_cli.command("deliver-mail")
@click.option("--once", is_flag=True, help="One pass over the queue, then exit.")
@click.option("--interval", default=10.0, show_default=True, type=click.FloatRange(0.1, 3600),
              help="Seconds to wait when nothing is due.")
def deliver_mail_command(once, interval):
    """Send the queued mail through SMTP (MAIL_SERVER...), retrying with backoff.

    Several workers may run at once. Each claim and each outcome is committed as it happens
    (other workers must see them), not once at the end like other commands."""
    if once:
        counts = deliver_once()
        click.echo(f"{counts['sent']} sent, {counts['retry']} to retry, "
                   f"{counts['failed']} given up.")
        return
    stopping = []
    for stop in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop, lambda *_: stopping.append(True))
    log = logging.getLogger("labnet.mail")
    log.info("mail worker started (SMTP %s:%s)", current_app.config["MAIL_SERVER"],
             current_app.config["MAIL_PORT"])
    while not stopping:
        try:
            counts = deliver_once()
        except OperationalError as error:  # the database is away: wait, as for SMTP
            db.session.rollback()
            log.warning("mail worker cannot reach the database: %s", error.orig)
            counts = {}
        except Exception:  # logged; the claimed mail is retried when its lease ends
            db.session.rollback()
            log.exception("mail worker pass failed")
            counts = {}
        if not any(counts.values()):
            for _ in range(max(1, int(interval * 10))):  # a stop ends the wait at once
                if stopping:
                    break
                time.sleep(0.1)
    log.info("mail worker stopped")


@labnet_cli.command("send-reminders")
def send_reminders_command():
    """Queue expiry, stock and reconfirmation reminders due today (once per record and
    threshold); run once a day."""
    counts = send_reminders()
    click.echo(", ".join(f"{n} {what}" for what, n in counts.items()) + " reminded.")


@labnet_cli.command("send-digests")
def send_digests_command():
    """Queue each user's daily digest of the notices they get that way; run once a day."""
    click.echo(f"{send_digests()} digest(s) queued.")
