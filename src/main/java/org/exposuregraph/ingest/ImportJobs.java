package org.exposuregraph.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.exposuregraph.api.BadRequestException;
import org.exposuregraph.graph.ImportReport;
import org.exposuregraph.security.AuditLog;
import org.exposuregraph.security.CurrentKey;
import org.exposuregraph.security.Role;
import org.exposuregraph.security.Tlp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * Imports that run after their request has been answered ({@code POST /api/imports/{format}?async=true}): the body
 * is spooled, the import runs on one background thread under the starting key (its clearance, its name in the
 * change record), and its status can be polled. Jobs run one at a time, in the order they came, as the write path
 * would serialise them anyway. A job is visible only to the key that started it, or an ADMIN; finished jobs are
 * kept for {@link #KEPT}.
 */
@Service
class ImportJobs implements DisposableBean {

    static final Duration KEPT = Duration.ofHours(24);
    private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);

    /** A job as its status shows it; {@code report} is the synchronous import's report, once it is DONE. */
    record Status(String id, String format, ImportProgress.Phase phase, long rowsChecked, long rowsWritten,
                  long rowsPerSecond, Instant started, Instant finished, String error, ImportReport report) {
    }

    private static final class Job {
        final String id = UUID.randomUUID().toString();
        final String owner;
        final String format;
        final ImportProgress progress = new ImportProgress();
        final Instant started = Instant.now();
        volatile Instant finished;
        volatile ImportReport report;
        volatile String error;

        Job(String owner, String format) {
            this.owner = owner;
            this.format = format;
        }

        Status status() {
            return new Status(id, format, progress.phase(), progress.rowsChecked(), progress.rowsWritten(),
                    progress.rowsPerSecond(), started, finished, error, report);
        }
    }

    private final ImportService imports;
    private final AuditLog audit;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "import-job");
        thread.setDaemon(true);
        return thread;
    });

    ImportJobs(ImportService imports, AuditLog audit) {
        this.imports = imports;
        this.audit = audit;
    }

    /** Spools the body and queues its import; a bad format or parameter is refused now, before anything runs. */
    Status start(String format, InputStream body, Tlp marking, ImportSource source) throws IOException {
        if (!imports.formats().contains(format)) {
            throw new BadRequestException("Unknown import format '" + format + "'; known: " + String.join(", ", imports.formats()));
        }
        forgetOldJobs();
        Path spool = ImportService.spool(body, format);
        Job job = new Job(CurrentKey.name().orElse(null), format);
        jobs.put(job.id, job);
        runner.execute(CurrentKey.carriedTo(() -> {
            try {
                job.report = imports.importFile(format, spool, marking, source, job.progress);
                job.progress.phase(ImportProgress.Phase.DONE);
            } catch (BadRequestException e) {
                job.error = e.getMessage();
                job.progress.phase(ImportProgress.Phase.FAILED);
            } catch (RuntimeException e) {
                log.error("Import job {} ({}) failed", job.id, format, e);
                job.error = "the import failed; nothing after the last committed batch was written (see the server log)";
                job.progress.phase(ImportProgress.Phase.FAILED);
            } finally {
                job.finished = Instant.now();
                ImportService.delete(spool);
                // The request was audited when it was accepted (HTTP 202); the outcome is known only now.
                audit.recordNow(job.owner, "IMPORT", "import job " + job.id + " (" + format + ")", null,
                        job.report != null ? (job.report.accepted() ? "OK" : "REJECTED " + job.report.rejected().size() + " rows")
                                : "FAILED");
            }
        }));
        return job.status();
    }

    /** The job's status, for the key that started it or an ADMIN; empty (as for an unknown id) for anyone else. */
    Optional<Status> find(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            return Optional.empty();
        }
        boolean admin = CurrentKey.get().map(key -> key.role().includes(Role.ADMIN)).orElse(false);
        boolean owner = job.owner != null && job.owner.equals(CurrentKey.name().orElse(null));
        return admin || owner ? Optional.of(job.status()) : Optional.empty();
    }

    private void forgetOldJobs() {
        Instant cutoff = Instant.now().minus(KEPT);
        jobs.values().removeIf(job -> job.finished != null && job.finished.isBefore(cutoff));
    }

    @Override
    public void destroy() {
        runner.shutdownNow();
    }
}
