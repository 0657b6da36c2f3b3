"""The web UI (`claimgraph serve`) and the one-file HTML dossier (`claimgraph report --html`)."""

from claimgraph.present.web.app import create_app

__all__ = ["create_app"]
