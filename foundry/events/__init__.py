"""Events: career days, workshops and sessions; registration, check-in and attendance."""
