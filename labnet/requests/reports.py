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
# what one sample showed for one target
RESULT_OUTCOMES = ("detected", "not_detected", "not_tested", "inconclusive")
RESULT_FIELDS = ("sample_id", "target", "outcome", "gm_percent", "uncertainty", "lod",
                 "method_code")


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

def check_results(results: list[dict], sample_ids: list[str], requested: list[str],
                  detected: list[str]) -> None:
    """Refuse (422, naming each result) per-sample results that name a sample the request does
    not carry or a target it did not ask for, give one sample and target twice, give a GM
    content where nothing was measured, or contradict the report: a target some sample shows
    as detected must be reported detected."""
    errors = []
    seen = set()
    for number, result in enumerate(results, start=1):
        sample, target, outcome = result["sample_id"], result["target"], result["outcome"]
        where = dict(number=number, sample=sample, target=target)
        if sample not in sample_ids:
            errors.append(_("Result %(number)s (%(sample)s, %(target)s): %(sample)s is not a "
                            "sample of this request.", **where))
        if target not in requested:
            errors.append(_("Result %(number)s (%(sample)s, %(target)s): %(target)s was not "
                            "requested.", **where))
        if (sample, target) in seen:
            errors.append(_("Result %(number)s (%(sample)s, %(target)s): this sample and target "
                            "are given more than once.", **where))
        seen.add((sample, target))
        if result.get("gm_percent") is not None and outcome not in ("detected", "inconclusive"):
            errors.append(_("Result %(number)s (%(sample)s, %(target)s): a GM content is given "
                            "only for a detected or inconclusive result.", **where))
        if result.get("uncertainty") is not None and result.get("gm_percent") is None:
            errors.append(_("Result %(number)s (%(sample)s, %(target)s): an uncertainty is given "
                            "only with a GM content.", **where))
        if outcome == "detected" and target in requested and target not in detected:
            errors.append(_("Result %(number)s (%(sample)s, %(target)s): detected in this "
                            "sample, so the report must list %(target)s as detected.", **where))
    if errors:
        raise Invalid(_("Per-sample results must name the request's samples and targets and "
                        "agree with the report."), {"results": errors})
