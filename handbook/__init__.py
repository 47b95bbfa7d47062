"""Håndbok – vold i nære relasjoner: an offline handbook for Ås kommune's staff."""

__version__ = "1.0.0"
