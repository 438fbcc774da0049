"""Built-in task schemas (shipped as summarizer.schemas)."""
