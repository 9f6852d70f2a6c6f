"""Figures of an abgate suite computed independently of abgate's code.

Reads a dataset (JSONL, the format of test_suites/production_ab/README.md)
with only Python's standard library and prints, as JSON, per category and
in total: the candidate's outcomes (recorded new_model_decision against
expected_blocked), false-positive and false-negative rates with their 95%
Wilson intervals, precision, recall, F1 and block rate, and the old-vs-new
comparison with McNemar's exact two-sided p-value computed with exact
fractions. Used by test/e2e/production-ab.test.ts.

usage: python3 expected_figures.py DATASET.jsonl
"""
import json
import math
import sys
from fractions import Fraction

Z = 1.959963984540054


def wilson(k, n):
    if n == 0:
        return None
    p = k / n
    denominator = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / denominator
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / denominator
    return {"low": max(0.0, centre - half), "high": min(1.0, centre + half)}


def rate(k, n):
    return {"k": k, "n": n, "value": (k / n) if n else None, "ci": wilson(k, n)}


def mcnemar(b, c):
    n = b + c
    if n == 0:
        return 1.0
    tail = sum(Fraction(math.comb(n, i), 2**n) for i in range(min(b, c) + 1))
    return float(min(Fraction(1), 2 * tail))


def outcome(label, decision):
    if decision == "block":
        return "TP" if label else "FP"
    return "FN" if label else "TN"


def figures(rows):
    count = {key: 0 for key in ("TP", "FP", "TN", "FN")}
    before = {key: 0 for key in ("TP", "FP", "TN", "FN")}
    change = {"keptRight": 0, "fixed": 0, "regressed": 0, "keptWrong": 0}
    flips = {"allowToBlock": 0, "blockToAllow": 0}
    for row in rows:
        label = row["expected_blocked"]
        new = row["metadata"]["new_model_decision"]
        old = row["metadata"]["old_model_decision"]
        after_outcome, before_outcome = outcome(label, new), outcome(label, old)
        count[after_outcome] += 1
        before[before_outcome] += 1
        right_after = after_outcome in ("TP", "TN")
        right_before = before_outcome in ("TP", "TN")
        if right_before and right_after:
            change["keptRight"] += 1
        elif right_before:
            change["regressed"] += 1
        elif right_after:
            change["fixed"] += 1
        else:
            change["keptWrong"] += 1
        if old != new:
            flips["allowToBlock" if new == "block" else "blockToAllow"] += 1
    tp, fp, tn, fn = count["TP"], count["FP"], count["TN"], count["FN"]
    f1_denominator = 2 * tp + fp + fn
    return {
        "samples": len(rows),
        "tp": tp,
        "fp": fp,
        "tn": tn,
        "fn": fn,
        "fpr": rate(fp, fp + tn),
        "fnr": rate(fn, fn + tp),
        "precision": rate(tp, tp + fp),
        "recall": rate(tp, tp + fn),
        "f1": (2 * tp / f1_denominator) if f1_denominator else None,
        "blockRate": rate(tp + fp, len(rows)),
        "fpBefore": before["FP"],
        "fnBefore": before["FN"],
        **change,
        **flips,
        "mcnemarP": mcnemar(change["fixed"], change["regressed"]),
    }


def main(path):
    with open(path, encoding="utf-8-sig") as file:
        rows = [json.loads(line) for line in file if line.strip()]
    categories = sorted({row["category"] for row in rows})
    result = {c: figures([r for r in rows if r["category"] == c]) for c in categories}
    result["total"] = figures(rows)
    json.dump(result, sys.stdout, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
