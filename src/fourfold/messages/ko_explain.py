"""Korean messages (keys as in en_explain.py)."""

EXPLAIN = {
    "explain.bad_score": "'{value}'은(는) 유한한 수가 아닙니다. 점수(로짓)를 수로 주세요. 예: fourfold explain softmax 3.1 3.0 2.9.",
    "explain.bad_names": "--names에 이름이 {names}개인데 점수는 {scores}개입니다. 점수마다 이름 하나씩, 쉼표로 구분해 주세요.",
    "explain.example": "점수가 없어 교재의 예 {scores}를 씁니다.",
    "explain.title": "점수 {count}개에 대한 {activation}",
    "explain.column.name": "클래스",
    "explain.column.score": "점수",
    "explain.column.softmax": "소프트맥스",
    "explain.column.sigmoid": "시그모이드",
    "explain.column.sum": "합",
    "explain.softmax.sum": "소프트맥스: 확률의 합은 {total:.4f}입니다. 클래스들이 한 몫을 두고 경쟁합니다. 모델은 {probability:.4f}로 {name}을(를) 고르며, 그 점수는 다음 점수보다 {lead:.2f} 앞섭니다.",
    "explain.softmax.nudge": "{name}의 점수를 {nudge:g} 올리면 소프트맥스 확률이 {before:.4f} -> {after:.4f}가 되고 나머지 클래스는 모두 줄어듭니다({others}). 시그모이드 값은 그대로입니다.",
    "explain.sigmoid.alone": "시그모이드: 각 점수를 따로 판단합니다(합 {total:.4f}, 1이 아님). {scores}개 중 {count}개가 임계값 0.5를 넘습니다: {names}.",
    "explain.sigmoid.nudge": "{name}의 점수를 {nudge:g} 올리면 시그모이드가 {before:.4f} -> {after:.4f}가 되고 나머지는 그대로입니다. 소프트맥스였다면 줄었을 것입니다({others}).",
    "explain.default_name": "클래스 {number}",
    "explain.softmax.single": "점수 하나의 소프트맥스는 점수와 상관없이 항상 1입니다. 출력 유닛이 하나면 시그모이드(binary 작업)를 써야 합니다.",
    "explain.none_above": "없음",
    "explain.rule.softmax": "소프트맥스는 {tasks} 작업에 씁니다: 행마다 클래스 하나(유닛 K개, categorical_crossentropy). 정답이 정확히 하나일 때 쓰세요.",
    "explain.rule.sigmoid": "시그모이드는 {tasks} 작업에 씁니다: 출력마다 따로 예/아니오(binary: 유닛 1개, multilabel: 유닛 K개, binary_crossentropy). 한 행에 레이블이 여럿이거나 없을 수 있을 때 쓰세요.",
}
