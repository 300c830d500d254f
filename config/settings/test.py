from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
AXES_ENABLED = True
ACCOUNT_RATE_LIMITS = False  # type: ignore[assignment]

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
