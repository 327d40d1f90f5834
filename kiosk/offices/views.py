"""Admin pages of offices (filled in below)."""
