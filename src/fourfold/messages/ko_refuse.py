"""Korean messages (keys as in en_refuse.py)."""

REFUSE = {
    "quote.shortened": "{head}… ({length}자)",
    "recipe.did_you_mean": " '{suggestion}'을(를) 뜻했나요?",
    # 레시피 파일과 YAML
    "recipe.unreadable": "레시피 파일 {source}을(를) 읽을 수 없습니다: {error}.",
    "recipe.too_large": "레시피 파일 {source}이(가) {limit}바이트보다 큽니다. 레시피는 짧은 YAML 파일입니다. 의도한 레시피가 맞는지 확인하세요.",
    "recipe.not_utf8": "레시피 파일 {source}은(는) UTF-8 텍스트가 아닙니다({position}번째 바이트가 {byte}). UTF-8로 저장하세요.",
    "recipe.yaml_tag": "{source}: 레시피에는 YAML 태그 {tag}을(를) 쓸 수 없습니다. 값을 그대로 쓰세요(텍스트로 만들려면 따옴표로 감싸세요).",
    "recipe.yaml_too_deep": "{source}: YAML이 {limit}단계보다 깊게 중첩되어 있습니다. 레시피에는 몇 단계면 충분합니다.",
    "recipe.yaml_recursive_alias": "{source}: YAML 별칭 *{anchor}이(가) 자신의 앵커 &{anchor} 안에서 쓰였습니다. 값을 직접 쓰세요.",
    "recipe.yaml_too_many_aliases": "{source}: YAML 별칭(*name)을 {limit}번보다 많이 씁니다. 값을 직접 쓰세요.",
    "recipe.yaml_alias_expansion": "{source}: YAML 별칭(*name)이 모두 합쳐 {limit}개보다 많은 값을 나타냅니다. 값을 직접 쓰세요.",
    "recipe.yaml_long_number": "{source}: 숫자가 {digits}자리로, 레시피가 받는 {limit}자리보다 깁니다. 더 작은 수를 쓰세요.",
    "recipe.yaml_bad_value": "{source}: 값을 읽을 수 없습니다: {error}. 텍스트로 쓰려면 따옴표로 감싸세요.",
    "recipe.bad_section": "{source}: '{key}': {problem}.",
    "recipe.bad_recipe": "{source}: {problem}.",
    # 말이 되지 않는 필드 값
    "schema.seed_range": "시드는 0부터 {largest}까지의 정수입니다(NumPy 시드 범위). 이 범위의 값을 쓰세요",
    "schema.cnn_flattened": "모델 {name}은(는) kind cnn 이라 각 이미지를 높이 x 너비 x 채널로 읽는데, preprocess.flatten: true 는 이미지를 벡터 하나로 펼칩니다. preprocess.flatten: false 로 설정하세요",
    # 불러온 데이터에 비춘 레시피
    "check.split_leaves_no_rows": "학습 행 {rows}개에 split.test_size {test_size}을(를) 쓰면 학습에 {train}개, 검증에 {validation}개가 남는데, 각각 {least}개 이상이어야 합니다. test_size 를 {low}에서 {high} 사이로 쓰세요.",
    "check.validation_split_leaves_no_rows": "학습 행 {rows}개에 split.validation_split {fraction}을(를) 쓰면 학습에 {train}개, 검증에 {validation}개가 남는데, 각각 1개 이상이어야 합니다. validation_split 을 {low}에서 {high} 사이로 쓰세요.",
    "check.stratify_small_class": "split.stratify 는 분할 양쪽에서 클래스 비율을 유지하는데, 클래스 {name}의 학습 행은 {count}개뿐입니다. split.stratify: false 로 하거나 그 클래스의 행을 늘리세요.",
    "check.cnn_needs_images": "모델 {name}은(는) kind cnn 이라 이미지(높이 x 너비, 그리고 채널)가 필요한데, 이 데이터 세트의 행은 {shape}입니다. model.kind dense 를 쓰세요.",
    "check.cnn_too_deep": "모델 {name}에는 합성곱 블록이 {blocks}개 있고 블록마다 풀링이 이미지를 절반으로 줄이는데, {shape} 이미지는 {fitting}번만 줄여도 한 픽셀이 됩니다. model.filters 를 {fitting}개 이하로 쓰거나 preprocess.downsample 을 줄이세요.",
}
