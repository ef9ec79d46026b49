"""`fourfold sweep`의 한국어 메시지: 그리드, 시행, 결과 표와 페이지.

``SWEEP_HELP``(명령의 --help)는 앱에 명령을 등록할 때 함께 카탈로그에 합칩니다.
"""

SWEEP = {
    "sweep.grid.none": "--grid KEY=V1,V2를 하나 이상 주세요(예: --grid preprocess.scaler=standard,minmax).",
    "sweep.grid.form": "--grid {option!r}은(는) key.path=v1,v2 형식이어야 합니다(값에 쉼표가 있으면 v1;v2). 예: --grid preprocess.scaler=standard,minmax 또는 --grid 'model.hidden_units=[64,32];[128,64]'.",
    "sweep.grid.key_twice": "--grid {key}이(가) 두 번 주어졌습니다. 값을 모두 --grid {key}=v1,v2 하나에 적으세요.",
    "sweep.grid.value_twice": "--grid {key}에 값 {value}이(가) 두 번 있습니다. 값 하나가 시행 하나가 됩니다.",
    "sweep.grid.empty_value": "--grid {key}에 빈 값이 있습니다. 값은 쉼표(또는 세미콜론)로 나누고 비워 두지 마세요.",
    "sweep.grid.bad_value": "--grid {key}: 값 {value!r}은(는) 올바른 YAML이 아닙니다: {error}",
    "sweep.grid.too_many": "그리드가 만드는 시행이 {count}개로 {limit}개보다 많습니다. 값을 줄이거나 --search optuna --trials N으로 표본을 뽑으세요.",
    "sweep.grid.kfold_twice": "K-fold는 --kfold K나 --grid {key}=... 중 하나로만 주세요(둘 다는 안 됩니다).",
    "sweep.trial.source": "--grid 시행 {number} ({settings})",
    "sweep.recipe_or_resume": "새 스윕은 RECIPE를, 끝내지 못한 스윕은 --resume SWEEP_DIR를 주세요(둘 다는 안 됩니다).",
    "sweep.resume_no_options": "--resume은 sweep.json에 적힌 대로 스윕을 이어 갑니다. --grid, --set, --kfold, --search, --trials, --data-dir는 받지 않습니다(--executor, --jobs, --address만 됩니다).",
    "sweep.address_needs_ray": "--address는 Ray 클러스터에 붙는 옵션이라 --executor ray가 필요합니다.",
    "sweep.optuna_needs_trials": "--search optuna는 그리드에서 표본을 뽑습니다. 시행 수를 --trials N으로 주세요.",
    "sweep.trials_need_optuna": "--trials N은 --search optuna용입니다. 그리드 탐색은 모든 조합을 실행합니다.",
    "sweep.missing_extra": "선택 패키지 '{package}'이(가) 필요한데 설치되어 있지 않습니다. 다음으로 설치하세요: pip install 'fourfold[{extra}]'",
    "sweep.ray.connect": "Ray 클러스터({address})를 시작하거나 붙을 수 없습니다: {error}. --address(헤드 노드의 host:port, 또는 클러스터의 노드에서는 'auto')를 확인하세요.",
    "sweep.out_unwritable": "{path} 아래에 스윕 폴더를 만들 수 없습니다: {error}. --out으로 다른 폴더를 고르세요.",
    "sweep.not_a_sweep": "{path}은(는) 스윕 폴더가 아닙니다: {name} 파일이 없습니다. `fourfold sweep`이 만든 폴더를 주세요.",
    "sweep.damaged": "{path} 파일이 손상되었습니다: {problem}. 옆에 있는 시행들의 실행 폴더는 온전합니다(각각 보통의 실행 폴더라 `fourfold compare`에 줄 수 있습니다). 스윕을 다시 하려면 `fourfold sweep`으로 새로 시작하세요.",
    "sweep.started": "{recipe} 스윕: 시행 {count}개, 폴더 {path}",
    "sweep.skipped": "이미 끝난 시행 {count}개는 건너뜁니다.",
    "sweep.trial_done": "시행 {number}/{count} ({settings}): 검증 {name} {validation}, 테스트 {name} {value}",
    "sweep.trial_failed": "시행 {number}/{count} ({settings}) {status}: {error}",
    "sweep.interrupted": "스윕이 중단되었습니다. 끝난 시행은 남아 있습니다. 이어서 하려면: {command}",
    "sweep.table.title": "{recipe} 스윕 (좋은 순)",
    "sweep.best": "검증 기준 최고: 시행 {number} ({settings}): 검증 {name} {validation}, 테스트 {name} {value}",
    "sweep.within_noise": "시행 {number}의 검증 손실({loss})에서 표준오차 하나 안에 있는 시행: {trials}. 이 검증 행에서는 이들 사이의 순위가 잡음이므로, 더 단순하거나 가벼운 쪽을 골라도 됩니다.",
    "sweep.folder": "스윕 폴더: {path}",
    "sweep.page": "결과 페이지: {path}",
    "sweep.column.rank": "순위",
    "sweep.column.trial": "시행",
    "sweep.column.validation": "검증 {metric}",
    "sweep.column.validation_loss": "검증 손실 ± 표준오차",
    "sweep.column.test": "테스트 {metric}",
    "sweep.column.status": "상태",
    "sweep.status.pending": "대기",
    "sweep.status.running": "실행 중",
    "sweep.status.complete": "완료",
    "sweep.status.failed": "실패",
    "sweep.status.interrupted": "중단됨",
    "sweep.page.title": "{recipe} 스윕",
    "sweep.page.results": "{recipe}의 시행 {count}개 결과",
    "sweep.page.caption": "시행을 검증 {metric} 기준으로 좋은 순서대로 놓았습니다(각 실행의 에포크를 고른 행: 테스트 세트는 보고만 하고 고르는 데 쓰이지 않습니다). K-fold 시행의 테스트 값은 폴드들의 평균 ± 표준편차입니다. 시행마다 자기 보고서가 있는 실행 폴더입니다(링크).",
    "help.examples.sweep": (
        "fourfold sweep boston --grid preprocess.scaler=standard,minmax,robust,none --kfold 3\n"
        "fourfold sweep fashion-mnist --grid 'model.hidden_units=[64,32];[128,128,32]' --jobs 2\n"
        "fourfold sweep boston --grid training.learning_rate=0.01,0.001 --executor ray --address auto\n"
        "fourfold sweep mnist --grid 'model.dropout=0,0.1,0.2' --search optuna --trials 2\n"
        "fourfold sweep --resume sweeps/boston-sweep-20260101T120000Z"),
}

