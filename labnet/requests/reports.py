"""Testing reports: every requested target accounted for exactly once, and the sentence that
tells the agency what a report says.

A report that leaves a target out would read, to a customs officer, as if it had been looked
for and not found. So each requested event or element is either detected, not detected, or
not tested with the reason, and the summary names all three.
"""
from collections import Counter

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
                errors.setdefault(field, []).append(f"{target} was not requested.")
                problems.append(f"{target} was not requested")
            elif counts[target] > 1:
                where = " and ".join(f for f in OUTCOMES if target in outcomes[f])
                errors.setdefault(field, []).append(
                    f"{target} is given more than once (in {where}); give it once.")
    doubled = [t for t in requested if counts[t] > 1]
    if doubled:
        problems.append(f"given more than once: {', '.join(doubled)}")
    missing = [t for t in requested if counts[t] == 0]
    if missing:
        errors.setdefault("not_tested", []).extend(
            f"{t} is not accounted for: put it in detected, not_detected, or not_tested with "
            "the reason." for t in missing)
        problems.append(f"missing: {', '.join(missing)}")
    if errors:
        raise Invalid("Every requested target must appear exactly once in detected, "
                      f"not_detected or not_tested ({'; '.join(problems)}).", errors)


def summary(detected: list[str], not_detected: list[str], not_tested: list[dict]) -> str:
    """What the report says, in one line: "P-35S detected; MON810 not detected; 2 not
    tested (bar, T-nos)". Never "nothing detected" about targets that were not tested."""
    parts = []
    if detected:
        parts.append(f"{', '.join(detected)} detected")
    if not_detected:
        parts.append(f"{', '.join(not_detected)} not detected")
    if not_tested:
        parts.append(f"{len(not_tested)} not tested ({', '.join(t['target'] for t in not_tested)})")
    return "; ".join(parts) or "no targets reported"
