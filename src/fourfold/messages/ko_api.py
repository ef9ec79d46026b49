"""Korean messages of the Python API: ``fourfold.run``, ``fourfold.Data``, ``fourfold.load``."""

API: dict[str, str] = {
    # fourfold.run
    "api.unknown_keyword": "fourfold.run()에 알 수 없는 키워드 {keyword!r}가 주어졌습니다{suggestion}. 받는 키워드는 {allowed}이며, 레시피 필드는 section__field=value(training__learning_rate=0.001) 형식으로 줄 수 있습니다. section은 {fields} 중 하나입니다.",
    "api.did_you_mean": " ({name!r}을(를) 뜻했나요?)",
    "api.bad_recipe": "fourfold.run()의 첫 인자는 내장 레시피 이름, YAML 레시피 경로, 표 파일, 사진 폴더 또는 fourfold.Recipe여야 합니다. 받은 값: {received}.",
    "api.bad_overrides": "overrides는 {{'model.hidden_units': [128, 64]}} 같은 매핑이거나 --set처럼 'key.path=value' 문자열의 리스트여야 합니다. 받은 값: {received}.",
    "api.given_twice": "레시피 필드 {key}가 두 번 주어졌습니다({first}, {second}). 한 번만 주세요.",
    "api.bad_data": "data는 fourfold.Data(x_train, y_train, x_test, y_test) 또는 fourfold.datasets.LoadedData여야 합니다. 받은 값: {received}.",
    "api.data_ignores": "data=는 레시피의 데이터셋을 대신하므로 {option}은(는) 무시됩니다. 빼 주세요.",
    "api.data_own_data": "data=는 레시피의 데이터셋을 대신하는데, {argument}은(는) 이미 여러분의 데이터입니다. data=와 함께 레시피(내장 이름, YAML 파일 또는 fourfold.Recipe)를 주거나, data= 없이 파일만 주세요.",
    "api.data_jobs": "data=로 준 데이터는 이 프로세스에서만 학습합니다. jobs={jobs}는 레시피 자체의 데이터셋을 파일에서 읽는 프로세스를 띄우게 됩니다. jobs=1을 쓰세요.",
    # fourfold.Data
    "api.data.source": "fourfold.run에 주어진 배열(학습 {train}행, 테스트 {test}행)",
    "api.data.batch_axis": "{name}은(는) 행이 첫 축인 (n, ...) 모양이어야 합니다. 받은 모양: {shape}. 특성이 하나라면 {name}.reshape(-1, 1)을 쓰세요.",
    "api.data.rows": "{x}은(는) {x_rows}행인데 {y}은(는) {y_rows}행입니다. 행마다 짝이 맞아야 합니다.",
    "api.data.row_shapes": "{first}의 행 모양은 {first_shape}인데 {second}의 행 모양은 {second_shape}입니다. 같아야 합니다.",
    "api.data.not_numeric": "{name}은(는) 숫자여야 합니다(픽셀은 uint8). 받은 dtype: {dtype}. 텍스트 열이 있는 표는 CSV로 저장해 fourfold.run('table.csv', target='column')으로 실행할 수 있습니다.",
    "api.data.target_shape": "{task} 작업에서 {name}의 모양은 {expected}여야 합니다. 받은 모양: {shape}.",
    "api.data.not_binary_labels": "multilabel 작업에서 {name}은(는) 레이블마다 0 또는 1이어야 합니다. 찾은 값: {values}.",
    "api.data.regression_classes": "regression 작업의 타깃은 값이므로 class_names는 무시됩니다. 빼 주세요.",
    "api.data.class_count": "binary 작업에는 클래스가 두 개 필요합니다. 타깃의 클래스는 {count}개({classes})입니다. multiclass 레시피를 쓰세요.",
    "api.data.one_class": "타깃의 클래스가 하나({classes})뿐이라 학습할 것이 없습니다.",
    "api.data.bad_ids": "class_names를 주면 {name}은(는) 클래스 번호 0..{last}여야 합니다. 찾은 값: {value}.",
    "api.data.unseen_class": "{name}에 y_train의 어느 행에도 없는 클래스 {value}가 있습니다. y_train의 클래스: {classes}.",
    "api.data.label_names": "class_names의 이름은 {count}개인데 {name}의 레이블 열은 {labels}개입니다.",
    # fourfold.load
    "api.no_probabilities": "{run_dir}의 모델은 {task} 모델이라 클래스 확률이 아니라 값을 예측합니다. predict()를 쓰세요.",
    "api.bad_input": "predict()는 입력 배열, pandas DataFrame, 또는 입력 파일의 경로(나 경로의 리스트)를 받습니다. 받은 값: {received}.",
    "api.bad_shape": "x의 행 모양은 {received}인데 {run_dir}의 모델은 {expected} 모양의 행(또는 {size}개 값으로 펼친 행)을 기대합니다.",
    "api.needs_pixels": "{run_dir}의 모델은 uint8 픽셀(0-255)로 학습했고 스케일링을 스스로 합니다. x의 dtype은 {dtype}입니다. 원래 픽셀 값을 주세요(x.astype('uint8')).",
    "api.needs_frame": "{run_dir}의 모델은 표로 학습했습니다. x를 {columns} 열을 가진 pandas DataFrame이나 표 파일의 경로로 주세요.",
}
