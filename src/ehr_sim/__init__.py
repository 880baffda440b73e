"""EHR Sim: a front-office trainer built on a simulated clinic EHR."""

__version__ = "0.1.0"
