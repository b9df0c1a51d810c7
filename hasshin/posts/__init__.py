"""Posts: drafts aimed at one or more accounts, live guideline checks, approval, scheduling.

Publishing itself lives elsewhere and attaches deliveries to ``PostTarget`` rows.
"""
