"""Labs to and from CSV: a whole file imports, or nothing does."""
import csv
import io

from marshmallow import ValidationError
from sqlalchemy import select

from labnet.audit.services import record_change, snapshot
from labnet.csvfiles import write_rows
from labnet.errors import DomainError
from labnet.extensions import db
from labnet.labs.models import Lab
from labnet.labs.schemas import LabSchema
from labnet.labs.services import build_lab
from labnet.networks.models import Network, NetworkMembership

COLUMNS = ["name", "institution", "country", "city", "address", "latitude", "longitude",
           "lab_type", "accepts_external_samples", "turnaround_days", "matrices",
           "contact_email", "networks"]
EXPORT_COLUMNS = ["id", *COLUMNS, "location_source", "region", "subregion", "accredited"]
LIST_SEPARATOR = ";"


def _row_to_input(row: dict) -> dict:
    data = {}
    for key in COLUMNS:
        value = (row.get(key) or "").strip()
        if key == "networks" or value == "":
            continue
        if key == "matrices":
            data[key] = [m.strip() for m in value.split(LIST_SEPARATOR) if m.strip()]
        elif key == "accepts_external_samples":
            data[key] = value.lower()
        else:
            data[key] = value
    return data


def read_labs(text: str, progress=None) -> tuple[list[tuple[dict, list[str]]], list[str]]:
    """Validate every row; returns ([(lab input, network names)], [error lines])."""
    reader = csv.DictReader(io.StringIO(text))
    missing = {"name", "country"} - set(reader.fieldnames or [])
    if missing:
        return [], [f"header: missing column(s) {', '.join(sorted(missing))}"]
    unknown = set(reader.fieldnames) - set(COLUMNS)
    if unknown:
        return [], [f"header: unknown column(s) {', '.join(sorted(unknown))}"]
    networks = {n.name: n for n in db.session.scalars(select(Network))}
    schema = LabSchema()
    rows, errors = [], []
    records = list(reader)
    for line, row in enumerate(progress(records) if progress else records, start=2):
        if None in row:
            errors.append(f"line {line}: more values than columns")
            continue
        names = [n.strip() for n in (row.get("networks") or "").split(LIST_SEPARATOR) if n.strip()]
        for name in names:
            if name not in networks:
                errors.append(f"line {line}: networks: unknown network {name!r}")
        try:
            data = schema.load(_row_to_input(row))
            with db.session.no_autoflush:
                build_lab(dict(data))  # checks the country and geocodes, discarded here
        except ValidationError as error:
            for field, messages in sorted(error.messages.items()):
                errors.append(f"line {line}: {field}: {' '.join(map(str, messages))}")
            continue
        except DomainError as error:
            for field, messages in sorted(error.errors.items()):
                errors.append(f"line {line}: {field}: {' '.join(map(str, messages))}")
            continue
        rows.append((data, names))
    db.session.expunge_all()
    return rows, errors


def import_labs(rows: list[tuple[dict, list[str]]]) -> list[Lab]:
    """Create the labs of already validated rows; the caller commits once for all."""
    networks = {n.name: n for n in db.session.scalars(select(Network))}
    labs = []
    for data, names in rows:
        lab = build_lab(data)
        db.session.add(lab)
        db.session.flush()
        for name in names:
            db.session.add(NetworkMembership(network_id=networks[name].id, lab_id=lab.id))
        record_change(None, "import", lab, snapshot(lab), lab_id=lab.id)
        labs.append(lab)
    return labs


def export_labs(out, labs) -> int:
    """Write every lab as CSV rows (formula-like text neutralised, csvfiles.py)."""
    return write_rows(out, EXPORT_COLUMNS, ({
        "id": lab.id, "name": lab.name, "institution": lab.institution,
        "country": lab.country_code, "city": lab.city, "address": lab.address,
        "latitude": lab.latitude, "longitude": lab.longitude, "lab_type": lab.lab_type,
        "accepts_external_samples": str(lab.accepts_external_samples).lower(),
        "turnaround_days": lab.turnaround_days,
        "matrices": LIST_SEPARATOR.join(lab.matrices),
        "contact_email": lab.contact_email,
        "networks": LIST_SEPARATOR.join(n.name for n in lab.networks),
        "location_source": lab.location_source, "region": lab.country.region_code,
        "subregion": lab.country.subregion_code,
        # "accredited" as a border agency relies on it: current and verified
        "accredited": str(lab.accreditation_verified).lower(),
    } for lab in labs))


def all_labs():
    return db.session.scalars(select(Lab).order_by(Lab.id)).unique()
