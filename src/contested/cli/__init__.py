"""Command-line front end: thin commands over the library API."""
