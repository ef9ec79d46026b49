"""fourfold."""
