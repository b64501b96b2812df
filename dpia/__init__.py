"""dpia: Data Protection Impact Assessments for the CNIL, from saved answers."""

__version__ = "0.1.0"
