"""Application services: one function per thing a user does, shared by the CLI and the API.

Each takes a connection in a transaction and the agreement, loads what it needs from the store,
asks the domain whether the action is allowed and what it leads to, and writes the result.
"""
