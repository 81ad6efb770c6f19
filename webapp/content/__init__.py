"""Content: the model, reading the YAML files and every check, into one frozen Atlas.

The bottom layer: it imports nothing else from the package (but :mod:`webapp.paths`).
"""
