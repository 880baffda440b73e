"""Grading: rubric criteria over an attempt's action log and end state -> a report. Pure."""

from ehr_sim.grading.attempt import Attempt, LoggedAction
from ehr_sim.grading.report import CriterionResult, Report, grade

__all__ = ["Attempt", "CriterionResult", "LoggedAction", "Report", "grade"]
