"""Fitting Keras models: callbacks, progress, the fit loop of one member."""
