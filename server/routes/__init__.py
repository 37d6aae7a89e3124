"""The HTTP API under /api/v1, one router per concern; server/app.py composes them.

Access is a property of the router a route is on (access.py), never of a list of paths:
`public.py` holds every route anyone may call; each other module's router requires a valid
bearer token and applies the role rules of server/permissions.py. Routes reach the app's
state (store, authenticator, camera feeds...) through dependencies (common.py), not closures.
"""
