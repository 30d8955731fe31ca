package org.exposuregraph.database;

import java.util.HashSet;
import java.util.Set;

import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Bookmark;
import org.neo4j.driver.BookmarkManager;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.springframework.data.neo4j.core.DatabaseSelection;
import org.springframework.data.neo4j.core.DatabaseSelectionProvider;
import org.springframework.data.neo4j.core.transaction.Neo4jBookmarkManager;
import org.springframework.stereotype.Component;

/**
 * The one place a driver session is opened outside Spring Data Neo4j (streamed exports, migrations): on the
 * configured database ({@code spring.data.neo4j.database}, the same selection Neo4jClient and the transaction
 * manager use), with the access mode the work needs (READ sessions go to cluster followers), and carrying the
 * bookmarks Spring Data Neo4j's transactions left, so an export right after an import reads the import.
 */
@Component
public class GraphSessions {

    private final Driver driver;
    private final DatabaseSelectionProvider databases;
    private final BookmarkManager bookmarks;

    GraphSessions(Driver driver, DatabaseSelectionProvider databases, Neo4jBookmarkManager bookmarks) {
        this.driver = driver;
        this.databases = databases;
        this.bookmarks = new SharedBookmarks(bookmarks);
    }

    /** The configured database, or {@code null} for the server's default (no name configured). */
    public String databaseName() {
        DatabaseSelection selection = databases.getDatabaseSelection();
        return selection == null ? null : selection.getValue();
    }

    /** A session for reading only: the server refuses writes in it, and a cluster routes it to a follower. */
    public Session openRead() {
        return driver.session(config(AccessMode.READ));
    }

    SessionConfig config(AccessMode mode) {
        SessionConfig.Builder builder = SessionConfig.builder().withDefaultAccessMode(mode).withBookmarkManager(bookmarks);
        String database = databaseName();
        if (database != null) {
            builder.withDatabase(database);
        }
        return builder.build();
    }

    /** The driver's view of Spring Data Neo4j's bookmark manager, so both kinds of session share one causal chain. */
    private record SharedBookmarks(Neo4jBookmarkManager delegate) implements BookmarkManager {

        @Override
        public void updateBookmarks(Set<Bookmark> previousBookmarks, Set<Bookmark> newBookmarks) {
            delegate.updateBookmarks(previousBookmarks, newBookmarks);
        }

        @Override
        public Set<Bookmark> getBookmarks() {
            return new HashSet<>(delegate.getBookmarks());
        }
    }
}
