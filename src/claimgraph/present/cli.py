"""Command line: `claimgraph [--db URL] COMMAND ...` (ingest, search, export, report, demo)."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Read news reports into sourced claims: who says what happened, when, through whom, how sure.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _root(
    ctx: typer.Context,
    db: str = typer.Option("sqlite:///claimgraph.db", "--db", envvar="CLAIMGRAPH_DB",
                           help="Database URL (SQLAlchemy). Default: a SQLite file in the current folder."),
) -> None:
    ctx.obj = {"db": db}


@app.command()
def version() -> None:
    """Print the claimgraph version."""
    from claimgraph import __version__

    typer.echo(__version__)


def main() -> None:
    app()
