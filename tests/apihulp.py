"""Small helpers for API tests: the JSON of a response with the expected status, and the rows of a (paged)
list."""


def ok(response, code=200):
    assert response.status_code == code, response.content
    return response.json()


def fout(response, code=400) -> dict:
    assert response.status_code == code, response.content
    return response.json()


def rijen(data):
    return data["results"] if isinstance(data, dict) and "results" in data else data
