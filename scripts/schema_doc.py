#!/usr/bin/env python3
"""Prints the field table of docs/configuration.md from config/schema.json.

Usage: python3 scripts/schema_doc.py [config/schema.json] > /tmp/table.md
One row per leaf setting: dotted path ("[]" for array items), type, allowed range and default.
"""
import json
import sys


def constraint(node):
    parts = []
    if "enum" in node:
        parts.append(" / ".join(str(v) for v in node["enum"]))
    if "const" in node:
        parts.append("= %s" % json.dumps(node["const"]))
    if "minimum" in node or "maximum" in node:
        parts.append("%s..%s" % (node.get("minimum", ""), node.get("maximum", "")))
    if "minLength" in node or "maxLength" in node:
        parts.append("%s..%s chars" % (node.get("minLength", 0), node.get("maxLength", "")))
    if "pattern" in node:
        parts.append("pattern `%s`" % node["pattern"])
    if "minItems" in node or "maxItems" in node:
        parts.append("%s..%s items" % (node.get("minItems", 0), node.get("maxItems", "")))
    return "; ".join(parts).replace("|", "\\|")


def walk(node, path, required, rows):
    kind = node.get("type", "")
    if kind == "object" and "properties" in node:
        if path:
            rows.append((path, "object", constraint(node), "", required))
        req = set(node.get("required", []))
        for key, child in node["properties"].items():
            walk(child, (path + "." if path else "") + key, key in req, rows)
    elif kind == "array" and isinstance(node.get("items"), dict) and node["items"].get("type") == "object":
        rows.append((path, "array", constraint(node), json.dumps(node.get("default", "")), required))
        walk(node["items"], path + "[]", False, rows)
    else:
        item = node.get("items") if kind == "array" else None
        if item and item.get("type") == "array":
            kind = "array of [x, y]"
        rows.append((path, kind, constraint(node),
                     json.dumps(node["default"]) if "default" in node else "", required))


def main():
    schema = json.load(open(sys.argv[1] if len(sys.argv) > 1 else "config/schema.json"))
    rows = []
    walk(schema, "", False, rows)
    print("| Field | Type | Range | Default |")
    print("|---|---|---|---|")
    for path, kind, rng, default, required in rows:
        if required:
            default = "required"
        print("| `%s` | %s | %s | %s |" % (path, kind, rng, default.replace("|", "\\|")))


if __name__ == "__main__":
    main()
