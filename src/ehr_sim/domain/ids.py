"""Distinct id types for records that are easy to mix up."""

from __future__ import annotations

from typing import NewType

PatientId = NewType("PatientId", int)
ProviderId = NewType("ProviderId", int)
RoomId = NewType("RoomId", int)
AppointmentId = NewType("AppointmentId", int)
AppointmentTypeId = NewType("AppointmentTypeId", int)
CoverageId = NewType("CoverageId", int)
PlanId = NewType("PlanId", int)
WaitlistId = NewType("WaitlistId", int)
