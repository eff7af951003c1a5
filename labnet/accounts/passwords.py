"""What makes a password acceptable: long enough, not common, hard to guess (zxcvbn)."""
from flask_babel import gettext as _
from zxcvbn import zxcvbn

from labnet.errors import Invalid

MIN_PASSWORD_LENGTH = 12
MIN_SCORE = 3  # zxcvbn's "safely unguessable": about 10^8 guesses or more
# zxcvbn's cost grows with length; what lies past this adds strength anyway
CHECKED_LENGTH = 100


def password_problem(password: str, user_inputs=()) -> str | None:
    """Why this password is refused, in plain words, or None when it is acceptable.
    `user_inputs` (the person's email, name) count as easy to guess."""
    password = password or ""
    if not password.strip():
        return _("The password cannot be blank or only spaces.")
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("The password must have at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
    inputs = _personal_words(user_inputs)
    result = zxcvbn(password, user_inputs=inputs, max_length=CHECKED_LENGTH)
    matches = result["sequence"]
    if len(matches) == 1 and matches[0].get("dictionary_name") == "passwords":
        return _("This is one of the most commonly used passwords.")
    # what is left once the person's own name and address are taken out must be strong alone
    rest = password.lower()
    for word in inputs:
        rest = rest.replace(word, "")
    if rest != password.lower() and zxcvbn(rest or "x", max_length=CHECKED_LENGTH)["score"] \
            < MIN_SCORE:
        return _("The password is too easy to guess: it contains your name or email address.")
    if result["score"] >= MIN_SCORE:
        return None
    warning = result["feedback"].get("warning")
    advice = " ".join(result["feedback"].get("suggestions") or [])
    return _("The password is too easy to guess. %(why)s %(advice)s",
             why=warning or "", advice=advice or _("Use a few uncommon words.")).replace("  ", " ")


def _personal_words(user_inputs) -> list[str]:
    """The person's email, name and organization, whole and word by word (3 letters or more)."""
    words = []
    for value in user_inputs:
        text = str(value or "").lower()
        for separator in "@.-_+,":
            text = text.replace(separator, " ")
        words += [part for part in text.split() if len(part) >= 3]
    return sorted(set(words), key=len, reverse=True)


def check_password_strength(password: str, user_inputs=(), field: str = "password") -> None:
    """Refuse (422, by the field) a password that `password_problem` finds fault with."""
    problem = password_problem(password, user_inputs)
    if problem:
        raise Invalid(problem, {field: [problem]})
