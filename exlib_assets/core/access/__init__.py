"""Who may use the HTTP API, and on which courses: bearer tokens and their scope."""
