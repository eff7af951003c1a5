"""Logging in UTC, one line per event: logins, refusals and changes, never secrets."""
import logging
import time

FORMAT = "%(asctime)sZ %(levelname)s %(name)s %(message)s"


class UTCFormatter(logging.Formatter):
    converter = time.gmtime


def init_app(app) -> None:
    logger = logging.getLogger("labnet")
    if not any(getattr(h, "labnet", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(UTCFormatter(FORMAT, "%Y-%m-%dT%H:%M:%S"))
        handler.labnet = True
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
