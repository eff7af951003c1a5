from labnet.extensions import db


class Region(db.Model):
    """A UN M49 area (world, region, sub-region or intermediate region)."""

    __tablename__ = "regions"
    code = db.Column(db.String(3), primary_key=True)
    name = db.Column(db.String(80), nullable=False)
    parent_code = db.Column(db.String(3), db.ForeignKey("regions.code"), index=True)


class Country(db.Model):
    """An ISO 3166-1 country with its M49 region (continent) and finest M49 subregion."""

    __tablename__ = "countries"
    code = db.Column(db.String(2), primary_key=True)
    alpha3 = db.Column(db.String(3), nullable=False, unique=True)
    numeric = db.Column(db.String(3), nullable=False)
    name = db.Column(db.String(120), nullable=False)
    region_code = db.Column(db.String(3), db.ForeignKey("regions.code"), index=True)
    subregion_code = db.Column(db.String(3), db.ForeignKey("regions.code"), index=True)
    latitude = db.Column(db.Float)
    longitude = db.Column(db.Float)


class Element(db.Model):
    """A genetic element targeted by screening assays (promoter, terminator, gene, marker)."""

    __tablename__ = "elements"
    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(40), nullable=False, unique=True)
    name = db.Column(db.String(200), nullable=False)
    kind = db.Column(db.String(20), nullable=False)
    source_organism = db.Column(db.String(120))
    aliases = db.relationship("ElementAlias", back_populates="element", cascade="all, delete-orphan")

    __table_args__ = (
        db.CheckConstraint(
            "kind IN ('promoter','terminator','gene','marker','other')", name="kind"
        ),
    )


class ElementAlias(db.Model):
    __tablename__ = "element_aliases"
    id = db.Column(db.Integer, primary_key=True)
    element_id = db.Column(
        db.Integer, db.ForeignKey("elements.id", ondelete="CASCADE"), nullable=False, index=True
    )
    alias = db.Column(db.String(60), nullable=False)
    # lower-cased alias: lookups are case-insensitive and must hit an index
    alias_key = db.Column(db.String(60), nullable=False, unique=True)
    element = db.relationship("Element", back_populates="aliases")
