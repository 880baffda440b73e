"""The classroom (issue 12): the class database on PostgreSQL and what lab machines,
instructors and the gradebook do with it.

- server.py: `ehr-sim class init` — create or migrate the class database.
- settings.py: where a lab machine finds its class server (environment or config file).
- store.py: opening the class database, with plain messages when it cannot be reached.
"""

from ehr_sim.app.classroom.server import (
    EXAMPLE_URL,
    ClassInit,
    ClassProblem,
    class_url,
    init_class_database,
)
from ehr_sim.app.classroom.store import ClassDatabase, open_class

__all__ = [
    "EXAMPLE_URL",
    "ClassDatabase",
    "ClassInit",
    "ClassProblem",
    "class_url",
    "init_class_database",
    "open_class",
]
