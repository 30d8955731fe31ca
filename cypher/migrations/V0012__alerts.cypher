// Alerts (package alert, docs/alerts.md): bookkeeping nodes. The unique ids are what makes an alert and a delivery
// stored once however many instances compute them; the cursor's id makes MERGE of the one cursor safe.
CREATE CONSTRAINT alert_id IF NOT EXISTS FOR (a:Alert) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT alert_cursor_id IF NOT EXISTS FOR (c:AlertCursor) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT watch_id IF NOT EXISTS FOR (w:Watch) REQUIRE w.id IS UNIQUE;
CREATE CONSTRAINT webhook_id IF NOT EXISTS FOR (h:Webhook) REQUIRE h.id IS UNIQUE;
CREATE CONSTRAINT webhook_delivery_id IF NOT EXISTS FOR (d:WebhookDelivery) REQUIRE d.id IS UNIQUE;
CREATE INDEX alert_watch IF NOT EXISTS FOR (a:Alert) ON (a.watchId, a.changeSeq);
CREATE INDEX webhook_delivery_status IF NOT EXISTS FOR (d:WebhookDelivery) ON (d.status);
CREATE INDEX webhook_delivery_webhook IF NOT EXISTS FOR (d:WebhookDelivery) ON (d.webhookId);
