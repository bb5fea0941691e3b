"""The HTTP API (FastAPI), versioned under ``/api/v1``; one router a resource."""
