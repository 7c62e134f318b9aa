#!/usr/bin/env python3
"""Fits the extractive answer model (../answer-model.json) on answer-features.tsv.

answer-features.tsv holds every window the extractive answerer scores for the tuning and development questions (never the
held-out ones), with the features the code computes and whether the window answers (it overlaps the answering sentence and
starts within 2 s of it). FunAsr.Tests/QaBot/Evaluation/AnswerModelFeaturesTests rewrites it (QA_WRITE_FEATURES=1) and fails
when the code's features no longer match it.

Two small models, both fitted by gradient descent with an L2 penalty (standard library only, deterministic):
  1. window ranking: a conditional logit (McFadden 1974) over the windows of each answerable question: the softmax of
     w . features over a question's windows is the chance each is the answer; the likelihood is that of its right windows.
  2. answering: a logistic regression on the best window of every question (answerable or not) for "it is right", over
     its ranking score, its lead over the best window elsewhere and a few question features. The ranking scores it sees are
     out of fold (the ranker fitted without the question's fold), as they will be on questions never seen.
The threshold on the answering chance is the one that, on the out-of-fold answers, best meets the issue's three goals
together (the smallest of top-1/0.85, within-2 s/0.75, declined/0.75 is made as large as possible).
Run: python3 fit_answer_model.py  (prints the out-of-fold figures per set; writes ../answer-model.json)
"""
import csv
import json
import math
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
WINDOW = ["coverage", "exact", "focus", "ideas", "rarest", "missing", "chars", "passage", "top_passage", "other_language",
          "extra_sentences",
          "kind_expected", "kind_missing", "number_match", "number_missing"]
ANSWER = ["score", "margin", "known_share", "unknown", "coverage", "focus", "rarest", "missing", "kind_missing"]
GOALS = (0.85, 0.75, 0.75)
FOLDS = 5
RANK_L2 = 0.01
ANSWER_L2 = 0.01
MAX_MARGIN = 3.0


