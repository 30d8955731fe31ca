// The change record (graph.ChangeLog): one entry per committed write, numbered in commit order. The uniqueness of
// the number is what lets several instances number entries without a shared counter; the range index behind it
// serves changes(after:) in order.
CREATE CONSTRAINT change_seq IF NOT EXISTS FOR (c:Change) REQUIRE c.seq IS UNIQUE;
CREATE CONSTRAINT change_id IF NOT EXISTS FOR (c:Change) REQUIRE c.id IS UNIQUE;
