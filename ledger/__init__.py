"""Tamper-evident hash chains (ledger/chain.py), shared by the server and the console."""
