"""English messages of the task registry: `fourfold predict`'s lines, a run's unknown task."""

TASKS_TEXT = {
    "predict.value": "{path}: {value:.6g}",
    "tasks.unknown_in_run": "{path}: 'task' is {name}; expected one of {tasks}. This fourfold cannot show the run; rerun it (`fourfold run`) to make a folder it reads.",
}
