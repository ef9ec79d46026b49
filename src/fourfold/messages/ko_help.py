"""`--help`의 한국어: 절 제목과 명령마다의 예."""

HELP: dict[str, str] = {
    "help.arguments": "인자",
    "help.options": "옵션",
    "help.examples": "예",
    "help.examples.run": (
        "fourfold run mnist                         # 교재의 손글씨 숫자, 30 에포크\n"
        "fourfold run boston --kfold 3              # 3겹 교차 검증\n"
        "fourfold run mnist --epochs 5 --set model.hidden_units=[128,64]\n"
        "fourfold run houses.csv --target price     # 내 표 데이터\n"
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
        "fourfold inspect mnist                     # 내장 데이터 세트\n"
        "fourfold inspect boston.yaml               # 레시피의 데이터 세트\n"
        "fourfold inspect houses.csv --target price # 내 표 데이터"),
    "help.examples.datasets": (
        "fourfold datasets\n"
        "fourfold datasets --data-dir ~/data"),
    "help.examples.recipes": (
        "fourfold recipes                           # 목록\n"
        "fourfold recipes show boston > my.yaml     # 하나를 복사해 고치기\n"
        "fourfold recipes init houses.csv --target price > houses.yaml"),
    "help.examples.runs": "fourfold runs --limit 5",
    "help.examples.explain": (
        "fourfold explain softmax 3.1 3.0 2.9 --names burger,pizza,salad\n"
        "fourfold explain sigmoid 2 -1 0.5"),
}