SWEEP_HELP = {
    "help.command.sweep": (
        "--grid 값들의 조합마다(또는 Optuna가 뽑은 조합마다) RECIPE를 한 번씩 실행해, 시행마다 "
        "스윕 폴더 아래에 실행 폴더를 만듭니다. 결과를 좋은 순으로 보여 주고 시행들을 비교하는 "
        "페이지를 씁니다(--resume SWEEP_DIR로 중단된 스윕을 마칩니다)."),
    "help.short.sweep": "설정 그리드로 레시피를 여러 번 실행하고 시행의 순위를 매깁니다.",
    "help.param.sweep.recipe": "내장 레시피 이름 또는 YAML 레시피 파일.",
    "help.param.sweep.grid": (
        "레시피 키와 그 값들: --grid preprocess.scaler=standard,minmax. 쉼표가 든 값은 ';'로 "
        "나눕니다(여러 번 줄 수 있고, 모든 조합이 시행이 됩니다)."),
    "help.param.sweep.kfold": "시행마다 K-fold 교차 검증(결과는 평균 ± 표준편차).",
    "help.param.sweep.out": "스윕 폴더를 만들 곳.",
    "help.param.sweep.jobs": "동시에 실행할 시행 수(local: 프로세스, ray: 여기서 시작하는 클러스터의 CPU).",
    "help.param.sweep.executor": "시행을 여기서(local) 또는 Ray 작업으로(ray, pip install 'fourfold[ray]') 실행합니다.",
    "help.param.sweep.address": "붙을 Ray 클러스터(host:port 또는 auto). 없으면 여기서 하나를 시작합니다.",
    "help.param.sweep.search": "모든 조합(grid) 또는 Optuna가 뽑은 --trials N개(optuna).",
    "help.param.sweep.trials": "--search optuna가 뽑을 시행 수.",
    "help.param.sweep.resume": "중단된 스윕 폴더를 마칩니다. 끝난 시행은 건너뜁니다.",
    "help.param.sweep.overrides": "모든 시행에서 레시피 필드를 바꿉니다: --set training.epochs=5 (여러 번 줄 수 있음).",
}
