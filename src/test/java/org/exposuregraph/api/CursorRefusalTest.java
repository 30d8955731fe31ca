package org.exposuregraph.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;

import org.exposuregraph.exposure.ExposureService;
import org.exposuregraph.exposure.VendorExposure;
import org.exposuregraph.risk.RiskService;
import org.exposuregraph.support.EmptyGraphTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every paged list refuses an {@code after} it did not give out the same way ({@link Page#notACursor}: the message
 * names the caller's cursor), whether the cursor is not Base64 or decodes to something the list cannot read.
 */
@EmptyGraphTest
class CursorRefusalTest {

    @Autowired
    ExposureService exposure;
    @Autowired
    RiskService risk;

    private static final VendorExposure NO_CLIENTS = new VendorExposure(List.of("v"), 3, LocalDate.of(2021, 1, 1),
            List.of(), List.of(), List.of(), 0, 0, null, false);

    @Test
    void exposedClientsRefuseACursorTheyCannotRead() {
        for (String after : List.of(Page.encodeCursor("no bar in it"), Page.encodeCursor("near|client-1"), "%%%")) {
            // Refused even where there is nothing to page through: the cursor is read before the list.
            assertThatThrownBy(() -> exposure.page(NO_CLIENTS, 10, after))
                    .isInstanceOf(BadRequestException.class)
                    .hasMessage("'after' is not a cursor returned by this API: " + after);
        }
    }

    @Test
    void riskAssessmentsRefuseACursorTheyCannotRead() {
        for (String after : List.of(Page.encodeCursor("no bar in it"), Page.encodeCursor("high|vendor-1"), "%%%")) {
            assertThatThrownBy(() -> risk.assessments(10, after, null, null))
                    .isInstanceOf(BadRequestException.class)
                    .hasMessage("'after' is not a cursor returned by this API: " + after);
        }
    }
}
