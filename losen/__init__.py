"""Losen: an open platform for Norway's low-threshold help services."""
