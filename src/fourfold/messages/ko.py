"""Korean messages. Keys missing here fall back to English."""

from fourfold.messages.ko_api import API
from fourfold.messages.ko_data import DATA
from fourfold.messages.ko_explain import EXPLAIN
from fourfold.messages.ko_folders import FOLDERS
from fourfold.messages.ko_folds import FOLDS
from fourfold.messages.ko_kinds import KINDS_TEXT
from fourfold.messages.ko_report import REPORT
from fourfold.messages.ko_tables import TABLES
from fourfold.messages.ko_tasks import TASKS_TEXT
from fourfold.messages.ko_resume import RESUME
from fourfold.messages.ko_inputs import INPUTS
from fourfold.messages.ko_decode import DECODE
from fourfold.messages.ko_refuse import REFUSE
from fourfold.messages.ko_compare import COMPARE
from fourfold.messages.ko_damage import DAMAGE
from fourfold.messages.ko_lock import LOCK
from fourfold.messages.ko_help import HELP
from fourfold.messages.ko_listing import LISTING
from fourfold.messages.ko_options import OPTIONS
from fourfold.messages.ko_sweep import SWEEP, SWEEP_HELP
from fourfold.messages.ko_usage import USAGE

CORE: dict[str, str] = {
    # recipes
    "recipe.needs_images": "모델 {name}은(는) 이미지를 뒤집거나 옮기거나 합성곱하지만 입력이 {shape} 값의 행입니다 (표, 또는 펼친 이미지); preprocess.flatten: false 인 이미지 데이터를 쓰거나 augmentation 과 kind: cnn 을 지우세요",
    "recipe.data_parallel_backend": "training.data_parallel: on 은 JAX 백엔드(Keras 분산 API)가 필요한데 이 실행은 {backend} 를 씁니다; backend: jax 나 training.data_parallel: auto 로 하세요",
    "recipe.batch_per_device": "training.batch_size {batch_size} 가 이 실행이 병렬로 학습하는 장치 {devices} 개에 고르게 나뉘지 않습니다 (training.data_parallel); {devices} 의 배수를 쓰거나 training.data_parallel: off 로 하세요",
    "recipe.unknown": "알 수 없는 레시피 '{name}'. 내장 레시피: {names}. 또는 YAML 레시피 파일 경로를 주세요.",
    "recipe.source.builtin": "내장 레시피 {name}",
    "recipe.missing_file": "레시피 파일 {path}이(가) 없습니다. 내장 레시피: {names}.",
    "recipe.bad_yaml": "{source}은(는) 올바른 YAML이 아닙니다: {error}",
    "recipe.not_mapping": "{source}은(는) 레시피 필드(name, task, dataset, ...)의 YAML 매핑이어야 합니다.",
    "recipe.streamed_scaler": "사진은 파일에서 스트리밍되므로 preprocess에는 scaler {allowed}만 쓸 수 있고 mean_channel과 downsample은 쓸 수 없습니다(모든 학습 이미지가 한꺼번에 메모리에 있어야 합니다). 현재 scaler는 {scaler}입니다. 레시피의 preprocess를 고치고, 사진 크기는 dataset.image_size로 정하세요.",
    "recipe.no_published_split": "split.method published는 데이터 세트에 정해진 검증 행을 쓰는데, 이 데이터 세트에는 없습니다. split.method train_test_split을 쓰세요(또는 dataset.images.validation을 주세요).",
    "recipe.unknown_group_labels": "evaluation.label_groups.{group}에 데이터 세트에 없는 레이블 {unknown}이(가) 있습니다. 데이터 세트의 레이블: {labels}.",
    "recipe.no_label_groups": "evaluation.decoding groups에는 레이블 그룹이 필요한데, 데이터 세트 {dataset}에는 없습니다. evaluation.label_groups에 적거나(예: colour: [black, blue], type: [dress, shirt]) decoding tuned를 쓰세요.",
    "recipe.bad_set": "--set {override!r}은(는) key.path=value 형식이어야 합니다. 예: --set training.epochs=5",
    "recipe.bad_set_value": "--set {override!r}: 값이 올바른 YAML이 아닙니다: {error}",
    "recipe.bad_index": "--set {key}: '{part}'은(는) 항목 {size}개인 리스트의 인덱스가 아닙니다.",
    "recipe.not_section": "--set {key}: {source}의 '{part}'은(는) 키를 가진 섹션이 아니라 값입니다.",
    "recipe.unknown_key": "{source}: 알 수 없는 키 '{key}'. 여기서 쓸 수 있는 키: {allowed}.",
    "recipe.missing_key": "{source}: 필수 키 '{key}'이(가) 없습니다.",
    "recipe.bad_value": "{source}: '{key}' {problem}; 받은 값 {value}.",
    # run
    "run.summary.title": "실행 완료: {recipe}",
    "run.summary.metric": "테스트 {name}: {value}",
    "run.summary.textbook": "(교재: {value})",
    "run.summary.baseline": "기준선({name}): {value}",
    "baseline.majority_class": "다수 클래스",
    "baseline.constant_prior": "상수 사전확률",
    "baseline.training_mean": "훈련 평균",
    "baseline.all_labels_off": "모든 레이블 꺼짐",
    "run.summary.best_epoch": "최고 에포크 {best}/{epochs}; 그 에포크의 가중치를 저장했습니다.",
    "run.summary.folder": "실행 폴더: {path}",
    "run.summary.kept.lowest_loss": "선택한 모델: {name} (검증 손실이 가장 낮음). predict 가 이 모델을 씁니다.",
    "run.summary.kept.one_standard_error": "선택한 모델: {name} (검증 손실이 최저값에서 표준오차 하나 안에 드는 가장 작은 모델). predict 가 이 모델을 씁니다.",
    "run.summary.report": "보고서: {path}",
    "run.summary.devices": "장치 {count}개에서 데이터 병렬로 훈련: {devices}.",
    "run.summary.time": "전체 시간 {seconds:.1f}초 (훈련 {fit:.1f}초).",
    "run.failed": "실행이 실패했습니다. 실행 폴더 {path}은(는) 실패로 표시되었습니다.",
    "run.nan_loss": "에포크 {epoch}에서 훈련을 멈췄습니다: 손실이 {value}이(가) 되었습니다. training.learning_rate를 낮추거나 입력에 NaN/inf가 있는지, 스케일이 맞는지 확인하세요.",
    "run.backend_missing": "Keras 백엔드 '{backend}'이(가) 설치되어 있지 않습니다({error}). 설치하거나 KERAS_BACKEND 또는 레시피의 backend 필드로 다른 백엔드를 고르세요.",
    "run.output_unwritable": "출력 폴더 {path}에 쓸 수 없습니다: {error}. --out으로 다른 폴더를 고르세요.",
    'run.recipe_or_resume': '새 실행은 RECIPE를, 이어서 하려면 --resume RUN_DIR를 주세요(둘 다는 안 됩니다).',
    'run.resume_no_overrides': '--resume은 실행 자신의 config.yaml로 이어 갑니다. --epochs, --batch-size, --seed, --kfold, --set으로 바꿀 수 없으니 새 실행을 시작하세요.',
    "run.nothing_to_submit": "--submit-to: 데이터 세트 {dataset}에는 예측할 레이블 없는 테스트 파일이 없습니다(iceberg라면 train.json 옆에 test.json을 두세요).",
    "run.submission_written": "테스트 행 {count}개의 제출 파일을 {path}에 썼습니다.",
    "run.fold_done": "폴드 {fold} 완료: 테스트 {name} {value}, 최고 에포크 {best}.",
    "run.folds.title": "{k}-겹 교차 검증 (검증 폴드와 테스트 세트)",
    # curves
    "curve.onset": "검증 손실은 에포크 {best}에서 가장 낮았고({value:.4f}) 그 뒤 훈련 손실이 계속 줄어드는 동안 올라갔습니다: 모델이 에포크 {best} 이후 과대적합되기 시작합니다. 에포크 {best}의 가중치를 사용합니다.",
    "curve.no_onset": "검증 손실이 마지막 에포크({best}/{epochs})에도 여전히 가장 낮거나 그 근처였습니다: {epochs} 에포크 안에서는 과대적합이 없습니다. 에포크를 늘리면 나아질 수 있습니다.",
    "curve.flat": "검증 손실은 에포크 {best}에서 가장 낮았지만({value:.4f}) 그 뒤 뚜렷이 오르지도, 훈련 손실과 벌어지지도 않았습니다: 뚜렷한 과대적합은 없습니다. 에포크 {best}의 가중치를 사용합니다.",
    # predict
    "predict.no_model": "{path}에 훈련된 모델이 없습니다({name} 없음). 완료된 실행의 폴더를 주세요(`fourfold runs` 참고).",
    "predict.bad_model": "{path}을(를) 안전 모드(모델 파일 속 코드는 절대 실행하지 않음)에서 Keras 모델로 불러올 수 없습니다: {error}",
    "predict.not_complete": "실행 {path}의 상태는 {status}이며 완료되지 않았습니다. 모델이 없거나 끝나지 않은 에포크의 것일 수 있습니다. 다른 실행을 고르세요.",
    "predict.unsupported_input": "{path}: {kind} 모델에는 이 종류의 파일을 읽을 수 없습니다. 필요한 것: {expected}.",
    "predict.bad_shape": "{path}: 입력 모양은 {expected}이어야 하는데 {received}입니다.",
    "predict.inverted": "{path}: 밝은 배경을 감지해 훈련 이미지(검은 바탕에 흰 글씨)에 맞게 색을 반전했습니다.",
    "predict.top": "{path}: {label} ({probability:.1%})",
    "predict.top_k": "  상위 {k}개: {items}",
    "predict.empty_folder": "{path}: 폴더에 이미지 파일(PNG, JPEG 등)이 없습니다.",
    "predict.labels": "{path}: {labels}",
    "predict.no_labels": "(레이블 없음)",
    "predict.label_scores": "  {items}",
    "predict.written": "입력 {count}개의 예측을 {path}에 썼습니다.",
    # run-folder records (runs/records.py): a file that cannot be opened
    "records.damaged": "{path} 파일이 손상되었습니다: {problem}. `fourfold report`도 `fourfold predict`도 이 파일을 고칠 수 없습니다. 실행을 다시 하세요 (`fourfold run {config}`).",
    "records.older": "{path} 파일은 이전 버전의 fourfold가 만든 것(schema {found})이라 이 버전에 필요한 내용이 없습니다: {problem}. `fourfold report`도 `fourfold predict`도 이 파일을 고칠 수 없습니다. 실행을 다시 하세요 (`fourfold run {config}`).",
    "records.newer": "{path} 파일은 더 새로운 fourfold가 만든 것입니다(schema {found}; 이 버전은 schema {supported} 이하만 읽습니다). 열려면 fourfold를 업그레이드하세요 (`pip install -U fourfold`).",
    "records.problem.json": "JSON으로 읽을 수 없습니다 ({error})",
    "records.problem.object": "JSON 객체여야 하는데 {found}입니다",
    "records.problem.schema": "'schema'는 1 이상의 정수여야 하는데 {found}입니다",
    "records.problem.missing": "'{field}' 항목이 없습니다",
    "records.problem.unknown": "'{field}'은(는) 이 파일의 항목이 아닙니다",
    "records.problem.value": "'{field}': {error}; 값 {found}",
    "records.no_metrics": "{path}에 {name} 파일이 없습니다: 실행이 끝나지 않았을 수 있습니다(실행 중, 중단됨 또는 실패). {status}를 확인하거나 `fourfold run --resume {path}`로 이어서 실행하세요.",
    "records.member_outside": "{path}: 멤버 폴더 {dir}이(가) 실행 폴더 바깥을 가리킵니다. 'models/<name>'이나 '.' 같은 경로여야 합니다.",
    # report / compare / runs / datasets
    "report.written": "보고서를 {path}에 썼습니다",
    "compare.need_two": "비교하려면 실행 폴더를 두 개 이상 주세요.",
    "runs.empty": "아직 실행이 없습니다. `fourfold run mnist`로 시작하세요.",
    "runs.header": "지난 실행 (최신순)",
    "cli.error_prefix": "오류",
    "cli.debug_hint": "(트레이스백을 보려면 --debug를 붙여 다시 실행하세요)",
    "cli.interrupted": "중단되었습니다.",
    "cli.no_such_command": "'{name}'이라는 명령은 없습니다. 명령: {commands}.",
    "cli.did_you_mean": " '{suggestion}'을(를) 뜻했나요?",
    "cli.run_dir.missing": "{path}이(가) 없습니다. `fourfold run`이 만든 실행 폴더를 주세요(`fourfold runs`가 목록을 보여 줍니다).",
    "cli.run_dir.file": "{path}은(는) 파일이지 실행 폴더가 아닙니다. `fourfold run`이 만든 실행 폴더를 주세요(`fourfold runs`가 목록을 보여 줍니다).",
    "cli.run_dir.holds_runs": "{path}은(는) 실행 폴더가 아니라 실행 폴더 {count}개를 담은 폴더입니다. 그중 하나를 주세요. 예: {newest} (가장 최근).",
    "cli.run_dir.not_a_run": "{path}은(는) 실행 폴더가 아닙니다: status.json이 없습니다. `fourfold run`이 만든 실행 폴더를 주세요(`fourfold runs`가 목록을 보여 줍니다).",
}

MESSAGES = {**CORE, **DATA, **REPORT, **TABLES, **FOLDERS, **KINDS_TEXT, **API, **TASKS_TEXT,
            **RESUME, **INPUTS, **DECODE, **REFUSE, **DAMAGE, **COMPARE, **LOCK,
            **EXPLAIN, **FOLDS, **HELP, **LISTING, **OPTIONS, **SWEEP, **SWEEP_HELP, **USAGE}
