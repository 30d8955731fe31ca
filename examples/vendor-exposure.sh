#!/usr/bin/env bash
# Who is exposed when a vendor is breached, from a shell: one GraphQL query with curl for the summary, then the
# REST CSV export of every exposed client and data category. JSON is read with python3 (no jq needed).
#
#   EXPOSUREGRAPH_API_KEY=<key> examples/vendor-exposure.sh stor-a-file [output.csv]
#
# The key needs the ANALYST role (the CSV export). EXPOSUREGRAPH_URL defaults to http://localhost:8080.
set -euo pipefail

vendor="${1:?usage: $0 VENDOR_ID [OUTPUT.csv]}"
output="${2:-exposure-${vendor//[^A-Za-z0-9_.-]/_}.csv}"
url="${EXPOSUREGRAPH_URL:-http://localhost:8080}"
key="${EXPOSUREGRAPH_API_KEY:?set EXPOSUREGRAPH_API_KEY to an API key with the ANALYST role}"

# The request body: the query with the vendor as a variable (never pasted into the query text).
body=$(VENDOR="$vendor" python3 -c '
import json, os
print(json.dumps({"query": "query VendorSummary($v: ID!) { vendorExposure(vendorId: $v) { totalClients totalPeople specialCategory } }",
                  "variables": {"v": os.environ["VENDOR"]}}))')

answer=$(curl -sS --fail-with-body -H "X-API-Key: $key" -H 'Content-Type: application/json' --data "$body" "$url/graphql")
# One line: "<clients> clients exposed, <people> people known, special-category data: yes|no", or the API's errors.
printf '%s' "$answer" | python3 -c '
import json, sys
answer = json.load(sys.stdin)
if answer.get("errors"):
    sys.exit("ExposureGraph refused: " + "; ".join(e["message"] for e in answer["errors"]))
e = answer["data"]["vendorExposure"]
special = "yes" if e["specialCategory"] else "no"
print(e["totalClients"], "clients exposed,", e["totalPeople"], "people known, special-category data:", special)'

curl -sS --fail-with-body -H "X-API-Key: $key" -G --data-urlencode "vendorId=$vendor" \
  "$url/api/exports/exposure.csv" -o "$output"
echo "CSV of every exposed client and category: $output"
