"""Documents: the evidence behind a claim (certificates, scopes, reports)."""
