"""The incidents app's admin, one page or concern per module."""

from incidents.admin import imports, incidents, references  # noqa: F401 - they register
