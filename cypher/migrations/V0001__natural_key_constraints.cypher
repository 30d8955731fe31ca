// Every node is addressed by a stable natural key; imports MERGE on these, so they must be unique.
CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (o:Organisation) REQUIRE o.id IS UNIQUE;
CREATE CONSTRAINT organisation_ods_code IF NOT EXISTS FOR (o:Organisation) REQUIRE o.odsCode IS UNIQUE;
CREATE CONSTRAINT organisation_company_number IF NOT EXISTS FOR (o:Organisation) REQUIRE o.companyNumber IS UNIQUE;
CREATE CONSTRAINT organisation_domain IF NOT EXISTS FOR (o:Organisation) REQUIRE o.domain IS UNIQUE;
CREATE CONSTRAINT data_category_id IF NOT EXISTS FOR (c:DataCategory) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT software_id IF NOT EXISTS FOR (s:Software) REQUIRE s.id IS UNIQUE;
CREATE CONSTRAINT vulnerability_id IF NOT EXISTS FOR (v:Vulnerability) REQUIRE v.id IS UNIQUE;
CREATE CONSTRAINT threat_actor_id IF NOT EXISTS FOR (a:ThreatActor) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT incident_id IF NOT EXISTS FOR (i:Incident) REQUIRE i.id IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE;
CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (c:Claim) REQUIRE c.id IS UNIQUE;
