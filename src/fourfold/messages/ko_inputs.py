"""Korean messages (keys as in en_inputs.py)."""

INPUTS = {
    "inputs.only_named_folder": "다른 곳은 찾지 않음: 데이터 폴더를 지정하면(--data-dir 또는 FOURFOLD_DATA) fourfold는 그 폴더만 찾으며, 대신 사용자 캐시, 시스템 사본, 내장 사본이나 인터넷 미러를 대신 쓰지 않습니다. 데이터 세트가 있는 폴더를 지정하거나, 그런 사본을 쓰려면 폴더를 지정하지 마세요.",
    "inputs.unreadable": "실행의 데이터 지문을 만들려고 {path}을(를) 읽을 수 없습니다: {error}.",
    "inputs.recipe_edited": "실행이 시작된 뒤 {path}이(가) 수정되었습니다. 이어서 실행하면 나머지 에포크가 처음 에포크와 다른 설정으로 학습됩니다. 이어서 실행하려면 수정을 되돌리고, 아니면 수정한 레시피로 새로 실행하세요: fourfold run {path}",
    "inputs.in_memory": "실행 {path}은(는) 메모리로 전달된 데이터(fourfold.run(..., data=...))로 학습했으므로 --resume으로 그 데이터를 되찾을 수 없습니다. 새로 실행하세요.",
    "inputs.gone": "실행 {path}이(가) 학습한 데이터({location})를 지금 찾을 수 없습니다:\n{error}\n--data-dir로 그 데이터가 있는 폴더를 지정하거나(다른 곳의 사본도 파일이 똑같으면 받아들입니다), 새로 실행하세요: fourfold run {config}",
    "inputs.changed": "실행 {path}이(가) 시작된 뒤 데이터가 바뀌었습니다(그때는 {location}에서, 지금은 {now}에서 읽음):\n{changes}\n이어서 실행하면 나머지 에포크가 처음 에포크와 다른 데이터로 학습됩니다. --data-dir로 원래 데이터를 지정하거나(다른 곳의 사본도 파일이 똑같으면 받아들입니다), 새로 실행하세요: fourfold run {config}",
    "inputs.change.gone": "  - {path}: 없어짐(원래 {size}바이트)",
    "inputs.change.new": "  - {path}: 새 파일({size}바이트)",
    "inputs.change.size": "  - {path}: 그때 {old}바이트, 지금 {new}바이트",
    "inputs.change.content": "  - {path}: 크기는 같고 내용이 다름(SHA-256 그때 {old}..., 지금 {new}...)",
    "inputs.change.more": "  - 그 밖에 {count}개",
    "inputs.submission_failed": "실행은 완료되었지만({run_dir}, 보고서 {report}) 제출 파일은 쓰지 못했습니다: {error} 나중에 이렇게 쓰세요: fourfold predict {run_dir} {unlabelled} --out FILE",
}
