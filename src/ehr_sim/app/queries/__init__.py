"""Read-only queries for views: plain frozen rows, never live ORM objects."""
