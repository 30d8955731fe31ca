// One full-text index behind the search query: names, aliases and identifiers of everything an analyst
// types into a search box. searchText holds aliases and identifiers joined into one string.
CREATE FULLTEXT INDEX search_names IF NOT EXISTS
FOR (n:Organisation|ThreatActor|Incident|Software|Vulnerability|DataCategory)
ON EACH [n.name, n.searchText]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-no-stop-words' } };
