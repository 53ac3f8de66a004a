"""Item pipelines, in order: extract (300), store (800)."""
