"""Reading rendered pages in tests."""

from bs4 import BeautifulSoup


def soup(response):
    """The parsed page of a 200 response (anything else fails the test with its status)."""
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")
