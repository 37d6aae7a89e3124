"""Contingency plans of the 1+41+144+N system: schema, loading, index, activation. No Qt.

Entry point: `plans.library.PlanLibrary.open(plans_dir, index_path)`; records in
`plans.model`; see docs/plans.md.
"""
