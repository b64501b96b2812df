"""Pure scoring: screening, the CNIL feared events and extraterritorial access.

`assess` does no I/O and is deterministic: the same answers give the same findings.
"""
