import csv
import io

from click.testing import CliRunner
from sqlalchemy import func, select

from labnet.extensions import db
from labnet.labs.csv_io import EXPORT_COLUMNS
from labnet.labs.models import Lab
from tests.helpers import make_lab, make_network

HEADER = "name,country,city,turnaround_days,matrices,networks\n"


def run(app, *args, input=None):
    return CliRunner().invoke(app.cli, ["labnet", *args], input=input, catch_exceptions=False)


def test_import_with_one_bad_row_reports_every_problem_and_imports_nothing(app, tmp_path):
    make_network(name="East")
    db.session.commit()
    path = tmp_path / "labs.csv"
    path.write_text(HEADER + "Good Lab,KE,Nairobi,5,grain;seed,East\n"
                    "Bad Country,XX,Nowhere,5,grain,\n"
                    "Bad Days,KE,Nairobi,-3,soup,Nope\n")
    result = run(app, "import-labs", str(path))
    assert result.exit_code == 1
    assert "nothing was imported" in result.output
    assert "line 3: country" in result.output
    assert "line 4: matrices" in result.output and "line 4: turnaround_days" in result.output
    assert "line 4: networks: unknown network 'Nope'" in result.output
    assert db.session.scalar(select(func.count()).select_from(Lab)) == 0


def test_import_then_export_round_trip(app, tmp_path):
    make_network(name="East")
    db.session.commit()
    path = tmp_path / "labs.csv"
    path.write_text(HEADER + "Good Lab,KE,Nairobi,5,grain;seed,East\nOther,PE,Lima,,,\n")
    result = run(app, "import-labs", str(path))
    assert result.exit_code == 0 and "Imported 2 labs" in result.output
    lab = db.session.scalar(select(Lab).where(Lab.name == "Good Lab"))
    assert lab.location_source == "geocoded" and [n.name for n in lab.networks] == ["East"]
    out = tmp_path / "out.csv"
    assert run(app, "export-labs", str(out)).exit_code == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 3 and "Good Lab,,KE,Nairobi" in lines[1] and lines[1].endswith(",false")


def test_create_user_reads_the_password_from_stdin(app):
    result = run(app, "create-user", "root@example.org", "--role", "admin",
                 input="a long enough password\n")
    assert result.exit_code == 0, result.output
    short = run(app, "create-user", "x@example.org", "--role", "admin", input="short\n")
    assert short.exit_code != 0 and "12 characters" in short.output


def test_export_neutralises_formulas_and_starts_with_a_bom(app, tmp_path):
    for name in ('=HYPERLINK("http://evil.example","Click")', "=cmd|' /C calc'!A0",
                 "@SUM(1+1)", "+1", "-1", "\tTab Lab", "MON-ØØ81Ø-6 Lab"):
        make_lab("KE", name=name)
    db.session.commit()
    out = tmp_path / "out.csv"
    assert run(app, "export-labs", str(out)).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    names = {row["name"] for row in rows}
    assert names == {"'=HYPERLINK(\"http://evil.example\",\"Click\")", "'=cmd|' /C calc'!A0",
                     "'@SUM(1+1)", "'+1", "'-1", "'\tTab Lab", "MON-ØØ81Ø-6 Lab"}
    # numbers stay numbers, even negative ones
    assert {row["latitude"].lstrip("-").replace(".", "").isdigit() for row in rows} == {True}


def test_an_empty_export_still_has_its_header(app, tmp_path):
    out = tmp_path / "out.csv"
    assert run(app, "export-labs", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8-sig").splitlines() == [",".join(EXPORT_COLUMNS)]
