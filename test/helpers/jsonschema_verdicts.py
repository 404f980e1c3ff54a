"""Validates instances with Python's jsonschema (Draft 2020-12): reads
{"schemas": {name: path}, "cases": [[name, instance_path], ...]} on stdin,
prints a JSON list of booleans (valid or not), one per case."""
import json
import sys

from jsonschema import Draft202012Validator

request = json.load(sys.stdin)
validators = {}
for name, path in request["schemas"].items():
    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    validators[name] = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)

verdicts = []
for name, path in request["cases"]:
    with open(path, encoding="utf-8") as f:
        verdicts.append(validators[name].is_valid(json.load(f)))
json.dump(verdicts, sys.stdout)
