"""Rubrics: versioned YAML question sets (``modules/``) answered by registered detectors."""
