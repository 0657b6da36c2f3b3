"""Command line: `claimgraph [--db URL] COMMAND ...`.

    claimgraph ingest reports/ dump.jsonl     read files and folders into the case database
    claimgraph search "workers Donbas"        full-text search over documents and claims
    claimgraph export --format json -o x.json the claims export (JSON for the scorer, CSV for sheets)
    claimgraph report -o dossier.md           the case dossier in Markdown (alerts, conflicts, timeline, sources)
    claimgraph report --html -o dossier.html  the same as one self-contained HTML file
    claimgraph serve                          the web UI on http://127.0.0.1:8000 (read-only without --token)
    claimgraph batch dumps/ --out run/        read a large corpus on a Dask cluster, load and link it
    claimgraph demo                           all of the above on the bundled example corpus
"""

from __future__ import annotations

import sys
from enum import StrEnum
from importlib import resources
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from claimgraph.store.db import Store

app = typer.Typer(
    help="Read news reports into sourced claims: who says what happened, when, through whom, how sure.\n\n"
         "Typical session: `claimgraph ingest FOLDER`, then `claimgraph search WORDS`, "
         "`claimgraph export --format json -o out.json` and `claimgraph report -o case.md`.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True)
out = Console()


class Format(StrEnum):
    json = "json"
    csv = "csv"
    parquet = "parquet"
    events = "events"
    graphml = "graphml"
    ftm = "ftm"


@app.callback()
def _root(
    ctx: typer.Context,
    db: str = typer.Option("sqlite:///claimgraph.db", "--db", envvar="CLAIMGRAPH_DB",
                           help="Database URL (SQLAlchemy). Default: a SQLite file in the current folder."),
) -> None:
    ctx.obj = {"db": db}


def _store(ctx: typer.Context) -> Store:
    try:
        return Store.open(ctx.obj["db"])
    except Exception as exc:
        console.print(f"[red]cannot open database {ctx.obj['db']!r}: {exc}[/red]")
        raise typer.Exit(2) from exc


def _count_inputs(paths: list[str]) -> int | None:
    """Roughly how many records the inputs hold (lines of dumps, one per article file), for the progress bar."""
    total = 0
    try:
        for p in paths:
            files = [Path(p)] if Path(p).is_file() else [f for f in Path(p).rglob("*") if f.is_file()]
            for f in files:
                if f.name.startswith(".") or f.name.lower() in ("readme.md", "readme.txt"):
                    continue
                if f.suffix.lower() in (".jsonl", ".ndjson", ".csv", ".tsv"):
                    with f.open("rb") as fh:
                        total += sum(1 for line in fh if line.strip()) - (f.suffix.lower() in (".csv", ".tsv"))
                else:
                    total += 1
    except OSError:
        return None
    return total or None


def _ingest(store: Store, paths: list[str], reread: bool, urls: list[str] | None = None) -> int:
    from claimgraph.pipeline import ingest

    missing = [p for p in paths if not Path(p).exists()]
    for p in missing:
        console.print(f"[red]no such file or folder: {p}[/red]")
    paths = [p for p in paths if Path(p).exists()]
    urls = urls or []
    if not paths and not urls:
        return 2
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TimeRemainingColumn(), console=console, transient=True,
                  disable=not console.is_terminal) as progress:
        counted = _count_inputs(paths)
        task = progress.add_task("reading…", total=(counted or 0) + len(urls) or None)

        def tick(r) -> None:
            progress.update(task, completed=r.read + len(r.problems),
                            description=f"{r.new} new, {r.claims} claims, {len(r.problems)} problems")

        report = ingest(store, paths, reread=reread, on_progress=tick, urls=urls)
    console.print(f"read {report.read} documents: {report.new} new, {report.skipped} already known, "
                  f"{report.claims} claims; {len(report.problems)} problems"
                  + (f"; {report.not_english} not in English (stored, not read)" if report.not_english else ""),
                  soft_wrap=True)
    for p in report.problems:
        console.print(f"  [yellow]skipped[/yellow] {p.source}: {p.reason}", highlight=False, soft_wrap=True)
    return 1 if missing else 0


@app.command()
def ingest(
    ctx: typer.Context,
    paths: list[str] = typer.Argument(None, help="Files or folders: .txt/.md, .html, .jsonl/.json, .csv"),
    reread: bool = typer.Option(False, help="Read documents already in the database again."),
    urls: Path = typer.Option(None, "--urls", help="A file of page URLs, one a line, to fetch and read "
                              "(timeout CLAIMGRAPH_FETCH_TIMEOUT s, size cap CLAIMGRAPH_FETCH_MAX_BYTES)."),
) -> None:
    """Read news reports into the case database. Re-ingesting the same text changes nothing; an
    input that cannot be read is reported with its reason and the rest goes on."""
    from claimgraph.ingest.fetch import read_url_list

    url_list: list[str] = []
    if urls is not None:
        try:
            url_list = read_url_list(urls)
        except OSError as exc:
            console.print(f"[red]cannot read URL list {urls}: {exc.strerror or exc}[/red]")
            raise typer.Exit(2) from exc
    if not paths and not url_list:
        console.print("[red]nothing to ingest: give files or folders, or --urls FILE[/red]")
        raise typer.Exit(2)
    store = _store(ctx)
    code = _ingest(store, paths or [], reread, url_list)
    raise typer.Exit(code)


