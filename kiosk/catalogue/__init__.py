"""Service catalogue: services, requirements, fees, time standards, holidays (data, not code)."""
