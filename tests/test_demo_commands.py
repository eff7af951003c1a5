"""The demo's commands: the users printed on every run, and a reset that asks first."""
from sqlalchemy import func, select

from labnet.extensions import db
from labnet.labs.models import Lab
from tests.helpers import make_lab


def test_seed_demo_prints_the_demo_users_on_every_run_not_only_the_first(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["labnet", "seed-demo"])
    again = runner.invoke(args=["labnet", "seed-demo"])
    assert first.exit_code == 0 and again.exit_code == 0
    assert "already loaded; nothing changed" in again.output
    for output in (first.output, again.output):
        assert "labnet-demo-2026" in output
        assert "coordinator   coordinator@labnet.example" in output
        assert "border_agent  border@labnet.example" in output


def test_reset_demo_refused_at_the_prompt_changes_nothing(app):
    make_lab("KE", name="A lab someone added")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["labnet", "reset-demo"], input="n\n")
    assert result.exit_code == 1 and "Go on?" in result.output
    assert db.session.scalar(select(Lab.name)) == "A lab someone added"


def test_reset_demo_confirmed_leaves_only_the_demo(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["labnet", "seed-demo"])
    make_lab("KE", name="A lab someone added")
    db.session.commit()
    result = runner.invoke(args=["labnet", "reset-demo", "--yes"])
    assert result.exit_code == 0, result.output
    assert "The demo was reset: 46 labs" in result.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Lab.id))) == 46
    assert db.session.scalar(select(Lab.id).where(Lab.name == "A lab someone added")) is None
