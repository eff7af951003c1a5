import re

from tests.factories import PASSWORD

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client, url="/login") -> str:
    return TOKEN.search(client.get(url).get_data(as_text=True)).group(1)


def login(client, user, password=PASSWORD):
    token = csrf_token(client)
    return client.post("/login", data={"email": user.email, "password": password,
                                       "csrf_token": token})


def post_form(client, url, data, page=None):
    """Post a form the way a browser does: with the CSRF token of a page of the site."""
    token = csrf_token(client, page or "/login")
    return client.post(url, data=dict(data, csrf_token=token))
