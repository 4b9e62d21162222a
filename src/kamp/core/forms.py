"""Helpers shared by HTML forms: a service's errors shown on the form that fed it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.forms import BaseForm


def add_service_errors(form: BaseForm, error: ValidationError) -> None:
    """Show a service's validation errors on the form: by field where it has one, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@dataclass(frozen=True, slots=True)
class Done[T]:
    """What a service returned when it accepted the form's data."""

    value: T


def call_service[T](form: BaseForm, call: Callable[[], T]) -> Done[T] | None:
    """Run ``call`` (a service); on ``ValidationError`` put its errors on ``form``, return None.

    The one block every form view needs::

        if form.is_valid() and (done := call_service(form, lambda: plan_create(...))):
            return redirect(done.value)
    """
    try:
        return Done(call())
    except ValidationError as error:
        add_service_errors(form, error)
        return None
