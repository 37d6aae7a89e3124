"""Contingency plans of the 1+41+144+N system: schema, loading, index, activation. No Qt."""
