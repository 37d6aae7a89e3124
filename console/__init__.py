"""The console's core and shell: domain state, store, API client, sync, CLI, main window."""
__version__ = "0.1.0"
