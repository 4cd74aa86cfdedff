"""Form helpers shared by every app."""

from django.core.exceptions import ValidationError


def add_model_errors(form, error: ValidationError) -> None:
    """Put a model's validation errors on the form's fields where it has them."""
    for field, field_errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)
