"""Built-in detectors, one module per checklist category; each function answers one item."""
