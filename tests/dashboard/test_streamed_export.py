"""Records CSVs written batch by batch from DuckDB's record batches: byte for byte the file the whole-frame
writer makes (csv_bytes of the records grid's frame), on the mixed and the hostile warehouses, whatever the
batch size; streamed by the data route, compressed as it streams."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import brotli
import pytest
from backports import zstd

from dashboard import context
from dashboard.db import Warehouse
from dashboard.export import csv_bytes, data, filters
from dashboard.settings import load
from tests.dashboard.test_hostile_data import hostile_raw

DECODE = {"zstd": zstd.decompress, "br": brotli.decompress, "gzip": gzip.decompress, "identity": bytes}

VIEWS = ["lang=th&era=be", "lang=en&era=ce", "lang=en&era=be&year_to=2020", "lang=th&era=ce&year_from=2018",
         "lang=th&year_from=2100"]  # fmt: skip


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    from etl.build import build

    root = tmp_path_factory.mktemp("hostile-stream")
    path = root / "warehouse.duckdb"
    build(hostile_raw(root / "raw"), path, say=lambda m: None)
    return path


@pytest.fixture(scope="module", params=["mixed", "hostile"])
def warehouse(request, mixed_warehouse: Path, hostile: Path):
    """A warehouse in the process's context, as create_app sets it; the one before is put back after."""
    path = mixed_warehouse if request.param == "mixed" else hostile
    before = context._current
    w = Warehouse(str(path))
    context.set_context(context.Context(settings=load(warehouse=str(path)), warehouse=w))
    yield w
    w.close()
    if before is not None:
        context.set_context(before)


def whole_frame(dataset: str, f) -> bytes:
    """The file as the whole-frame writer makes it: every record in one frame, then csv_bytes."""
    return csv_bytes(data.table(dataset, data.records(dataset, f), f))


@pytest.mark.parametrize("dataset", list(data.IDS))
@pytest.mark.parametrize("view", VIEWS)
def test_the_streamed_csv_is_byte_identical_to_the_whole_frame_one(warehouse, dataset, view):
    f, _ = filters(view)
    expected = whole_frame(dataset, f)
    for rows, first_rows in ((1, 1), (3, 2), (5, 2), (data.BATCH_ROWS, data.FIRST_ROWS)):
        assert b"".join(data.csv_chunks(dataset, f, warehouse, rows, first_rows)) == expected, (rows, first_rows)


def test_each_chunk_holds_one_batch_and_only_the_first_the_header(warehouse):
    f, _ = filters("lang=th&era=be")
    chunks = list(data.csv_chunks("agreements", f, warehouse, rows=2))
    assert chunks[0].startswith(b"\xef\xbb\xbf") and not any(c.startswith(b"\xef\xbb\xbf") for c in chunks[1:])
    header, *first = list(csv.reader(io.StringIO(chunks[0].decode("utf-8-sig"), newline="")))
    assert header[0] == "รหัส" and len(first) == 2
    assert all(len(list(csv.reader(io.StringIO(c.decode(), newline="")))) <= 2 for c in chunks[1:])
    (count,) = warehouse.query("SELECT count(*) AS n FROM fact_agreement")["n"]
    assert len(chunks) == -(-count // 2)


def test_no_record_is_a_header_alone(warehouse):
    f, _ = filters("lang=en&year_from=2100")
    chunks = list(data.csv_chunks("investments", f, warehouse))
    assert len(chunks) == 1 and chunks[0].count(b"\n") == 1 and chunks[0] == whole_frame("investments", f)


@pytest.mark.parametrize("encoding", ["zstd", "br", "gzip", "identity"])
def test_the_route_streams_the_same_bytes_compressed_as_they_stream(app_client, mixed_warehouse, encoding):
    before = context._current
    context.set_context(context.Context(settings=load(warehouse=str(mixed_warehouse)),
                                        warehouse=Warehouse(str(mixed_warehouse))))  # fmt: skip
    try:
        f, _ = filters("lang=th&era=be")
        expected = whole_frame("investments", f)
        r = app_client[1].get("/export/data/investments.csv?lang=th&era=be", headers={"Accept-Encoding": encoding})
        assert r.status_code == 200 and r.is_streamed
        assert r.headers["Content-Disposition"].startswith('attachment; filename="investments-')
        assert r.headers.get("Content-Encoding", "identity") == encoding
        assert "Accept-Encoding" in r.headers["Vary"]
        assert DECODE[encoding](r.data) == expected
    finally:
        context.get().warehouse.close()
        context.set_context(before)


def test_the_command_line_writes_the_same_bytes(mixed_warehouse, tmp_path):
    from dashboard.__main__ import main

    out = tmp_path / "i.csv"
    before = context._current
    assert main(["export", "data", "investments", "--warehouse", str(mixed_warehouse), "--lang", "en",
                 "--out", str(out)]) == 0  # fmt: skip
    f, _ = filters("lang=en")
    context.set_context(context.Context(settings=load(warehouse=str(mixed_warehouse)),
                                        warehouse=Warehouse(str(mixed_warehouse))))  # fmt: skip
    try:
        assert out.read_bytes() == whole_frame("investments", f)
        assert not (tmp_path / "i.csv.part").exists()
    finally:
        context.get().warehouse.close()
        context.set_context(before)
