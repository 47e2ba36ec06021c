"""Addresses across the 1 July 2025 reorganisation of administrative units."""

from .old_units import AddressConversion, convert_address

__all__ = ["AddressConversion", "convert_address"]
