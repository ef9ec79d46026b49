"""The built-in recipes' one-line summaries in Korean, keyed by recipe name.

A recipe's own ``summary`` field is English (users' recipes are in whatever language
they write); `fourfold recipes --lang ko` shows these for the built-in ones instead.
tests/test_messages.py checks that every built-in recipe has one.
"""

SUMMARIES: dict[str, str] = {
    "mnist": "교재의 손글씨 숫자: 784개 픽셀에 Dense 64-32, 10개 클래스에 소프트맥스.",
    "mnist-best": "숫자 손글씨에 Dense 1024-1024, 드롭아웃 0.5, L2 3e-5: 테스트 정확도 0.9855 (mnist: 0.97).",
    "fashion-mnist": "옷 사진 10개 클래스: 교재의 64-32 신경망과 더 깊은 128-128-32를 나란히 비교.",
    "fashion-mnist-best": "옷 사진에 Dense 1024-1024, 무작위 좌우 반전, 드롭아웃 0.25: 테스트 정확도 0.9014.",
    "boston": "집값(회귀): 표준화한 13개 특성에 Dense 64-32; 교재처럼 --kfold 3.",
    "iceberg": "75x75 레이더 밴드로 빙산인지 배인지: 시그모이드 출력 하나의 Dense 신경망.",
    "iceberg-cnn": "레이더 밴드와 입사각에 작은 CNN으로 빙산인지 배인지 판별.",
    "apparel": "옷 사진의 색과 종류(레이블 11개): 교재의 Dense 신경망, 레이블마다 시그모이드.",
    "apparel-cnn": "옷 사진의 색과 종류(레이블 11개)를 처음부터 훈련하는 작은 CNN으로.",
}
