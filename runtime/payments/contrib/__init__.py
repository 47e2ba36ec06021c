"""Payment gateway backends (see :mod:`runtime.payments.registry`)."""
