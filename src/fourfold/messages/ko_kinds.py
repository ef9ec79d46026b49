"""Korean messages about kinds of input data and reading `predict`'s files."""

KINDS_TEXT = {
    "kinds.unknown": "이 실행의 입력 종류 '{kind}'을(를) 이 fourfold는 모릅니다(아는 종류: {kinds}). 더 새로운 fourfold로 만든 실행이니 그 버전으로 예측하세요.",
    "kinds.accepts.image": "이미지(PNG, JPEG 등), 이미지 폴더, IDX 파일 또는 NPZ 파일",
    "kinds.accepts.table": "학습 때의 열이 있는 CSV 파일",
    "kinds.accepts.radar": "Statoil/C-CORE JSON 파일(train.json 또는 test.json)",
    "kinds.accepts.frame": "{columns} 열이 있는 CSV/TSV 또는 Parquet 표",
    "predict.no_such_file": "{path}: 파일이 없습니다.",
    "predict.unreadable_image": "{path}: 읽을 수 없는 이미지입니다({error}).",
    "predict.unreadable_npz": "{path}: 읽을 수 없는 NPZ 파일입니다({error}).",
    "predict.npz_keys": "{path}에는 배열 {keys}이(가) 있습니다: 입력 배열 이름을 'x'로 하세요(또는 배열을 하나만 두세요).",
}
