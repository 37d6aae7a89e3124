"""Map model (pure Python: districts, geo index, layers, demo scene) and its Qt rendering."""
