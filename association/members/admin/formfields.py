"""A website typed without a scheme is taken as https, Django 6's default, in both the
admin's own forms (HTTPS_URLS) and the form classes it is given (https_urls)."""

from django.db import models

HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


def https_urls(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)
