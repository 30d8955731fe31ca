package org.exposuregraph.ingest;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How far one import got, while it runs: its phase and the rows checked and written. The importer updates it
 * (the inventory's writer threads too), an import job's status and the command line read it.
 */
public final class ImportProgress {

    /** The steps of an import, in order; an import ends DONE (with its report) or FAILED. */
    public enum Phase { QUEUED, CHECKING, WRITING, SYNCING, DONE, FAILED }

    private volatile Phase phase = Phase.QUEUED;
    private final AtomicLong checked = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private volatile long phaseStarted = System.nanoTime();

    public Phase phase() {
        return phase;
    }

    public long rowsChecked() {
        return checked.get();
    }

    public long rowsWritten() {
        return written.get();
    }

    /** Rows per second in the current phase: checked while checking, written while writing; 0 otherwise. */
    public long rowsPerSecond() {
        long nanos = System.nanoTime() - phaseStarted;
        long rows = phase == Phase.CHECKING ? checked.get() : phase == Phase.WRITING ? written.get() : 0;
        return nanos <= 0 ? 0 : rows * 1_000_000_000L / nanos;
    }

    void phase(Phase next) {
        phaseStarted = System.nanoTime();
        phase = next;
    }

    void checked(long rows) {
        checked.addAndGet(rows);
    }

    void written(long rows) {
        written.addAndGet(rows);
    }

    /** One line for a person watching, e.g. {@code WRITING: 120000 rows checked, 40000 written (21000 rows/s)}. */
    public String summary() {
        return phase + ": " + rowsChecked() + " rows checked, " + rowsWritten() + " written (" + rowsPerSecond() + " rows/s)";
    }
}