def _build_line(r) -> str:
    def n(k: int, word: str) -> str:
        return f"{k} {word}{'' if k == 1 else 's'}"

    return ", ".join([n(r.copies, "syndicated copy").replace("copys", "copies"), n(r.groups, "group"),
                      n(r.conflicts, "conflict"), n(r.alerts, "alert")])


@app.command()
def build(ctx: typer.Context,
          embeddings: bool | None = typer.Option(
              None, "--embeddings/--no-embeddings",
              help="Add MiniLM sentence similarity to the match score (needs the 'embeddings' extra; "
                   "default: the CLAIMGRAPH_EMBEDDINGS environment variable, else off)."),
          full: bool = typer.Option(False, "--full", help="Re-link everything from scratch instead of only the "
                                                         "documents ingested since the last build.")) -> None:
    """Link and assess the case: syndicated copies, same-claim groups, independent origins, conflicts,
    group status and watch-rule alerts (UNSCR 2397). Run after ingesting; safe to run again. Incremental:
    the groups of the last build stay and only new documents' claims are compared (use --full to redo)."""
    from claimgraph.link.build import build as run_build
    from claimgraph.link.similarity import enabled, load_encoder

    if enabled(embeddings) and load_encoder(embeddings) is None:
        console.print("[red]--embeddings needs torch and sentence-transformers: "
                      "install the 'embeddings' extra (CPU torch 2.13.0)[/red]")
        raise typer.Exit(2)
    with console.status("linking claims…"):
        r = run_build(_store(ctx), embeddings=embeddings, full=full)
    console.print(_build_line(r), soft_wrap=True)


@app.command()
def batch(
    ctx: typer.Context,
    inputs: list[str] = typer.Argument(..., help="Files or folders: sharded .jsonl/.parquet/.csv dumps (any "
                                                  "input `ingest` reads)"),
    scheduler: str = typer.Option("local", help="`local` (a Dask LocalCluster on this machine) or the "
                                                "address of a running scheduler, e.g. tcp://10.0.0.5:8786"),
    workers: int = typer.Option(2, help="Worker processes of the local cluster (one core and ~0.5 GiB each)."),
    out_dir: Path = typer.Option(Path("batch-out"), "--out",
                                 help="Folder for the claims as Parquet (shared by all workers on a cluster)."),
    link: bool = typer.Option(True, "--link/--no-link", help="Link the store afterwards (like `build`)."),
    shard_size: int = typer.Option(250, help="Records per shard: JSONL and Parquet files are split this finely."),
) -> None:
    """Read a large corpus in parallel on Dask (spaCy loaded once per worker), keep the readings as
    Parquet in --out, load them into the database and link them with the grouping shuffled by blocking key.
    The result is the same as `ingest` followed by `build`."""
    from claimgraph.batch import connect, run_batch

    missing = [p for p in inputs if not Path(p).exists()]
    for p in missing:
        console.print(f"[red]no such file or folder: {p}[/red]")
    if len(missing) == len(inputs):
        raise typer.Exit(2)
    store = _store(ctx)
    client, cluster = connect(scheduler, workers)
    try:
        if (link_url := client.dashboard_link) and "dashboard" in client.scheduler_info().get("services", {}):
            console.print(f"Dask dashboard: {link_url}", highlight=False)
        r = run_batch(store, [p for p in inputs if Path(p).exists()], out_dir, client, link=link,
                      per_shard=shard_size, on_event=lambda m: console.print(m, highlight=False))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    console.print(f"read {r.documents} documents in {r.shards} shards: {r.new} new, {r.claims} claims; "
                  f"{len(r.problems)} problems; Parquet in {out_dir / 'readings'}", soft_wrap=True)
    if r.groups is not None:
        console.print(f"{r.groups} groups, {r.conflicts} conflicts", soft_wrap=True)
    for p in r.problems:
        console.print(f"  [yellow]skipped[/yellow] {p.source}: {p.reason}", highlight=False, soft_wrap=True)
    raise typer.Exit(1 if missing else 0)


@app.command()
def search(
    ctx: typer.Context,
    query: str = typer.Argument(..., help='Plain words, all required: "workers Donbas"'),
    limit: int = typer.Option(20, help="At most this many hits."),
) -> None:
    """Full-text search over documents and claims; prints each hit with its source and date."""
    store = _store(ctx)
    hits = store.search(query, limit=limit)
    if not hits:
        out.print(f"no hits for {query!r}")
        raise typer.Exit(1)
    for h in hits:
        when = h.published or "date unknown"
        out.print(f"[bold]{h.kind}[/bold] {h.outlet or 'unknown outlet'} · {when} · {h.title or h.doc_id}",
                  highlight=False)
        out.print(f"    {h.snippet}", highlight=False)


