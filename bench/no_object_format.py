#!/usr/bin/env python3
"""Writes an OpenAPI document (JSON) without the `format` of its object schemas.

    no_object_format.py IN OUT

progenitor 0.15.1 panics on an object schema with a `format` (typify-impl 0.8.0 src/convert.rs:788, `not yet
implemented: invalid (or unexpected) schema`): Twilio's `format: uri-map` and `phone-number-capabilities`, in 14
of its 27 specs. Neither generator gives such a format a meaning on an object, so both are fed the same document
without it.
"""

import json
import sys


def strip(node):
    if isinstance(node, dict):
        if node.get("type") == "object":
            node.pop("format", None)
        for value in node.values():
            strip(value)
    elif isinstance(node, list):
        for value in node:
            strip(value)


spec = json.load(open(sys.argv[1]))
strip(spec)
json.dump(spec, open(sys.argv[2], "w"), indent=1)
