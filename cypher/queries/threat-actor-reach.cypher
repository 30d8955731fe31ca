// Clop: what has it done, what does it exploit, and whose data could it reach now?
//
// The actor's family is the actor and the actors it USES or is USED by (one step either way): TA505 uses
// the Clop ransomware, so TA505's exploits count for Clop and Clop's incidents for TA505. RELATED_TO
// actors (FIN11) are distinct groups and are not included.
// At risk now: organisations that RUN software affected by a vulnerability the family EXPLOITS; the
// application then expands their clients with vendor-exposure.cypher.
MATCH (a:ThreatActor {id: $actorId})
WITH a, COLLECT { MATCH (a)-[:USES]-(k:ThreatActor) WHERE k <> a RETURN DISTINCT k.id } AS kin
WITH [a.id] + [k IN kin WHERE k <> a.id] AS familyIds
RETURN familyIds,
       COLLECT { MATCH (f:ThreatActor)-[:EXPLOITS]->(v:Vulnerability) WHERE f.id IN familyIds
                 RETURN DISTINCT v.id ORDER BY v.id } AS vulnerabilityIds,
       COLLECT { MATCH (f:ThreatActor)-[:EXPLOITS]->(:Vulnerability)-[:AFFECTS]->(s:Software) WHERE f.id IN familyIds
                 RETURN DISTINCT s.id ORDER BY s.id } AS softwareIds,
       COLLECT { MATCH (f:ThreatActor)-[:EXPLOITS]->(:Vulnerability)-[:AFFECTS]->(:Software)<-[:RUNS]-(o:Organisation)
                 WHERE f.id IN familyIds
                 RETURN DISTINCT o.id ORDER BY o.id } AS atRiskVendorIds,
       COLLECT { MATCH (f:ThreatActor)<-[:ATTRIBUTED_TO]-(:Incident)-[:BREACHED|AFFECTED]->(o:Organisation)
                 WHERE f.id IN familyIds
                 RETURN DISTINCT o.id ORDER BY o.id } AS victimIds
