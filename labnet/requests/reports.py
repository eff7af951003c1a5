"""Testing reports: every requested target accounted for exactly once, and the sentence that
tells the agency what a report says.

A report that leaves a target out would read, to a customs officer, as if it had been looked
for and not found. So each requested event or element is either detected, not detected, or
not tested with the reason, and the summary names all three.
"""
from collections import Counter

from flask_babel import gettext as _
from flask_babel import ngettext

from labnet.errors import Invalid

OUTCOMES = ("detected", "not_detected", "not_tested")


def check_accounts_for_targets(requested: list[str], outcomes: dict[str, list[str]]) -> None:
    """Refuse (422, naming each target) a report where a requested target is missing or
    given more than once, or a target was not requested. `outcomes` maps each of OUTCOMES to
    the canonical targets given there."""
    counts = Counter(t for field in OUTCOMES for t in outcomes[field])
    errors: dict[str, list[str]] = {}
    problems = []
    for field in OUTCOMES:
        for target in dict.fromkeys(outcomes[field]):
            if target not in requested:
                errors.setdefault(field, []).append(_("%(target)s was not requested.", target=target))
                problems.append(_("%(target)s was not requested", target=target))
            elif counts[target] > 1:
                where = _(" and ").join(f for f in OUTCOMES if target in outcomes[f])
                errors.setdefault(field, []).append(
                    _("%(target)s is given more than once (in %(where)s); give it once.",
                      target=target, where=where))
    doubled = [t for t in requested if counts[t] > 1]
    if doubled:
        problems.append(_("given more than once: %(targets)s", targets=", ".join(doubled)))
    missing = [t for t in requested if counts[t] == 0]
    if missing:
        errors.setdefault("not_tested", []).extend(
            _("%(target)s is not accounted for: put it in detected, not_detected, or not_tested "
              "with the reason.", target=t) for t in missing)
        problems.append(_("missing: %(targets)s", targets=", ".join(missing)))
    if errors:
        raise Invalid(_("Every requested target must appear exactly once in detected, "
                        "not_detected or not_tested (%(problems)s).", problems="; ".join(problems)),
                      errors)


def summary(detected: list[str], not_detected: list[str], not_tested: list[dict]) -> str:
    """What the report says, in one line: "P-35S detected; MON810 not detected; 2 not
    tested (bar, T-nos)". Never "nothing detected" about targets that were not tested."""
    parts = []
    if detected:
        parts.append(_("%(targets)s detected", targets=", ".join(detected)))
    if not_detected:
        parts.append(_("%(targets)s not detected", targets=", ".join(not_detected)))
    if not_tested:
        parts.append(ngettext("%(num)s not tested (%(targets)s)", "%(num)s not tested (%(targets)s)",
                              len(not_tested), targets=", ".join(t["target"] for t in not_tested)))
    return "; ".join(parts) or _("no targets reported")