@app.command()
def export(
    ctx: typer.Context,
    format: Format = typer.Option(Format.json, "--format", "-f",
                                  help="json (the eval format), csv (one row per claim), parquet (documents, "
                                       "claims, groups; -o names a folder), events (GDELT-like CSV), "
                                       "graphml (entities and claims), ftm (FollowTheMoney JSON lines)"),
    output: Path = typer.Option(None, "-o", "--output", help="Write here instead of standard output."),
) -> None:
    """Export documents, entities and claims (and groups, conflicts and alerts once built)."""
    import json

    from claimgraph.present import research
    from claimgraph.present.export import export_json, write_claims_csv, write_json

    store = _store(ctx)
    if format is Format.parquet:
        if not output:
            console.print("[red]--format parquet needs -o FOLDER[/red]")
            raise typer.Exit(2)
        for path in research.write_parquet(store, output):
            console.print(f"wrote {path}")
        return
    writers = {Format.events: research.write_events_csv, Format.graphml: research.write_graphml,
               Format.ftm: research.write_ftm}
    if format in writers:
        if output:
            output.parent.mkdir(parents=True, exist_ok=True)
        writers[format](store, output or Path("/dev/stdout"))
    elif format is Format.json:
        if output:
            output.parent.mkdir(parents=True, exist_ok=True)
            write_json(store, output)
        else:
            sys.stdout.write(json.dumps(export_json(store), ensure_ascii=False, indent=1) + "\n")
    else:
        target = output or Path("/dev/stdout")
        if output:
            output.parent.mkdir(parents=True, exist_ok=True)
        write_claims_csv(store, target)
    if output:
        console.print(f"wrote {output}")


@app.command()
def report(
    ctx: typer.Context,
    output: Path = typer.Option(None, "-o", "--output", help="Write here instead of standard output."),
    html: bool = typer.Option(False, "--html", help="One self-contained HTML file (styles inlined, no scripts, "
                                                    "no external requests) instead of Markdown."),
) -> None:
    """The case dossier: watch-rule alerts, contested claims with both sides quoted, corroboration, a
    timeline of dated claims, and the sources with their relay chains. Run `build` first."""
    if html:
        from claimgraph.present.web.dossier import dossier_html

        text = dossier_html(_store(ctx))
    else:
        from claimgraph.present.dossier import dossier_markdown

        text = dossier_markdown(_store(ctx))
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        console.print(f"wrote {output}")
    else:
        sys.stdout.write(text)


@app.command()
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", help="Address to listen on; keep 127.0.0.1 unless others must reach it."),
    port: int = typer.Option(8000, help="Port to listen on."),
    token: str = typer.Option(None, envvar="CLAIMGRAPH_TOKEN",
                              help="Enable adding documents through the UI; requests must carry this token. "
                                   "Without it the UI is read-only."),
    max_upload: int = typer.Option(5 * 1024 * 1024, help="Largest upload per request, in bytes."),
) -> None:
    """The web UI over the case: overview, alerts, claim groups, document reader, timeline, entities, search."""
    import uvicorn

    from claimgraph.present.web import create_app

    web = create_app(_store(ctx), token=token, max_upload=max_upload)
    mode = "ingest enabled (token required)" if token else "read-only"
    console.print(f"claimgraph web UI on http://{host}:{port}/ ({mode}); Ctrl-C stops it", soft_wrap=True)
    uvicorn.run(web, host=host, port=port, log_level="warning")


@app.command()
def demo(
    ctx: typer.Context,
    out_dir: Path = typer.Option(Path("out"), "--out",
                                 help="Folder for export.json, claims.csv, summary.md, dossier.md"),
) -> None:
    """Run the whole job on the bundled example corpus and say where the results are."""
    from claimgraph.present.dossier import dossier_markdown
    from claimgraph.present.export import write_claims_csv, write_json
    from claimgraph.present.summary import summary_markdown

    store = _store(ctx)
    corpus = resources.files("claimgraph.data").joinpath("demo")
    with resources.as_file(corpus) as folder:
        _ingest(store, [str(folder)], reread=False)
    from claimgraph.link.build import build as run_build

    r = run_build(store)
    console.print(_build_line(r), soft_wrap=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_json(store, out_dir / "export.json")
    write_claims_csv(store, out_dir / "claims.csv")
    (out_dir / "summary.md").write_text(summary_markdown(store), encoding="utf-8")
    (out_dir / "dossier.md").write_text(dossier_markdown(store), encoding="utf-8")
    stats = store.stats()
    out.print(f"database: {ctx.obj['db']} ({stats.get('documents')} documents, {stats.get('claims')} claims)")
    for name in ("export.json", "claims.csv", "summary.md", "dossier.md"):
        out.print(f"wrote {out_dir / name}")


@app.command()
def version() -> None:
    """Print the claimgraph version."""
    from claimgraph import __version__

    out.print(__version__)


def main() -> None:
    app()
