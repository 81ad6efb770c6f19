"""Pure queries over the atlas: what refers where, the map's state in a URL, search, and the
plain values the panels show. Imports only :mod:`webapp.content`; no Flask.
"""
