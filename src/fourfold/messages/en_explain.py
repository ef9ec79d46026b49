"""English messages of `fourfold explain`: the chapter's softmax-versus-sigmoid lesson."""

EXPLAIN = {
    "explain.bad_score": "'{value}' is not a finite number. Give the scores (logits) as numbers, e.g. fourfold explain softmax 3.1 3.0 2.9.",
    "explain.bad_names": "--names gives {names} name(s) for {scores} score(s). Give one name per score, separated by commas.",
    "explain.example": "No scores given: using the chapter's example {scores}.",
    "explain.title": "{activation} on {count} scores",
    "explain.column.name": "class",
    "explain.column.score": "score",
    "explain.column.softmax": "softmax",
    "explain.column.sigmoid": "sigmoid",
    "explain.column.sum": "sum",
    "explain.softmax.sum": "Softmax: the probabilities sum to {total:.4f}: the classes compete for one share. The model picks {name} with {probability:.4f}; its score leads the next by {lead:.2f}.",
    "explain.softmax.nudge": "Raise {name}'s score by {nudge:g}: its softmax probability goes {before:.4f} -> {after:.4f} and every other class loses ({others}); their sigmoid values do not move.",
    "explain.sigmoid.alone": "Sigmoid: each score is judged alone (sum {total:.4f}, not 1). {count} of {scores} are above the 0.5 threshold: {names}.",
    "explain.sigmoid.nudge": "Raise {name}'s score by {nudge:g}: its sigmoid goes {before:.4f} -> {after:.4f} and the others stay exactly as they were; under softmax they would fall ({others}).",
    "explain.default_name": "class {number}",
    "explain.softmax.single": "Softmax of a single score is always 1, whatever the score: one output unit needs sigmoid (task binary).",
    "explain.none_above": "none",
    "explain.rule.softmax": "Softmax serves task {tasks}: one class per row (K units, categorical_crossentropy). Use it when exactly one answer is right.",
    "explain.rule.sigmoid": "Sigmoid serves tasks {tasks}: each output a yes/no of its own (binary: 1 unit; multilabel: K units; binary_crossentropy). Use it when a row may have several labels, or none.",
}