def load():
    """Windows per question, and per question whether it is answerable and its kind."""
    questions, meta = defaultdict(list), {}
    with open(HERE / "answer-features.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            key = (row["set"], int(row["question"]))
            meta[key] = {"answerable": row["answerable"] == "1", "kind": row["kind"] or "-"}
            if int(row["first"]) < 0:
                questions[key] = []  # no window was scored for this question: it is declined
                continue
            questions[key].append({
                "answerable": row["answerable"] == "1", "kind": row["kind"], "lecture": row["lecture"],
                "first": int(row["first"]), "last": int(row["last"]),
                "overlaps": row["overlaps"] == "1", "near": row["near"] == "1",
                "known_share": float(row["known_share"]), "unknown": float(row["unknown"]),
                "x": [float(row[name]) for name in WINDOW],
            })
    return questions, meta


def dot(w, x):
    return sum(a * b for a, b in zip(w, x))


def fit_ranker(questions, keys):
    """Conditional logit: maximise sum over questions of log(sum_right e^s / sum_all e^s) - L2/2 |w|^2."""
    data = [questions[k] for k in keys if any(w["overlaps"] and w["near"] for w in questions[k])]
    w = [0.0] * len(WINDOW)
    m, v = [0.0] * len(w), [0.0] * len(w)
    for step in range(1, 401):
        grad = [-RANK_L2 * wi * len(data) for wi in w]
        for windows in data:
            scores = [dot(w, win["x"]) for win in windows]
            top = max(scores)
            e = [math.exp(s - top) for s in scores]
            total = sum(e)
            right = sum(ei for ei, win in zip(e, windows) if win["overlaps"] and win["near"])
            for ei, win in zip(e, windows):
                p_all = ei / total
                p_right = ei / right if win["overlaps"] and win["near"] else 0.0
                for j, xj in enumerate(win["x"]):
                    grad[j] += (p_right - p_all) * xj
        w = adam(w, grad, m, v, step, len(data))
    return w


def adam(w, grad, m, v, step, n, rate=0.05, b1=0.9, b2=0.999):
    out = []
    for j, g in enumerate(grad):
        g = -g / n  # minimise the negative log-likelihood per question
        m[j] = b1 * m[j] + (1 - b1) * g
        v[j] = b2 * v[j] + (1 - b2) * g * g
        mh, vh = m[j] / (1 - b1 ** step), v[j] / (1 - b2 ** step)
        out.append(w[j] - rate * mh / (math.sqrt(vh) + 1e-8))
    return out


def near(a, b):
    return a["lecture"] == b["lecture"] and a["first"] <= b["last"] and b["first"] <= a["last"]


def ranked(windows, w):
    """Windows by score, ties by position, as the answerer orders them; each with its answer features."""
    scored = sorted(((dot(w, win["x"]), win) for win in windows), key=lambda p: (-p[0], p[1]["lecture"], p[1]["first"], p[1]["last"]))
    out = []
    for score, win in scored:
        other = next((s for s, o in scored if not near(win, o)), None)
        margin = MAX_MARGIN if other is None else min(MAX_MARGIN, score - other)
        x = win["x"]
        features = [score, margin, win["known_share"], win["unknown"],
                    x[WINDOW.index("coverage")], x[WINDOW.index("focus")], x[WINDOW.index("rarest")], x[WINDOW.index("missing")],
                    x[WINDOW.index("kind_missing")]]
        out.append((win, features))
    return out


def sigmoid(z):
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def fit_answerer(examples):
    """Logistic regression on (features, right) with an L2 penalty (not on the bias)."""
    w, b = [0.0] * len(ANSWER), 0.0
    m, v = [0.0] * (len(w) + 1), [0.0] * (len(w) + 1)
    for step in range(1, 1001):
        grad = [-ANSWER_L2 * wi * len(examples) for wi in w] + [0.0]
        for x, y in examples:
            err = (1.0 if y else 0.0) - sigmoid(b + dot(w, x))
            for j, xj in enumerate(x):
                grad[j] += err * xj
            grad[-1] += err
        both = adam(w + [b], grad, m, v, step, len(examples))
        w, b = both[:-1], both[-1]
    return w, b


def answer(windows, ranker, answerer, threshold):
    """What the answerer does: the first window, in rank order, whose answering chance reaches the threshold; None declines."""
    w, b = answerer
    for win, features in ranked(windows, ranker):
        if sigmoid(b + dot(w, features)) >= threshold:
            return win
    return None


def figures(meta, keys, answers):
    top = within = answerable = declined = unanswerable = 0
    for k in keys:
        win = answers[k]
        if meta[k]["answerable"]:
            answerable += 1
            top += win is not None and win["overlaps"]
            within += win is not None and win["near"]
        else:
            unanswerable += 1
            declined += win is None
    return top, within, answerable, declined, unanswerable


def goal_ratio(f):
    top, within, answerable, declined, unanswerable = f
    return min(top / answerable / GOALS[0], within / answerable / GOALS[1], declined / max(1, unanswerable) / GOALS[2])


def main():
    questions, meta = load()
    keys = sorted(meta)
    fold = {k: i % FOLDS for i, k in enumerate(keys)}
    # Out-of-fold ranking scores for every question, then the answerer fitted on them.
    rankers = [fit_ranker(questions, [k for k in keys if fold[k] != f]) for f in range(FOLDS)]
    examples = []
    for k in keys:
        if questions[k]:
            win, features = ranked(questions[k], rankers[fold[k]])[0]
            examples.append((features, win["overlaps"]))
    answerer = fit_answerer(examples)
    # The threshold that best meets the goals on out-of-fold answers (each question answered by its fold's ranker).
    best = None
    for t in [i / 100 for i in range(5, 96)]:
        answers = {k: answer(questions[k], rankers[fold[k]], answerer, t) for k in keys}
        f = figures(meta, keys, answers)
        if best is None or goal_ratio(f) > best[0] + 1e-9:
            best = (goal_ratio(f), t, answers)
    _, threshold, answers = best
    report = []
    for name in sorted({k[0] for k in keys}):
        subset = [k for k in keys if k[0] == name]
        top, within, answerable, declined, unanswerable = figures(meta, subset, answers)
        report.append(f"{name}: top-1 {top}/{answerable}, within 2 s {within}/{answerable}, declined {declined}/{unanswerable}")
        ranked_first = sum(1 for k in subset if meta[k]["answerable"] and questions[k] and ranked(questions[k], rankers[fold[k]])[0][0]["overlaps"])
        by_kind = defaultdict(lambda: [0, 0])
        for k in subset:
            right = answers[k] is None if not meta[k]["answerable"] else answers[k] is not None and answers[k]["overlaps"]
            by_kind[meta[k]["kind"]][0] += right
            by_kind[meta[k]["kind"]][1] += 1
        print(f"out of fold at {threshold}, {report[-1]}; ranked first {ranked_first}/{answerable}; "
              + ", ".join(f"{kind} {r}/{n}" for kind, (r, n) in sorted(by_kind.items())))
    ranker = fit_ranker(questions, keys)
    model = {
        "about": "Fitted by Model/fit_answer_model.py on Model/answer-features.tsv (tuning and development questions only; "
                 f"{len(keys)} questions, {sum(len(questions[k]) for k in keys)} windows). Out-of-fold ({FOLDS} folds) at the "
                 f"chosen threshold: " + "; ".join(report) + ".",
        "window": {"names": WINDOW, "weights": [round(x, 4) for x in ranker]},
        "answer": {"names": ANSWER, "weights": [round(x, 4) for x in answerer[0]], "bias": round(answerer[1], 4)},
        "threshold": threshold,
    }
    (HERE.parent / "answer-model.json").write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({"window": dict(zip(WINDOW, model["window"]["weights"])), "answer": dict(zip(ANSWER, model["answer"]["weights"])),
                      "bias": model["answer"]["bias"], "threshold": threshold}))


if __name__ == "__main__":
    main()
