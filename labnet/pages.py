"""Server-rendered pages: registered here, written in each domain's views.py."""


def init_app(app) -> None:
    from labnet.accounts.views import admin_bp, bp as accounts_bp
    from labnet.catalogue import views as catalogue_views  # noqa: F401  (admin catalogue routes)
    from labnet.coverage.views import bp as coverage_bp
    from labnet.labs.views import public, workspace
    from labnet.matching.views import bp as matching_bp
    from labnet.requests.views import bp as requests_bp

    for blueprint in (public, workspace, accounts_bp, admin_bp, matching_bp, requests_bp,
                      coverage_bp):
        app.register_blueprint(blueprint)

    @app.template_filter("pairs")
    def pairs(values):
        """Options whose value and label are the same: ('qpcr', 'qpcr')."""
        return [(v, str(v).replace("_", " ")) for v in values]

    @app.template_filter("method_pairs")
    def method_pairs(methods):
        return [(m.id, f"{m.code}: {m.name}") for m in methods]
