"""K-폴드 실행 결과의 한국어 메시지: 폴드 표의 최종 모델, 앙상블로 하는 ``predict``,
``fourfold runs``의 평균 ± 표준편차."""

FOLDS = {
    "folds.headline": "테스트 {name}: {mean} ± {std} ({k}개 폴드의 평균 ± 표준편차)",
    "folds.final.ensemble": "{k}개 폴드 모델의 앙상블(kfold.final: ensemble), 테스트 {name}: {value}",
    "folds.final.refit": "학습 행 전체로 다시 학습한 모델(kfold.final: refit), 테스트 {name}: {value}",
    "folds.final.no_test": "최종 모델({final})에는 테스트 점수가 없습니다: 테스트 행에 레이블이 없습니다.",
    "folds.predict.ensemble": "{k}개 폴드 모델의 출력을 평균했습니다(kfold.final: ensemble)",
}
