"""The HTTP routes, one module a subject; each route calls one library function."""
