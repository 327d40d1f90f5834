"""The public status of a ticket or a file: one presenter for the status page and the API."""
