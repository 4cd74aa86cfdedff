"""Submitting a form as a browser would: open the page, keep its hidden fields (the
one-time token of a create form, the version of an edit form), fill in the rest."""


def hidden_fields(response) -> dict:
    form = (response.context or {}).get("form") if response.status_code == 200 else None
    if form is None:
        return {}
    return {
        field.html_name: field.value()
        for field in form.hidden_fields()
        if field.value() is not None
    }


def post_form(client, url: str, data: dict | None = None, **kwargs):
    """POST `data` to `url` together with the hidden fields of the form the page shows."""
    return client.post(url, {**hidden_fields(client.get(url)), **(data or {})}, **kwargs)
