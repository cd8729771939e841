"""The four output tables: their columns (one Arrow schema each) and how rows become them.

Both engines write these schemas, Spark through a StructType derived from the Arrow one, so a
reader (pyarrow, DuckDB, Spark SQL, ``communique load``) sees the same columns whichever engine
ran. ``year`` is the Hive partition column (``events/year=2024/part-....parquet``).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa

PARTITION = "year"
TEXT = pa.string()

DOCUMENTS = pa.schema([
    ("content_hash", TEXT), ("article_id", TEXT), ("url", TEXT), ("outlet", TEXT),
    ("title", TEXT), ("published", TEXT), ("language", TEXT), ("origin", TEXT), ("text", TEXT),
    ("num_events", pa.int64()), ("seq", pa.int64()), (PARTITION, pa.int32()),
])

EVENTS = pa.schema([
    ("event_id", TEXT), ("type", TEXT), ("mode", TEXT), ("status", TEXT),
    ("source_party", TEXT), ("source_name", TEXT), ("source_country", TEXT),
    ("source_org", TEXT), ("source_sector", TEXT), ("target_party", TEXT),
    ("target_name", TEXT), ("target_country", TEXT), ("target_org", TEXT),
    ("target_sector", TEXT), ("date", TEXT), ("date_precision", TEXT), ("date_start", TEXT),
    ("date_end", TEXT), ("location_name", TEXT), ("location_country", TEXT),
    ("location_feature", TEXT), ("location_geonameid", pa.int64()), ("latitude", pa.float64()),
    ("longitude", pa.float64()), ("topics", pa.list_(TEXT)), ("cameo", TEXT),
    ("quad_class", pa.int32()), ("score", pa.float64()), ("confidence", pa.float64()),
    ("num_sources", pa.int64()), ("num_mentions", pa.int64()), ("num_articles", pa.int64()),
    ("first_content_hash", TEXT), ("first_article_id", TEXT), ("first_seq", pa.int64()),
    ("record", TEXT), (PARTITION, pa.int32()),
])

MENTIONS = pa.schema([
    ("event_id", TEXT), ("content_hash", TEXT), ("article_id", TEXT), ("seq", pa.int64()),
    ("event_index", pa.int32()), ("is_primary", pa.bool_()), ("sentence_start", pa.int64()),
    ("sentence_end", pa.int64()), ("sentence_text", TEXT), ("offsets", TEXT), ("merge", TEXT),
    ("record", TEXT), (PARTITION, pa.int32()),
])

FAILED = pa.schema([("record", TEXT), ("stage", TEXT), ("reason", TEXT), ("seq", pa.int64())])

TABLES: dict[str, pa.Schema] = {
    "documents": DOCUMENTS, "events": EVENTS, "mentions": MENTIONS, "failed": FAILED,
}
FLOAT_TYPES = (pa.float64(),)


def row_values(schema: pa.Schema, row: dict[str, Any]) -> tuple[Any, ...]:
    """A row dict as a tuple in the schema's column order, floats as floats (Spark checks)."""
    return tuple(coerce(field.type, row.get(field.name)) for field in schema)


def coerce(kind: pa.DataType, value: Any) -> Any:
    """A value as the Python type of its column (Spark rejects an int in a double column)."""
    if value is None:
        return None
    if kind in FLOAT_TYPES:
        return float(value)
    if pa.types.is_integer(kind):
        return int(value)
    return value


def partitioned(name: str) -> bool:
    """Whether the table is split into year=... folders."""
    return PARTITION in TABLES[name].names


def hive_partitioning(name: str) -> Any:
    """pyarrow's description of the table's year=... folders; None for an unpartitioned table."""
    import pyarrow.dataset as ds

    if not partitioned(name):
        return None
    return ds.partitioning(pa.schema([(PARTITION, pa.int32())]), flavor="hive")


def write_local(out_dir: Path, name: str, rows: Iterable[dict[str, Any]]) -> None:
    """A table as Hive-partitioned Parquet under out_dir/name, as Spark would lay it out."""
    import pyarrow.dataset as ds

    schema = TABLES[name]
    # A rerun replaces the table whole, as Spark's overwrite does: no stale partitions.
    shutil.rmtree(out_dir / name, ignore_errors=True)
    (out_dir / name).mkdir(parents=True)  # an empty table is an empty folder, not none
    table = pa.Table.from_pylist([dict(zip(schema.names, row_values(schema, row), strict=True))
                                  for row in rows], schema=schema)
    ds.write_dataset(table, out_dir / name, format="parquet", partitioning=hive_partitioning(name),
                     existing_data_behavior="overwrite_or_ignore",
                     basename_template="part-{i}.parquet")


def read_table(out_dir: Path | str, name: str, columns: list[str] | None = None,
               where: Any = None) -> pa.Table:
    """A table of a batch output folder, from either engine, with its partition column."""
    import pyarrow.dataset as ds

    dataset = ds.dataset(str(Path(out_dir) / name), format="parquet", schema=TABLES[name],
                         partitioning=hive_partitioning(name), exclude_invalid_files=True)
    return dataset.to_table(columns=columns, filter=where)


def spark_schema(schema: pa.Schema) -> Any:
    """The Spark StructType of an Arrow schema (only the types the tables use)."""
    from pyspark.sql import types as T

    simple = {
        pa.string(): T.StringType(), pa.int64(): T.LongType(), pa.int32(): T.IntegerType(),
        pa.float64(): T.DoubleType(), pa.bool_(): T.BooleanType(),
        pa.list_(TEXT): T.ArrayType(T.StringType()),
    }
    return T.StructType([T.StructField(field.name, simple[field.type], True)
                         for field in schema])
