"""Preprocessing fitted on training rows only and saved beside the model."""
