#!/usr/bin/env python3
"""Compares the endpoint catalog (a JSON dump from Catalog.json()) with Knock's OpenAPI spec.

    python3 scripts/catalog-vs-spec.py spec/knock-openapi.yml catalog.json

For every Knock endpoint in the catalog: the method and path exist in the spec, and the query
and body parameters agree in name, type, required flag and allowed values; the rate-limit tier
equals the spec's x-ratelimit-tier. An entry's alias paths (the spec's second path for the same
operation) are checked the same way and must take the same path parameters. Local-engine
endpoints must live under /_admin/ and not shadow a spec path. Prints each difference; exits 1
when there is any. Spec operations under /v1 that no entry or alias covers are listed as
"not in the catalog: METHOD PATH (operationId)" lines, which are not differences.
"""
import json
import sys

import yaml


def load_spec(path):
    # The C loader parses the 20,000-line spec several times faster when libyaml is there.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path) as f:
        return yaml.load(f, Loader=loader)


class Spec:
    def __init__(self, doc):
        self.doc = doc
        self.schemas = doc["components"]["schemas"]

    def resolve(self, s):
        while isinstance(s, dict) and "$ref" in s:
            s = self.schemas[s["$ref"].split("/")[-1]]
        return s

    def kind(self, s):
        """The catalog's type vocabulary: string/integer/... , {"array": k}, {"oneOf": [k...]}.
        Nullable alternatives (`type: null`, an untyped branch) are dropped, nested unions
        flattened: the catalog describes what a caller may send, not every JSON shape."""
        s = self.resolve(s)
        if not s:
            return "any"
        for key in ("oneOf", "anyOf"):
            if key in s:
                kinds = []

                def add(k):
                    if isinstance(k, dict) and "oneOf" in k:
                        for x in k["oneOf"]:
                            add(x)
                    elif k not in kinds:
                        kinds.append(k)

                for branch in s[key]:
                    add(self.kind(branch))
                if len(kinds) > 1 and "any" in kinds:
                    kinds.remove("any")
                return kinds[0] if len(kinds) == 1 else {"oneOf": kinds}
        if "allOf" in s:
            return "object"
        t = s.get("type")
        if isinstance(t, list):
            t = [x for x in t if x != "null"]
            t = t[0] if len(t) == 1 else "any"
        if t == "array":
            return {"array": self.kind(s.get("items", {}))}
        if t in ("string", "integer", "boolean", "number", "object"):
            return t
        if "properties" in s:
            return "object"
        return "any"

    def values(self, s):
        s = self.resolve(s) or {}
        if "enum" in s:
            return [str(x) for x in s["enum"] if x is not None]
        if s.get("type") == "array":
            return self.values(s.get("items", {}))
        return []

    def parameters(self, op):
        out = {}
        for p in op.get("parameters", []):
            p = self.resolve(p)
            if p["in"] != "query":
                continue
            schema = p.get("schema", {})
            out[("query", p["name"])] = dict(
                type=self.kind(schema), required=bool(p.get("required", False)), values=self.values(schema)
            )
        body = op.get("requestBody")
        if body:
            schema = self.resolve(body["content"]["application/json"]["schema"])
            props, required = {}, []
            for part in schema.get("allOf") or [schema]:
                part = self.resolve(part)
                props.update(part.get("properties") or {})
                required += part.get("required") or []
            for name, ps in props.items():
                out[("body", name)] = dict(type=self.kind(ps), required=name in required, values=self.values(ps))
        return out


def compare(spec, catalog):
    problems = []
    paths = spec.doc["paths"]
    for e in catalog:
        where = f'{e["id"]} ({e["method"]} {e["path"]})'
        if e["scope"] == "local_engine":
            if not e["path"].startswith("/_admin/"):
                problems.append(f"{where}: a local-engine endpoint must live under /_admin/")
            if e["path"] in paths:
                problems.append(f"{where}: local-engine endpoint shadows a Knock spec path")
            continue
        problems += compare_operation(spec, e, e["path"], where)
        for alias in e.get("aliases", []):
            alias_where = f'{e["id"]} (alias {e["method"]} {alias})'
            if placeholders(alias) != e["path_parameters"]:
                problems.append(f"{alias_where}: path parameters {placeholders(alias)}, the entry has {e['path_parameters']}")
            problems += compare_operation(spec, e, alias, alias_where)
    return problems


def placeholders(path):
    return [part[1:-1] for part in path.split("/") if part.startswith("{") and part.endswith("}")]


def compare_operation(spec, e, path, where):
    """The entry's method, tier and parameters against the spec's operation at `path`."""
    problems = []
    op = spec.doc["paths"].get(path, {}).get(e["method"].lower())
    if op is None:
        return [f"{where}: not in the spec"]
    if e["tier"] != op.get("x-ratelimit-tier"):
        problems.append(f'{where}: tier {e["tier"]}, spec says {op.get("x-ratelimit-tier")}')
    want = spec.parameters(op)
    have = {(p["in"], p["name"]): p for p in e["parameters"]}
    for key in want.keys() - have.keys():
        problems.append(f"{where}: missing {key[0]} parameter {key[1]}")
    for key in have.keys() - want.keys():
        problems.append(f"{where}: {key[0]} parameter {key[1]} is not in the spec")
    for key in want.keys() & have.keys():
        w, h = want[key], have[key]
        for field in ("type", "required", "values"):
            if w[field] != h[field]:
                problems.append(f"{where}: {key[0]} parameter {key[1]}: {field} {h[field]!r}, spec says {w[field]!r}")
    return problems


def not_in_catalog(spec, catalog):
    """Spec operations under /v1 that no catalog entry or alias covers, as `METHOD PATH (operationId)`."""
    covered = set()
    for e in catalog:
        for path in [e["path"]] + e.get("aliases", []):
            covered.add((e["method"].lower(), path))
    out = []
    for path, ops in spec.doc["paths"].items():
        if not path.startswith("/v1/"):
            continue
        for method, op in ops.items():
            if method in ("get", "post", "put", "delete", "patch") and (method, path) not in covered:
                out.append(f'{method.upper()} {path} ({op.get("operationId")})')
    return sorted(out)


def main(argv):
    if len(argv) != 3:
        print(__doc__)
        return 2
    spec = Spec(load_spec(argv[1]))
    with open(argv[2]) as f:
        catalog = json.load(f)
    problems = compare(spec, catalog)
    for p in problems:
        print(p)
    for line in not_in_catalog(spec, catalog):
        print(f"not in the catalog: {line}")
    knock = sum(1 for e in catalog if e["scope"] == "knock")
    params = sum(len(e["parameters"]) for e in catalog if e["scope"] == "knock")
    print(f"catalog-vs-spec: {knock} endpoints, {params} parameters checked, {len(problems)} difference(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
