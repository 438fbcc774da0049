"""The gold format's markers (evals/DATASETS.md), kept apart so scoring and gold share them."""

ANY, RANGE, OPTIONAL, NOTE, SOURCE = "$any", "$range", "$optional", "$note", "$source"

__all__ = ["ANY", "NOTE", "OPTIONAL", "RANGE", "SOURCE"]
