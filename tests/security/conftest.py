"""The API's bearer-token fixture, for the security tests that call the API."""

from tests.api.conftest import bearer  # noqa: F401
