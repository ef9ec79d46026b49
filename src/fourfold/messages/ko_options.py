"""Korean text of `--help` itself (keys as in :mod:`fourfold.messages.en_options`)."""

OPTIONS: dict[str, str] = {
    "help.usage": "사용법:",
    "help.commands": "명령",
    "help.default": "기본값",
    # the app
    "help.command.fourfold": (
        "네 가지 고전적인 지도 학습 문제를 신경망으로 풉니다. 데이터에서 시작해 설명이 붙은 "
        "결과까지.\n\n시작하기: fourfold run mnist (그다음 그 실행 폴더로 report, predict, "
        "compare 명령을 씁니다). 모든 명령의 --help에 예가 있습니다."),
    "help.param.fourfold.version": "fourfold의 버전을 출력하고 끝냅니다.",
    # shared options
    "help.param.common.help": "이 도움말을 보여 주고 끝냅니다.",
    "help.param.common.debug": "오류의 트레이스백을 보여 줍니다.",
    "help.param.common.lang": (
        "메시지와 보고서의 언어: 영어(en) 또는 한국어(ko). FOURFOLD_LANG으로도 정할 수 "
        "있습니다."),
    "help.param.common.quiet": "요약만 출력합니다.",
    "help.param.common.data_dir": (
        "데이터 세트가 있는 폴더. FOURFOLD_DATA로도 정할 수 있습니다."),
    "help.param.common.target": "예측할 표의 열 (0/1 열 여러 개라면 a,b,c처럼).",
    "help.param.common.task": "타깃에서 추론하지 않고 작업을 직접 정합니다.",
    "help.param.common.drop": "표에서 뺄 열 (여러 번 쓰거나 a,b처럼).",
    "help.param.common.test": "열이 같은 테스트 표 (기본값: 행의 20%).",
    # run
    "help.command.run": (
        "RECIPE의 모델을 학습하고 지표, 모델, 보고서를 담은 실행 폴더를 만듭니다 "
        "(--resume RUN_DIR로 중단된 실행을 이어 갈 수도 있습니다)."),
    "help.short.run": "레시피의 모델을 학습하고 실행 폴더를 만듭니다.",
    "help.param.run.recipe": (
        "내장 레시피 이름, YAML 레시피 파일, 내 표 데이터(CSV/TSV/Parquet, --target과 함께) "
        "또는 클래스마다 하위 폴더가 하나씩 있는 사진 폴더."),
    "help.param.run.resume": "중단된 실행 폴더를 마지막으로 끝난 에포크부터 이어서 학습합니다.",
    "help.param.run.out": "실행 폴더를 만들 곳.",
    "help.param.run.epochs": "에포크 수(training.epochs)를 바꿉니다.",
    "help.param.run.batch_size": "배치 크기(training.batch_size)를 바꿉니다.",
    "help.param.run.seed": "학습의 난수 시드를 바꿉니다.",
    "help.param.run.kfold": "K겹 교차 검증: 폴드마다 새 모델을 학습합니다.",
    "help.param.run.jobs": "동시에 학습할 폴드 수 (폴드마다 프로세스 하나).",
    "help.param.run.submit_to": "데이터 세트의 테스트 파일에 대한 Kaggle 제출 파일을 여기에 씁니다.",
    "help.param.run.overrides": (
        "레시피의 어느 필드든 바꿉니다: --set model.hidden_units=[128,64] (여러 번 쓸 수 "
        "있습니다)."),
    # predict
    "help.command.predict": "RUN_DIR의 모델과 저장된 전처리로 INPUT을 예측합니다.",
    "help.short.predict": "실행의 모델로 새 입력을 예측합니다.",
    "help.param.predict.run_dir": "완료된 실행 폴더.",
    "help.param.predict.inputs": (
        "이미지 파일이나 그 폴더, IDX 또는 NPZ 배치, CSV 행(사진 실행이라면 사진 경로를 담은 "
        "CSV), 레이더 JSON."),
    "help.param.predict.out": "예측을 이 CSV 파일에 씁니다.",
    "help.param.predict.root": "CSV 속 사진 경로의 기준 폴더 (기본값: CSV가 있는 폴더).",
    # report
    "help.command.report": "실행 폴더만으로 RUN_DIR/report.html을 다시 만듭니다.",
    "help.short.report": "실행 폴더로 보고서를 다시 만듭니다.",
    "help.param.report.run_dir": "실행 폴더.",
    # compare
    "help.command.compare": "여러 실행의 학습 곡선을 겹쳐 그리고 지표를 나란히 보여 줍니다.",
    "help.short.compare": "여러 실행을 한 페이지에서 비교합니다.",
    "help.param.compare.run_dirs": "실행 폴더 두 개 이상.",
    "help.param.compare.out": "만들 비교 페이지.",
    # inspect
    "help.command.inspect": (
        "데이터 세트를 살펴봅니다: 모양, 값의 범위와 알맞은 스케일링, 클래스 균형, 결측값, "
        "훈련 세트와 테스트 세트에 함께 있는 중복. 내 표 데이터라면 각 열의 종류(수치형, "
        "범주형, 불리언, 또는 제외와 그 이유)와, --target을 주면 작업도 보여 줍니다."),
    "help.short.inspect": "학습 전에 데이터 세트를 살펴봅니다.",
    "help.param.inspect.target": (
        "내장 데이터 세트나 레시피 이름, 레시피 파일, 내 표 데이터(CSV/TSV/Parquet) 또는 "
        "사진 폴더."),
    # datasets
    "help.command.datasets": (
        "내장 데이터 세트마다 있는 곳(없으면 받는 방법)과 크기를 보여 줍니다."),
    "help.short.datasets": "내장 데이터 세트의 위치와 크기를 보여 줍니다.",
    # recipes
    "help.command.recipes": (
        "내장 레시피를 나열하거나, `recipes show NAME`으로 레시피 하나의 YAML을 출력하거나, "
        "`recipes init data.csv --target COL`(또는 `recipes init photos/`)로 내 데이터에 맞는 "
        "완전한 레시피를 출력합니다. 출력한 레시피는 고쳐서 `fourfold run recipe.yaml`로 "
        "실행합니다."),
    "help.short.recipes": "내장 레시피를 나열하고 보여 주며, 내 데이터용 레시피를 만듭니다.",
    "help.param.recipes.action": (
        "'show'는 내장 레시피를 출력하고, 'init'은 내 데이터에 맞는 레시피를 만듭니다."),
    "help.param.recipes.name": (
        "'show'라면 보여 줄 레시피, 'init'이라면 내 표 데이터나 사진 폴더."),
    # runs
    "help.command.runs": (
        "지난 실행을 상태, 대표 지표와 함께 나열합니다. 폴더를 읽을 수 없는 실행은 읽을 수 "
        "없다고 표시하고 그 파일을 알려 줍니다."),
    "help.short.runs": "지난 실행을 최신 순으로 나열합니다.",
    "help.param.runs.limit": "최대 N개의 실행만 보여 줍니다.",
    # explain
    "help.command.explain": (
        "같은 점수에 소프트맥스와 시그모이드를 적용해 보여 줍니다. 소프트맥스의 확률은 합이 "
        "1이어서 클래스끼리 경쟁하고, 시그모이드는 각 클래스를 따로 판단합니다. 각각이 어떤 "
        "작업에 쓰이는지도 알려 줍니다."),
    "help.short.explain": "같은 점수로 비교하는 소프트맥스와 시그모이드.",
    "help.param.explain.activation": (
        "설명할 출력 활성화 함수: softmax(다중 클래스 분류) 또는 sigmoid(이진 분류, 다중 "
        "레이블 분류)."),
    "help.param.explain.scores": "한 행에 대한 모델의 점수(로짓). 예: 3.1 3.0 2.9 (기본값).",
    "help.param.explain.names": (
        "점수마다 하나씩, 쉼표로 구분한 클래스 이름: burger,pizza,salad."),
}
