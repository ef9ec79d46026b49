"""Reading what training did: best epoch, overfitting onset."""
