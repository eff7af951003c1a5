"""Server-rendered pages."""


def init_app(app) -> None:
    pass
