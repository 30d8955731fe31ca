// The audit trail grows with every request, reads included: its pages are read newest first along this index
// (security.AuditLog), never by sorting the whole trail.
CREATE INDEX audit_event_at IF NOT EXISTS FOR (e:AuditEvent) ON (e.at);
