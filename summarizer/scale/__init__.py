"""Beyond one process: Ray Data over corpora in files (extra `ray`).

    import ray
    from summarizer.scale import summarize_dataset

    ray.init()  # or ray.init(address="auto") on a cluster
    report = summarize_dataset("corpus.parquet", output="results.parquet", workers=4, concurrency=16)

The CLI is `summarizer ray INPUT --output OUT`. Importing this package does not import Ray.
"""

from summarizer.scale.ray_data import DatasetReport, read_dataset, summarize_dataset

__all__ = ["DatasetReport", "read_dataset", "summarize_dataset"]
