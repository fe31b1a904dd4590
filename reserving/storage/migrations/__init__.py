"""Alembic migrations of the storage schema, packaged with the code so they run from any directory."""
