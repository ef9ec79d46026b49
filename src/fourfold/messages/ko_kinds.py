"""Korean messages about kinds of input data and reading `predict`'s files."""

KINDS_TEXT = {
    "kinds.unknown": "이 실행의 입력 종류 '{kind}'을(를) 이 fourfold는 모릅니다(아는 종류: {kinds}). 더 새로운 fourfold로 만든 실행이니 그 버전으로 예측하세요.",
    "kinds.accepts.image": "이미지(PNG, JPEG 등), 이미지 폴더, IDX 파일 또는 NPZ 파일",
    "kinds.accepts.table": "학습 때의 열이 있는 CSV 파일",
    "kinds.accepts.radar": "Statoil/C-CORE JSON 파일(train.json 또는 test.json)",
    "kinds.accepts.frame": "{columns} 열이 있는 CSV/TSV 또는 Parquet 표",
    "check.multilabel_needs_label_rows": "task multilabel 에는 0/1 레이블 열(행마다 여러 레이블)이 필요한데 데이터 세트 {dataset}은(는) 행마다 레이블이 하나입니다. task multiclass(softmax: 행마다 한 클래스)나 binary 를 쓰세요.",
    "check.single_label_task_on_label_rows": "task {task} 는 행마다 한 클래스를 주는데 이 데이터 세트는 행마다 0/1 레이블 열이 {labels}개입니다. task multilabel(레이블마다 sigmoid, 이진 교차 엔트로피)을 쓰세요.",
    "check.binary_needs_two_classes": "task binary(sigmoid 유닛 하나)에는 클래스가 둘이어야 하는데 이 데이터 세트는 {classes}개입니다. task multiclass(클래스에 대한 softmax, 범주형 교차 엔트로피)를 쓰세요.",
    "check.classification_needs_classes": "task {task} 에는 클래스 레이블이 필요한데 이 데이터 세트의 타깃은 숫자입니다. task regression(선형 유닛 하나, mse)을 쓰세요.",
    "check.regression_on_classes": "task regression(선형 유닛 하나)은 이 데이터 세트의 클래스 레이블 {classes}개를 숫자로 다루게 됩니다. task multiclass 를, 클래스가 둘이면 binary 를 쓰세요.",
    "check.more_folds_than_rows": "kfold.n_splits 가 {folds}인데 학습 행은 {rows}개뿐입니다. 폴드 수를 줄이세요.",
    "check.more_folds_than_class": "kfold.n_splits 가 {folds}인데 클래스 {name}의 학습 행은 {count}개뿐이라 어떤 폴드에는 이 클래스가 없게 됩니다. 폴드를 {count}개 이하로 쓰세요.",
    "check.downsample_too_large": "preprocess.downsample {downsample}이(가) 입력({shape})보다 커서 남는 특성이 없습니다. 더 작은 downsample 을 쓰세요.",
    "predict.no_such_file": "{path}: 파일이 없습니다.",
    "predict.unreadable_image": "{path}: 읽을 수 없는 이미지입니다({error}).",
    "predict.unreadable_npz": "{path}: 읽을 수 없는 NPZ 파일입니다({error}).",
    "predict.npz_keys": "{path}에는 배열 {keys}이(가) 있습니다: 입력 배열 이름을 'x'로 하세요(또는 배열을 하나만 두세요).",
}
