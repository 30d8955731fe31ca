// Leak-site match candidates (ingest.LeakSiteCandidates, docs/alerts.md) and the last vendor-risk level each watch
// has seen (alert.AlertEngine): bookkeeping nodes. Their ids make a re-import or a recomputation MERGE the one node.
CREATE CONSTRAINT leak_site_candidate_id IF NOT EXISTS FOR (c:LeakSiteCandidate) REQUIRE c.id IS UNIQUE;
CREATE INDEX leak_site_candidate_status IF NOT EXISTS FOR (c:LeakSiteCandidate) ON (c.status);
CREATE CONSTRAINT watched_risk_id IF NOT EXISTS FOR (r:WatchedRisk) REQUIRE r.id IS UNIQUE;
CREATE INDEX watched_risk_watch IF NOT EXISTS FOR (r:WatchedRisk) ON (r.watchId);
