"""Built-in prompt templates (shipped as summarizer.prompts); data, not code."""
