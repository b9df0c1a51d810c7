"""Platform connectors (one per service, one interface) and a loopback sandbox of the services.

Plain Python: nothing here imports Django models. See ``base.py`` for the interface.
"""
