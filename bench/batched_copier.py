#!/usr/bin/python3
"""
A hand-written batched copier: the 60-line script a user might write instead of running the service.
It streams one MySQL table with pymysql (server-side cursor), converts DECIMAL to Decimal128, JSON
columns to sub-documents, sets _id = id, and writes (1) insert_many(ordered=False) and then
(2) bulk ReplaceOne upserts, in batches of BATCH, into a dropped-first Mongo database. No
checkpoints, no validation, no metadata: a speed reference for the benchmark, not a sync tool.
Needs Debian's python3-pymysql and python3-pymongo. bench/run.sh runs it after the raw benchmarks, on the same
table and target (the "copier" rows of the summary); it is skipped when /usr/bin/python3 lacks those modules.
DATE values become midnight datetimes, as in the service (pymongo cannot encode a bare date).
Env: MYSQL_HOST/PORT/USER/PASSWORD, MYSQL_DATABASE, TABLE (products), JSON_COLUMNS (attributes),
MONGODB_URI, DB_NAME (copier_reference), CEILING_BATCH (1000), OUT_DIR (where copier.json goes).
"""
import datetime
import decimal
import json
import os
import time

import pymongo
import pymysql
import pymysql.cursors
from bson.decimal128 import Decimal128

MYSQL = dict(host=os.environ.get("MYSQL_HOST", "127.0.0.1"), port=int(os.environ.get("MYSQL_PORT", "3306")),
             user=os.environ.get("MYSQL_USER", "root"), password=os.environ.get("MYSQL_PASSWORD", ""))
DB = os.environ.get("MYSQL_DATABASE", "mms_bench")
MDB = os.environ.get("DB_NAME", "copier_reference")
TABLE = os.environ.get("TABLE", "products")
JSON_COLUMNS = set(os.environ.get("JSON_COLUMNS", "attributes").split(","))
BATCH = int(os.environ.get("CEILING_BATCH", "1000"))
URI = os.environ.get("MONGODB_URI", "mongodb://127.0.0.1:27017")


def to_doc(row):
    d = {}
    for k, v in row.items():
        if isinstance(v, decimal.Decimal):
            v = Decimal128(v)
        elif k in JSON_COLUMNS and isinstance(v, str):
            v = json.loads(v)
        elif isinstance(v, datetime.date) and not isinstance(v, datetime.datetime):
            v = datetime.datetime(v.year, v.month, v.day)  # BSON has no date-only type (pymongo rejects date)
        d[k] = v
    d["_id"] = d["id"]
    return d


def stream(conn):
    with conn.cursor(pymysql.cursors.SSDictCursor) as cur:
        cur.execute(f"SELECT * FROM `{TABLE}` ORDER BY id")
        batch = []
        for row in cur:
            batch.append(to_doc(row))
            if len(batch) == BATCH:
                yield batch
                batch = []
        if batch:
            yield batch


def main():
    client = pymongo.MongoClient(URI)
    client.drop_database(MDB)
    coll = client[MDB][TABLE]
    out = {}
    for mode in ("insert_many", "bulk_replace_upsert"):
        conn = pymysql.connect(database=DB, charset="utf8mb4", **MYSQL)
        t0 = time.perf_counter()
        n = 0
        for batch in stream(conn):
            if mode == "insert_many":
                coll.insert_many(batch, ordered=False)
            else:
                coll.bulk_write([pymongo.ReplaceOne({"_id": d["_id"]}, d, upsert=True) for d in batch],
                                ordered=False)
            n += len(batch)
        el = time.perf_counter() - t0
        conn.close()
        docs = coll.count_documents({})
        out[mode] = dict(rows=n, seconds=round(el, 3), rows_per_s=round(n / el, 1), docs=docs)
        print(f"[copier] {mode} (batch {BATCH}): {n} rows in {el:.2f}s = {n / el:,.0f} rows/s; docs={docs}",
              flush=True)
    client.drop_database(MDB)
    os.makedirs(os.environ.get("OUT_DIR", "."), exist_ok=True)
    with open(os.path.join(os.environ.get("OUT_DIR", "."), "copier.json"), "w") as f:
        json.dump(out, f, indent=2)


if __name__ == "__main__":
    main()
