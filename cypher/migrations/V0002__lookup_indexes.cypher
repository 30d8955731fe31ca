// Facts on relationships (data flows, sub-processing, software use, attributions) carry an id so that
// claims, sources and hand edits can address them.
CREATE INDEX entrusts_id IF NOT EXISTS FOR ()-[r:ENTRUSTS]-() ON (r.id);
CREATE INDEX subprocesses_to_id IF NOT EXISTS FOR ()-[r:SUBPROCESSES_TO]-() ON (r.id);
CREATE INDEX runs_id IF NOT EXISTS FOR ()-[r:RUNS]-() ON (r.id);
CREATE INDEX attributed_to_id IF NOT EXISTS FOR ()-[r:ATTRIBUTED_TO]-() ON (r.id);
// Browsing organisations by kind, in id order, is the organisations connection.
CREATE INDEX organisation_kind_id IF NOT EXISTS FOR (o:Organisation) ON (o.kind, o.id);
CREATE INDEX organisation_name IF NOT EXISTS FOR (o:Organisation) ON (o.name);
CREATE INDEX incident_discovered IF NOT EXISTS FOR (i:Incident) ON (i.discovered);
// Claims are looked up by the fact (node or relationship id) they are about.
CREATE INDEX claim_subject IF NOT EXISTS FOR (c:Claim) ON (c.subjectId);
