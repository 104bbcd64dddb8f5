"""Item pipelines and the archive store: models, store, media, exports."""
