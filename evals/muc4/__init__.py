"""MUC-4 as an external benchmark: answer-key import, the literature's role-filler views, CEAF-REE and GTT F1.

Modules: keys (answer-key parser), texts (messages and datelines), roles (GRIT/GTT views of keys
and of records), mapping (keys -> incident-schema gold), importer (dataset writer), ceaf_ree, gtt,
formats (GRIT/GTT file readers), metrics (the harness entry point `muc4_metrics`). See evals/MUC4.md.
"""
