"""The signed-in user's own account: API tokens and, for students, their data rights (PDPO)."""
