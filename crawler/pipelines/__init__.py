"""Item pipelines, in order: unchanged (250), extract (300), relevance (500), store (800)."""
