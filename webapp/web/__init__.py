"""The web edge: Flask blueprints (pages, api, offline, health), delivery of assets, caching of
answers, errors and security headers. Uses every layer below; nothing below imports it.
"""
