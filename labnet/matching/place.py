"""Where a match is made from, or where a partner is, as the ranking rules see it."""
from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import gettext as _

from labnet.i18n import Words


@dataclass
class Place:
    """A point (either coordinate may be unknown) and its M49 subregion, if known."""

    latitude: float | None
    longitude: float | None
    subregion: str | None = None

    @property
    def point(self):
        return (self.latitude, self.longitude)


def distance_phrase(distance: float | None, words: Words | None = None) -> str:
    """A distance as the reasons of a match say it (`words`: the catalogue looked up once)."""
    if words is None:
        if distance is None:
            return _("distance unknown")
        return _("%(distance)s km away", distance=format_decimal(round(distance), format="#,##0"))
    if distance is None:
        return words.gettext("distance unknown")
    return words.gettext("%(distance)s km away", distance=words.whole_number(round(distance)))
