"""Extraction accuracy: per-kind precision/recall/F1, attributes, and errors by cause.

For each set of annotated articles — the seeds (``../shared/seeds``), the paraphrased
fixtures (``tests/fixtures/heldout``), the three probe corpora written to test the rules on
phrasings they were not fitted to (``tests/fixtures/probe``, ``probe2``, ``probe3``; see
``docs/extraction.md``) and, when its texts are restored, the development set (``.devset``
scored against ``../shared/devset/gold.json``) — this runs
``timeline extract PATH --format jsonl`` on every article and scores it with the functions
of ``../shared/eval/score.py`` (the same matching: per kind and partner, optional facts
neither required nor errors). It then sorts every error by its cause:

- **missed kind**: a required fact with no prediction of its partner at all;
- **wrong kind**: a required fact whose partner was predicted, but under another kind;
- **wrong partner**: a required fact whose kind was predicted, but for another partner;
- **invented**: a prediction that matches no fact (and is no wrong kind or partner);
- **wrong date** / **wrong amount**: a matched fact whose date (outside the gold interval,
  3 days' slack) or amount (other currency or value off by more than 0.5 %) is wrong.

Usage::

    python benchmarks/accuracy.py [--set seeds|fixtures|probe|probe2|probe3|devset]
                                  [--verbose] [--devset DIR]
                                  [--cmd "timeline extract {path} --format jsonl"]

``--verbose`` lists every error with its note or quote. Meetings are scored on their own
line, like the scorer does.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shlex
import sys
from collections import Counter, defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CAUSES = ("missed kind", "wrong kind", "wrong partner", "invented", "wrong date", "wrong amount")


def _scorer() -> ModuleType:
    path = SHARED / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("timeline_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sets(devset: Path) -> list[tuple[str, Path, Path]]:
    sets = [
        ("seeds", SHARED / "seeds" / "gold.json", SHARED / "seeds"),
        ("fixtures", ROOT / "tests" / "fixtures" / "heldout" / "gold.json",
         ROOT / "tests" / "fixtures" / "heldout"),
    ]
    for probe in ("probe", "probe2", "probe3"):
        folder = ROOT / "tests" / "fixtures" / probe
        sets.append((probe, folder / "gold.json", folder))
    if devset.is_dir() and any(devset.iterdir()):
        sets.append(("devset", SHARED / "devset" / "gold.json", devset))
    return [s for s in sets if s[1].is_file()]


def _command() -> str:
    exe = Path(sys.executable).with_name("timeline")
    if exe.exists():
        return f"{shlex.quote(str(exe))} extract {{path}} --format jsonl"
    return f"{shlex.quote(sys.executable)} -m timeline extract {{path}} --format jsonl"


def _score_article(
    sc: ModuleType, preds: list[dict[str, Any]], facts: list[dict[str, Any]], name: str,
    tally: dict[str, Counter[str]], errors: list[tuple[str, str, str]],
) -> None:
    gold_units = [(sc.kinds_of(f)[0], p, f) for f in facts for p in f["partners"]]
    for bucket, kinds in (("substantive", sc.SUBSTANTIVE), ("meeting", (sc.MEETING,))):
        p_units = [u for u in sc.units(preds) if u[0] in kinds]
        required = [u for u in gold_units if u[0] in kinds and not u[2].get("optional")]
        optional = [
            u for u in gold_units if set(sc.kinds_of(u[2])) & set(kinds) and u[2].get("optional")
        ]
        matched, rest_p, missed = sc.match(p_units, required)
        _, false_pos, _ = sc.match(rest_p, optional)
        per_kind = tally[bucket]
        for p, g in matched:
            per_kind[f"{p[0]}|tp"] += 1
            fact = g[2]
            if bucket == "substantive":
                if fact.get("amount"):
                    per_kind["amount_n"] += 1
                    if sc.amount_ok(p[2], fact):
                        per_kind["amount_ok"] += 1
                    else:
                        got = p[2].get("amount")
                        errors.append(("wrong amount", name,
                                       f"{g[0]} {g[1]} gold {fact['amount']} got "
                                       f"{got and (got.get('value'), got.get('currency'))}"))
                if fact.get("factor") is not None:
                    per_kind["factor_n"] += 1
                    per_kind["factor_ok"] += sc.factor_ok(p[2], fact)
            if bucket == "substantive" and fact.get("date") not in (None, "", ".."):
                per_kind["date_n"] += 1
                if sc.date_ok(p[2], fact):
                    per_kind["date_ok"] += 1
                else:
                    occurred = (p[2].get("occurred") or {}).get("edtf")
                    errors.append(("wrong date", name,
                                   f"{g[0]} {g[1]} gold {fact['date']} got {occurred}"))
        spare = list(false_pos)
        for u in missed:
            per_kind[f"{u[0]}|fn"] += 1
            same_partner = next((p for p in spare if p[1] == u[1]), None)
            same_kind = next((p for p in spare if p[0] in sc.kinds_of(u[2])), None)
            note = u[2].get("note", "")
            if same_partner is not None:
                spare.remove(same_partner)
                errors.append(("wrong kind", name,
                               f"{u[0]} {u[1]} read as {same_partner[0]} | {note}"))
            elif same_kind is not None:
                spare.remove(same_kind)
                errors.append(("wrong partner", name,
                               f"{u[0]} {u[1]} read for {same_kind[1]} | {note}"))
            else:
                errors.append(("missed kind", name, f"{u[0]} {u[1]} {u[2].get('date')} | {note}"))
        for u in false_pos:
            per_kind[f"{u[0]}|fp"] += 1
        for u in spare:
            quote = (u[2].get("source") or {}).get("quote", "")
            errors.append(("invented", name, f"{u[0]} {u[1]} | {quote[:120]}"))


def _run(sc: ModuleType, gold_path: Path, folder: Path, cmd: str) -> tuple[
    dict[str, Counter[str]], list[tuple[str, str, str]]
]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    facts = defaultdict(list)
    for fact in gold["facts"]:
        facts[fact["article"]].append(fact)
    tally: dict[str, Counter[str]] = {"substantive": Counter(), "meeting": Counter()}
    errors: list[tuple[str, str, str]] = []
    for name, meta in sorted(gold["articles"].items()):
        path = folder / name
        if not path.exists():
            continue
        published = meta.get("published") if meta.get("pass_published") else None
        with open(os.devnull, "w") as quiet:
            stderr, sys.stderr = sys.stderr, quiet
            try:
                preds = sc.run_extractor(cmd, path, published)
            finally:
                sys.stderr = stderr
        _score_article(sc, preds, facts[name], name, tally, errors)
    return tally, errors


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _report(label: str, tally: dict[str, Counter[str]], errors: list[tuple[str, str, str]],
            verbose: bool) -> None:
    print(f"## {label}\n")
    print("| kind | tp | fp | fn | precision | recall | f1 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    totals = Counter()
    for bucket, counter in tally.items():
        kinds = sorted({key.split("|")[0] for key in counter if "|" in key})
        for kind in kinds:
            tp, fp, fn = (counter[f"{kind}|{x}"] for x in ("tp", "fp", "fn"))
            p, r, f = _prf(tp, fp, fn)
            print(f"| {kind} | {tp} | {fp} | {fn} | {p:.2f} | {r:.2f} | {f:.2f} |")
            if bucket == "substantive":
                totals.update(tp=tp, fp=fp, fn=fn)
    p, r, f = _prf(totals["tp"], totals["fp"], totals["fn"])
    sub = tally["substantive"]
    meet = tally["meeting"]
    mp, mr, mf = _prf(*(sum(meet[k] for k in meet if k.endswith(x)) for x in ("|tp", "|fp", "|fn")))
    print(f"\nsubstantive f1 {f:.3f} (precision {p:.3f}, recall {r:.3f}); meetings f1 {mf:.3f} "
          f"(precision {mp:.2f}, recall {mr:.2f})")
    print(f"attributes: amount {sub['amount_ok']}/{sub['amount_n']}, factor "
          f"{sub['factor_ok']}/{sub['factor_n']}, date {sub['date_ok']}/{sub['date_n']}\n")
    causes = Counter(cause for cause, _, _ in errors)
    print("| cause | errors |")
    print("|---|---:|")
    for cause in CAUSES:
        print(f"| {cause} | {causes[cause]} |")
    print()
    if verbose:
        for cause in CAUSES:
            for c, name, text in errors:
                if c == cause:
                    print(f"  {cause:13} {name}: {text}")
        print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--set",
        choices=("seeds", "fixtures", "probe", "probe2", "probe3", "devset"),
        action="append",
    )
    parser.add_argument("--devset", type=Path, default=ROOT / ".devset")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--cmd", help="the extraction command (default: this checkout's)")
    args = parser.parse_args()
    sc = _scorer()
    cmd = args.cmd or _command()
    for label, gold, folder in _sets(args.devset):
        if args.set and label not in args.set:
            continue
        tally, errors = _run(sc, gold, folder, cmd)
        _report(label, tally, errors, args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
