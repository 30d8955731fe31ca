#!/usr/bin/env python3
"""A vendor-risk report from ExposureGraph's GraphQL API, for automated pipelines (standard library only).

Writes two CSV files:
  vendor-risk.csv                  every vendor's risk score, highest first (paging through vendorRiskAssessments)
  exposed-clients-<vendor>.csv     one vendor's exposed clients, nearest first (paging through vendorExposure.clients)

Usage:
  EXPOSUREGRAPH_API_KEY=<key> python3 examples/vendor_risk_report.py --vendor stor-a-file [--out reports]
        [--url http://localhost:8080] [--page-size 100] [--min-score 0]

The key needs the READER role. Exit status: 0 written, 1 the API answered with errors, 2 bad usage.
"""
import argparse
import csv
import json
import os
import re
import sys
import urllib.error
import urllib.request

RISK_PAGE = """
query VendorRiskPage($first: Int!, $after: String, $minScore: Float) {
  vendorRiskAssessments(first: $first, after: $after, minScore: $minScore) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { vendor { id name kind } asOf score factors { name contribution } } }
  }
}
"""

CLIENTS_PAGE = """
query ExposedClientsPage($vendorId: ID!, $first: Int!, $after: String) {
  vendorExposure(vendorId: $vendorId) {
    totalClients
    clients(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node {
        client { id name kind }
        hops direct people confidence disputed specialCategory sensitivePopulation
        categories { id }
        path { id }
      } }
    }
  }
}
"""


class ApiError(Exception):
    pass


def graphql(url, key, query, variables):
    """One GraphQL request; the answer's data, or ApiError with the API's messages."""
    body = json.dumps({"query": query, "variables": variables}).encode("utf-8")
    request = urllib.request.Request(url.rstrip("/") + "/graphql", data=body, method="POST",
                                     headers={"Content-Type": "application/json", "X-API-Key": key})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as error:  # 401, 403, 429: the body says why
        raise ApiError(f"HTTP {error.code}: {error.read().decode('utf-8', 'replace')}") from None
    if answer.get("errors"):
        raise ApiError("; ".join(e.get("message", "?") for e in answer["errors"]))
    return answer["data"]


def pages(fetch):
    """Follows a connection's cursors: fetch(after) returns the connection; yields every node."""
    after = None
    while True:
        connection = fetch(after)
        for edge in connection["edges"]:
            yield edge["node"]
        if not connection["pageInfo"]["hasNextPage"]:
            return
        after = connection["pageInfo"]["endCursor"]


def write_risk(url, key, page_size, min_score, path):
    fetch = lambda after: graphql(url, key, RISK_PAGE,
                                  {"first": page_size, "after": after, "minScore": min_score})["vendorRiskAssessments"]
    rows = 0
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["vendor_id", "vendor_name", "vendor_kind", "score", "top_factor", "as_of"])
        for assessment in pages(fetch):
            factors = sorted(assessment["factors"], key=lambda f: -f["contribution"])
            top = factors[0]["name"] if factors and factors[0]["contribution"] > 0 else ""
            vendor = assessment["vendor"]
            writer.writerow([vendor["id"], vendor["name"], vendor["kind"], f'{assessment["score"]:.1f}', top,
                             assessment["asOf"]])
            rows += 1
    return rows


def write_clients(url, key, vendor_id, page_size, path):
    fetch = lambda after: graphql(url, key, CLIENTS_PAGE,
                                  {"vendorId": vendor_id, "first": page_size, "after": after})["vendorExposure"]["clients"]
    rows = 0
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["client_id", "client_name", "client_kind", "hops", "direct", "path", "categories",
                         "special_category", "sensitive_population", "people", "confidence", "disputed"])
        for exposed in pages(fetch):
            client = exposed["client"]
            writer.writerow([client["id"], client["name"], client["kind"], exposed["hops"], exposed["direct"],
                             " > ".join(o["id"] for o in exposed["path"]), ";".join(c["id"] for c in exposed["categories"]),
                             exposed["specialCategory"], exposed["sensitivePopulation"],
                             "" if exposed["people"] is None else exposed["people"], exposed["confidence"],
                             exposed["disputed"]])
            rows += 1
    return rows


def safe_name(identifier):
    """An id as a file-name part: nothing that could leave the output folder."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", identifier).lstrip(".") or "vendor"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vendor", required=True, help="the vendor whose exposed clients to list, e.g. stor-a-file")
    parser.add_argument("--url", default=os.environ.get("EXPOSUREGRAPH_URL", "http://localhost:8080"))
    parser.add_argument("--out", default=".", help="folder for the CSV files")
    parser.add_argument("--page-size", type=int, default=100, help="rows per request, 1 to 500")
    parser.add_argument("--min-score", type=float, default=None, help="only vendors scoring at least this")
    args = parser.parse_args()
    key = os.environ.get("EXPOSUREGRAPH_API_KEY")
    if not key:
        parser.error("set EXPOSUREGRAPH_API_KEY to an API key with the READER role")
    os.makedirs(args.out, exist_ok=True)
    try:
        vendors = write_risk(args.url, key, args.page_size, args.min_score, os.path.join(args.out, "vendor-risk.csv"))
        clients = write_clients(args.url, key, args.vendor, args.page_size,
                                os.path.join(args.out, f"exposed-clients-{safe_name(args.vendor)}.csv"))
    except ApiError as error:
        print(f"ExposureGraph refused: {error}", file=sys.stderr)
        return 1
    print(f"{vendors} vendors assessed; {clients} clients exposed through {args.vendor}; CSV files in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
