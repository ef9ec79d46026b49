"""Korean messages (keys as in en_resume.py)."""

RESUME = {
    "resume.checkpoint_damaged": "체크포인트 {path} 파일이 손상되었습니다({problem}). 이 모델을 1번째 에포크부터 다시 학습하려면 {folder} 폴더를 지우고 실행을 다시 이어 가세요.",
    "resume.checkpoint_mismatch": "체크포인트 {path} 파일이 이 실행의 모델과 맞지 않습니다({problem}). 이 모델을 1번째 에포크부터 다시 학습하려면 {folder} 폴더를 지우고 실행을 다시 이어 가세요.",
    "interrupt.resume_line": "중단됨: {path} 실행은 중단됨으로 표시되었습니다. 이어서 실행하려면: {command}",
}
