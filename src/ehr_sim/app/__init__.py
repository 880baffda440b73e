"""Services for the front ends (window, CLI, api): opening a clinic, the action gateway and
its handlers, the scenario runtime, and queries for views."""
