"""Storage: SQLAlchemy 2 models over SQLite, Alembic migrations, small repositories."""
