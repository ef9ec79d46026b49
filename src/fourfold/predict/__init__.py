"""Load a finished run and predict new inputs with its model and preprocessing."""

from fourfold.predict.predictor import Predictor, preprocess_record

__all__ = ["Predictor", "preprocess_record"]
