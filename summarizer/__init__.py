"""summarizer: grounded incident records from news."""
