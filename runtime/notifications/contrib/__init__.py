"""Notification senders, one channel each (see :mod:`runtime.notifications.registry`)."""
