"""Evaluation harness and datasets (shipped as summarizer.evals)."""
