"""Test settings: the real settings, with a fast password hasher."""

from __future__ import annotations

import os

os.environ.setdefault("KAMP_DEBUG", "true")
os.environ.setdefault("KAMP_SECRET_KEY", "test-only-secret-key-not-for-production-use-000000")

from kamp.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Tasks run at once, inside the test (the database worker is for real deployments).
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Login throttling is tested on its own (tests/test_security.py turns it on): Django's test client
# logs in without a request, which django-axes refuses.
AXES_ENABLED = False
