"""A small valid pack to start from; tests change one thing and look for its problem."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

MANIFEST: dict[str, Any] = {
    "id": "demo",
    "title": "Demo pack",
    "version": "1.0",
    "author": "A. Instructor",
    "licence": "CC-BY-4.0",
    "min_app_version": "0.1",
    "scenarios": ["book.yaml"],
}

SCENARIO: dict[str, Any] = {
    "id": "book_follow_up",
    "title": "Book a follow-up",
    "briefing": "Dana calls to book her blood-pressure follow-up with Dr. Okafor.",
    "difficulty": "beginner",
    "duration_minutes": 5,
    "skills": ["scheduling", "communication"],
    "world": {"seed": 7, "patients": 100, "start": "08:00", "time_limit_minutes": 10},
    "setup": {
        "patients": {
            "dana": {
                "first_name": "Dana",
                "last_name": "Reyes",
                "dob": "-41y",
                "sex": "F",
                "phone": "(614) 555-0100",
                "address1": "12 Elm Street",
            }
        },
        "appointments": {
            "old_visit": {
                "patient": "dana",
                "provider": "okafor",
                "type": "FU",
                "start": "+2bd 10:30",
            }
        },
    },
    "events": [
        {
            "id": "dana_calls",
            "at": "T+1m",
            "kind": "phone_call",
            "caller": "dana",
            "caller_name": "Dana",
            "claims_to_be": "Dana Reyes",
            "dialogue": {
                "start": "hello",
                "nodes": {
                    "hello": {
                        "says": "Hi, I need a follow-up for my blood pressure.",
                        "choices": [
                            {
                                "id": "greet",
                                "say": "Riverside Family Practice, how can I help?",
                                "next": "book",
                            },
                        ],
                    },
                    "book": {"says": "Thank you!", "ends": True},
                },
            },
        }
    ],
    "complete_when": [{"kind": "done", "match": {"action": "BookAppointment"}}],
    "rubric": [
        {
            "id": "booked",
            "title": "Booked the follow-up",
            "when": {
                "kind": "done",
                "match": {"action": "BookAppointment", "where": {"patient_id": "@dana"}},
            },
            "points": 80,
            "skill": "scheduling",
            "feedback": {"met": "Booked.", "missed": "No visit was booked."},
        },
        {
            "id": "greeted",
            "title": "Greeted the caller",
            "when": {"kind": "choice", "choice": "greet"},
            "points": 20,
            "skill": "communication",
            "feedback": {"met": "Warm greeting.", "missed": "Greet with the office name."},
        },
    ],
    "endings": {"completed": "Done.", "critical": "Stopped.", "out_of_time": "Time is up."},
    "plays": [
        {
            "name": "reference",
            "expect_score": 100,
            "steps": [
                {"at": "T+1m", "choose": "greet"},
                {
                    "at": "T+2m",
                    "do": "BookAppointment",
                    "args": {
                        "patient_id": "@dana",
                        "provider_id": 1,
                        "type_id": 1,
                        "start": "+3bd 10:00",
                    },
                },
            ],
        },
        {"name": "bad day", "expect_score": 20, "steps": [{"at": "T+1m", "choose": "greet"}]},
    ],
}


def scenario(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(SCENARIO)
    data.update(changes)
    return data


def write_pack(
    folder: Path, scenario_data: dict[str, Any] | str | None = None, **manifest: Any
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(yaml.safe_dump({**MANIFEST, **manifest}, sort_keys=False))
    body = scenario_data if scenario_data is not None else SCENARIO
    text = body if isinstance(body, str) else yaml.safe_dump(body, sort_keys=False)
    (folder / "book.yaml").write_text(text)
    return folder
