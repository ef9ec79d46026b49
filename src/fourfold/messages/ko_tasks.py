"""Korean messages of the task registry: `fourfold predict`'s lines, a run's unknown task."""

TASKS_TEXT = {
    "predict.value": "{path}: {value:.6g}",
    "tasks.unknown_in_run": "{path}: 'task'가 {name}입니다. {tasks} 중 하나여야 합니다. 이 fourfold로는 이 실행을 보여 줄 수 없으니 다시 실행(`fourfold run`)해 읽을 수 있는 폴더를 만드세요.",
}
