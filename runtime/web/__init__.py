"""The web layer: thin views over the engine, one blueprint per audience."""
