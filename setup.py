"""Package discovery only (metadata lives in pyproject.toml).

setuptools cannot discover packages under remapped folders from pyproject alone; the design
card keeps schemas/, prompts/ and evals/ at the top of the repo but ships them as
summarizer.schemas, summarizer.prompts and summarizer.evals.
"""

from setuptools import find_packages, setup

REMAPPED = {"schemas": "summarizer.schemas", "prompts": "summarizer.prompts", "evals": "summarizer.evals"}

packages = find_packages(include=["summarizer", "summarizer.*"])
for folder, name in REMAPPED.items():
    packages += [name] + [f"{name}.{sub}" for sub in find_packages(folder)]

setup(packages=packages)
