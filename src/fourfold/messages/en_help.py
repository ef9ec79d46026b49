"""English text of `--help`: section titles and each command's examples."""

HELP: dict[str, str] = {
    "help.arguments": "Arguments",
    "help.options": "Options",
    "help.examples": "Examples",
    "help.examples.run": (
        "fourfold run mnist                         # the textbook's digits, 30 epochs\n"
        "fourfold run boston --kfold 3              # 3-fold cross-validation\n"
        "fourfold run mnist --epochs 5 --set model.hidden_units=[128,64]\n"
        "fourfold run houses.csv --target price     # your own table\n"
        "fourfold run --resume runs/mnist-20260101T120000Z"),
    "help.examples.predict": (
        "fourfold predict runs/mnist-20260101T120000Z digit.png\n"
        "fourfold predict runs/mnist-20260101T120000Z digits/ --out predictions.csv\n"
        "fourfold predict runs/boston-20260101T120000Z houses.csv"),
    "help.examples.report": "fourfold report runs/mnist-20260101T120000Z",
    "help.examples.compare": (
        "fourfold compare runs/mnist-20260101T120000Z runs/mnist-20260102T090000Z "
        "--out compare.html"),
    "help.examples.inspect": (
        "fourfold inspect mnist                     # a built-in data set\n"
        "fourfold inspect boston.yaml               # the data set of a recipe\n"
        "fourfold inspect houses.csv --target price # your own table"),
    "help.examples.datasets": (
        "fourfold datasets\n"
        "fourfold datasets --data-dir ~/data"),
    "help.examples.recipes": (
        "fourfold recipes                           # list them\n"
        "fourfold recipes show boston > my.yaml     # copy one to edit\n"
        "fourfold recipes init houses.csv --target price > houses.yaml"),
    "help.examples.runs": "fourfold runs --limit 5",
    "help.examples.explain": (
        "fourfold explain softmax 3.1 3.0 2.9 --names burger,pizza,salad\n"
        "fourfold explain sigmoid 2 -1 0.5"),
}
