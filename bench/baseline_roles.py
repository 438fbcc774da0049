"""Quick MUC-4 role scores of the rules baseline against GRIT's dev gold (a stand-in until the harness lands).

    .venv/bin/python bench/baseline_roles.py --muc-dir DIR [--show N]

DIR holds tst1/tst1-muc3, tst2/tst2-muc4 and processed/grit-dev.jsonl (the MUC-4 dev split only;
never point it at TST3/TST4). Per role (PerpInd, PerpOrg, Target, Victim, Weapon) a predicted
string matches a gold entity when it equals one of the entity's mentions (case-folded, leading
article dropped: "exact"), or when one contains the other ("relaxed"). Each gold entity is matched
once; P = matched predictions / predictions, R = matched entities / entities, micro-averaged.
This is simpler than CEAF-REE and only meant to guide tuning.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from summarizer.schemas.incident import IncidentSummary

from summarizer.article import Article
from summarizer.baseline import extract

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")


def split_docs(path: Path) -> dict[str, str]:
    text = path.read_text("utf-8", errors="replace")
    parts = re.split(r"(?m)^(?=(?:TST|DEV)\d?-MUC\d-\d{4}\s*$)", text)
    return {p.split()[0]: p for p in parts if p.strip()}


def norm(s: str) -> str:
    s = re.sub(r"[^\w\s-]", " ", s.lower())
    s = re.sub(r"^(?:the|a|an)\s+", "", re.sub(r"\s+", " ", s).strip())
    return s


def predicted(rec: IncidentSummary) -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = {r: [] for r in ROLES}
    for inc in rec.incidents:
        out["PerpInd"] += [[a.name, *a.aliases] for a in inc.perpetrator_individuals]
        out["PerpOrg"] += [[a.name, *a.aliases] for a in inc.perpetrator_organizations]
        out["Target"] += [[t.name] for t in inc.physical_targets]
        out["Victim"] += [[a.name, *a.aliases] for a in inc.human_targets if a.description is not None]
        out["Weapon"] += [[w.name, *w.evidence] for w in inc.weapons]
    for r in ROLES:  # one prediction per distinct string, as GRIT's doc-level view
        seen: dict[str, list[str]] = {}
        for names in out[r]:
            seen.setdefault(norm(names[0]), names)
        out[r] = list(seen.values())
    return out


def matches(pred: list[str], gold: list[str], relaxed: bool) -> bool:
    ps, gs = {norm(p) for p in pred}, {norm(g) for g in gold}
    if ps & gs:
        return True
    return relaxed and any(p and g and (p in g or g in p) for p in ps for g in gs)


def score(preds: list[list[str]], golds: list[list[str]], relaxed: bool) -> tuple[int, int, int]:
    free = list(range(len(golds)))
    hit = 0
    for p in preds:
        j = next((j for j in free if matches(p, golds[j], relaxed)), None)
        if j is not None:
            free.remove(j)
            hit += 1
    return hit, len(preds), len(golds)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--muc-dir", type=Path, required=True)
    ap.add_argument("--show", type=int, default=0, help="print predictions and gold for N documents")
    args = ap.parse_args()
    docs = split_docs(args.muc_dir / "tst1" / "tst1-muc3") | split_docs(args.muc_dir / "tst2" / "tst2-muc4")
    totals = {(r, mode): [0, 0, 0] for r in ROLES for mode in ("exact", "relaxed")}
    timings = []
    shown = 0
    for line in (args.muc_dir / "processed" / "grit-dev.jsonl").read_text().splitlines():
        g = json.loads(line)
        text = docs[g["docid"]]
        t0 = time.perf_counter()
        rec = extract(Article(text=text))
        timings.append(time.perf_counter() - t0)
        pred = predicted(rec)
        for r in ROLES:
            golds = [[m[0] for m in ent] for ent in g["extracts"][r]]
            for mode in ("exact", "relaxed"):
                h, p, n = score(pred[r], golds, mode == "relaxed")
                t = totals[(r, mode)]
                t[0] += h; t[1] += p; t[2] += n
        if shown < args.show:
            shown += 1
            print(g["docid"], {r: [p[0] for p in pred[r]] for r in ROLES})
            print("   gold", {r: [e[0][0] for e in g["extracts"][r]] for r in ROLES})
    print(f"{'role':8} {'mode':8} {'P':>6} {'R':>6} {'F1':>6}  (hits/pred/gold)")
    for mode in ("exact", "relaxed"):
        agg = [0, 0, 0]
        for r in ROLES:
            h, p, n = totals[(r, mode)]
            agg = [agg[0] + h, agg[1] + p, agg[2] + n]
            print(f"{r:8} {mode:8} {_f(h, p, n)}  ({h}/{p}/{n})")
        print(f"{'micro':8} {mode:8} {_f(*agg)}  ({agg[0]}/{agg[1]}/{agg[2]})")
    timings.sort()
    print(f"docs {len(timings)}; median {timings[len(timings)//2]*1000:.1f} ms, max {timings[-1]*1000:.1f} ms per document")


def _f(h: int, p: int, n: int) -> str:
    prec = h / p if p else 0.0
    rec = h / n if n else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return f"{prec:6.3f} {rec:6.3f} {f1:6.3f}"


if __name__ == "__main__":
    main()
