package org.exposuregraph.exposure;

import java.time.LocalDate;
import java.util.List;

/**
 * How a vendor's exposure moved between two dates: the clients and categories it gained and lost.
 *
 * @param gained exposed on {@code to} but not on {@code from}, by client id
 * @param lost   exposed on {@code from} but no longer on {@code to}, by client id
 */
public record ExposureChanges(String vendorId, LocalDate from, LocalDate to, int maxDepth, List<ClientChange> gained,
                              List<ClientChange> lost) {

    /**
     * One client's categories that appeared or disappeared.
     *
     * @param whole true when the client was not exposed at all on the other date (a new or a departed client)
     */
    public record ClientChange(String clientId, List<String> categoryIds, boolean whole) {
    }
}
