package org.exposuregraph.alert;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.exposuregraph.api.BadRequestException;
import org.exposuregraph.api.Page;
import org.exposuregraph.support.EmptyGraphTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A watch's alerts refuse an {@code after} they did not give out as every other list does (api.CursorRefusalTest). */
@EmptyGraphTest
class AlertCursorRefusalTest {

    @Autowired
    AlertStore alerts;

    @Test
    void alertsRefuseACursorTheyCannotRead() {
        // The key of an alert's cursor is its change entry's sequence number: "near" is none.
        for (String after : List.of(Page.encodeCursor("no bar in it"), Page.encodeCursor("near|alert-1"), "%%%")) {
            assertThatThrownBy(() -> alerts.page("any-watch", 10, after))
                    .isInstanceOf(BadRequestException.class)
                    .hasMessage("'after' is not a cursor returned by this API: " + after);
        }
    }
}
