"""Where the rules baseline misses MUC-4 role fillers: per role, gold entities missed and strings spurious.

    .venv/bin/python bench/baseline_roles.py [--dataset evals/datasets/muc4-dev] [--role Victim] [--show 20]

A tuning aid, not the score: the harness (`summarizer eval run muc4-dev -m rules/baseline`) gives
the official CEAF-REE and GTT numbers. Here each predicted string matches a gold entity when its
normalized form equals one of the entity's mentions (as CEAF-REE's strict similarity), each
entity matched once; P, R and F1 are micro-averaged over the development texts. Victim counts
human targets that have a description (named people), as summarizer.evals.muc4 does.
"""

from __future__ import annotations

import argparse
import json
import string
from pathlib import Path

from summarizer.article import Article, ArticleMeta
from summarizer.baseline import extract
from summarizer.schemas.incident import IncidentSummary

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")


def norm(s: str) -> str:
    """GRIT's normalization: lower case, no ASCII punctuation, no articles, single spaces."""
    s = s.lower().translate(str.maketrans("", "", string.punctuation))
    return " ".join(w for w in s.split() if w not in ("a", "an", "the"))


def predicted(rec: IncidentSummary) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {r: [] for r in ROLES}
    for inc in rec.incidents:
        out["PerpInd"] += [a.name for a in inc.perpetrator_individuals]
        out["PerpOrg"] += [a.name for a in inc.perpetrator_organizations]
        out["Target"] += [t.name for t in inc.physical_targets]
        out["Victim"] += [a.name for a in inc.human_targets if a.description is not None]
        out["Weapon"] += [w.name for w in inc.weapons]
    return {r: list({norm(p): p for p in v}.values()) for r, v in out.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--dataset", type=Path, default=Path("evals/datasets/muc4-dev"))
    ap.add_argument("--role", choices=ROLES, help="print misses and spurious strings for this role")
    ap.add_argument("--show", type=int, default=20, help="documents to print with --role")
    args = ap.parse_args()
    grit = {
        (d := json.loads(line))["docid"]: d
        for line in (args.dataset / "literature" / "grit-dev.jsonl").read_text("utf-8").splitlines()
    }
    totals = {r: [0, 0, 0] for r in ROLES}
    shown = 0
    for line in (args.dataset / "cases.jsonl").read_text("utf-8").splitlines():
        case = json.loads(line)
        text = (args.dataset / case["article"]).read_text("utf-8")
        rec = extract(Article(text=text, meta=ArticleMeta(**case.get("metadata", {}))))
        pred = predicted(rec)
        gold = grit[case["id"]]["extracts"]
        for r in ROLES:
            entities = [{norm(m[0]) for m in ent} for ent in gold[r]]
            free = list(range(len(entities)))
            spurious = []
            for p in pred[r]:
                j = next((j for j in free if norm(p) in entities[j]), None)
                if j is None:
                    spurious.append(p)
                else:
                    free.remove(j)
            t = totals[r]
            t[0] += len(pred[r]) - len(spurious)
            t[1] += len(pred[r])
            t[2] += len(entities)
            if r == args.role and (free or spurious) and shown < args.show:
                shown += 1
                print(case["id"], "missed", [gold[r][j][0][0] for j in free], "spurious", spurious)
    print(f"{'role':8} {'P':>6} {'R':>6} {'F1':>6}  correct/predicted/gold")
    agg = [0, 0, 0]
    for r in ROLES:
        h, p, n = totals[r]
        agg = [agg[0] + h, agg[1] + p, agg[2] + n]
        print(f"{r:8} {_prf(h, p, n)}  {h}/{p}/{n}")
    print(f"{'micro':8} {_prf(*agg)}  {agg[0]}/{agg[1]}/{agg[2]}")


def _prf(h: int, p: int, n: int) -> str:
    prec, rec = (h / p if p else 0.0), (h / n if n else 0.0)
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return f"{prec:6.3f} {rec:6.3f} {f1:6.3f}"


if __name__ == "__main__":
    main()
