"""The pages of the navigation list; each refreshes itself from ``AppContext.changed``."""
