"""claimgraph: a sourced, cross-checked record of who claims what happened, read from news reports."""

__version__ = "0.1.0"
