"""목록의 한국어: `fourfold datasets`, `recipes`, `inspect`."""

LISTING: dict[str, str] = {
    # 작업 이름
    "task.multiclass": "다중 클래스 분류",
    "task.regression": "회귀",
    "task.binary": "이진 분류",
    "task.multilabel": "다중 레이블 분류",
    # fourfold datasets
    "datasets.column.name": "데이터 세트",
    "datasets.column.task": "작업",
    "datasets.column.where": "찾은 곳",
    "datasets.column.size": "크기",
    "datasets.how_to_get": "{name} — {how_to_get}",
    # fourfold recipes
    "recipes.column.name": "레시피",
    "recipes.column.task": "작업",
    "recipes.column.summary": "하는 일",
    "recipes.column.textbook": "교재의 결과",
    "recipes.show_hint": "레시피 내용은 `fourfold recipes show NAME`으로 보고, `fourfold run NAME`으로 실행하세요.",
    # fourfold inspect (데이터 세트의 배열)
    "inspect.arrays.shapes": "훈련 {train}, 테스트 {test}, 자료형 {dtype}, 결측값 {missing}개",
    "inspect.arrays.feature": "특성",
    "inspect.arrays.all_values": "모든 값",
    "inspect.arrays.min": "최솟값",
    "inspect.arrays.max": "최댓값",
    "inspect.arrays.mean": "평균",
    "inspect.arrays.std": "표준편차",
    "inspect.arrays.scaling": "스케일링: {scaler} ({why})",
    "inspect.scaler.pixels": "0..255의 8비트 픽셀: 255로 나누어 0..1로 만드세요.",
    "inspect.scaler.standard": "특성마다 값의 범위가 크게 다릅니다: 훈련 행의 평균과 표준편차로 각 특성을 표준화하세요.",
    "inspect.scaler.none": "값들이 이미 비슷하고 작은 범위에 있습니다.",
    "inspect.arrays.class": "클래스",
    "inspect.arrays.train": "훈련",
    "inspect.arrays.test": "테스트",
    "inspect.arrays.imbalance": "불균형 비율(가장 큰 훈련 클래스/가장 작은 훈련 클래스): {ratio:.2f}",
    "inspect.arrays.duplicates": "훈련 행과 똑같은 테스트 행: {count}개",
    "inspect.labels.label": "레이블",
    "inspect.labels.per_row": "훈련 행당 레이블 수: {count:.2f}; 함께 나타남(두 레이블을 모두 가진 훈련 행 수):",
}
