"""Loads documents and job responses into the Python classes quicktype generated from the schema.

Reads {"module": path, "blockClasses": {type: class name}, "cases": [[kind, path], ...]} on stdin;
writes, per case, {"roundTrip": <to_dict(from_dict(json))>, "blocks": [<each block through the
class of its own type>], "headings": [<heading texts>]} or {"error": "..."}, as a JSON array.
"""
import importlib.util
import json
import sys
import traceback

request = json.load(sys.stdin)
spec = importlib.util.spec_from_file_location("docmodel_types", request["module"])
types = importlib.util.module_from_spec(spec)
spec.loader.exec_module(types)


def blocks_of(document):
    return [block for page in document["pages"] for block in page["blocks"]]


def run(kind, path):
    with open(path, encoding="utf-8") as file:
        data = json.load(file)
    if kind == "job":
        loaded = types.job_from_dict(data)
        document = data["document"]
        doc = loaded.document
    else:
        loaded = types.document_from_dict(data)
        document = data
        doc = loaded
    result = {"roundTrip": loaded.to_dict(), "blocks": [], "headings": []}
    if document is None:
        return result
    for block in blocks_of(document):
        cls = getattr(types, request["blockClasses"].get(block["type"], "UnknownBlock"))
        result["blocks"].append(cls.from_dict(block).to_dict())
    # What the README's example does: the headings, through the typed document.
    result["headings"] = [b.text for page in doc.pages for b in page.blocks if b.type == "heading"]
    return result


results = []
for kind, path in request["cases"]:
    try:
        results.append(run(kind, path))
    except Exception:  # reported, with its traceback, as the case's result
        results.append({"error": traceback.format_exc(limit=3)})
json.dump(results, sys.stdout)
