"""Demo posts (filled in below)."""
