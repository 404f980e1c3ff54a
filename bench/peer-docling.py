# The peer row of the Benchmarks table: docling-core's export_to_markdown on DoclingDocument JSON
# (docling's own ground truth), time per item, beside `npm run bench:peer` (docmodel on the same
# files). Needs docling-core, which this machine cannot install (no PyPI here):
#
#   python3 -m pip install docling-core && python3 bench/peer-docling.py test/fixtures/import/docling/*.json
#
# Each file: load + validate (DoclingDocument.model_validate_json) and export_to_markdown, timed as
# one, the first call in a fresh process per file (what a user pays once), then the median of 5.
import json
import statistics
import subprocess
import sys
import time

if len(sys.argv) > 2 or (len(sys.argv) == 2 and not sys.argv[1].startswith("--one=")):
    for path in sys.argv[1:]:
        subprocess.run([sys.executable, __file__, f"--one={path}"], check=True)
    sys.exit(0)

from docling_core.types.doc import DoclingDocument  # noqa: E402

path = sys.argv[1][len("--one="):]
text = open(path, encoding="utf-8").read()


def once():
    start = time.perf_counter()
    doc = DoclingDocument.model_validate_json(text)
    doc.export_to_markdown()
    return time.perf_counter() - start, doc


first, doc = once()
again = statistics.median(once()[0] for _ in range(5))
items = len(doc.texts) + len(doc.tables) + len(doc.pictures) + len(getattr(doc, "key_value_items", []))
print(json.dumps({"file": path, "items": items, "first_ms": round(first * 1000, 2),
                  "median_ms": round(again * 1000, 2), "first_us_per_item": round(first * 1e6 / max(items, 1), 1)}))
