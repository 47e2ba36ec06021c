"""Portal connectors."""
