"""Korean messages (keys as in en_lock.py)."""

LOCK = {
    "lock.held": "실행 폴더 {path}는 {host}의 프로세스 {pid}가 쓰고 있습니다({since}부터). 한 실행 폴더에는 한 프로세스만 학습할 수 있습니다. 그 프로세스가 끝나기를 기다리거나(fourfold runs로 상태 확인) 멈춘 뒤 재개하세요.",
    "lock.unwritable": "잠금 파일 {path}를 만들 수 없습니다: {error}. 학습하려면 실행 폴더에 쓸 수 있어야 합니다. 쓸 수 있는 곳으로 복사해 그 복사본을 재개하세요.",
}
