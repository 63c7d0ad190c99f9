package kiln.scoring;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import kiln.domain.JobCancelledException;
import kiln.domain.ProgressSink;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.SqlWork;

/**
 * Streams a query's rows in column batches on a reader connection of its own and hands each batch
 * to a handler that predicts and returns the batch's write. Writes run on the writer thread, one
 * transaction per batch, while the next batch is read and predicted (two buffers, at most one write
 * in flight), so a crash or cancel between batches leaves whole batches behind, never half of one.
 */
final class BatchStream {

    /** Predicts one batch and returns the write that stores it (run on the writer thread). */
    interface BatchHandler {
        SqlWork<Void> handle(ReadingBatch batch);
    }

    /** Binds the query's parameters. */
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private final KilnStore store;
    private final int batchRows;

    BatchStream(KilnStore store, int batchRows) {
        this.store = store;
        this.batchRows = batchRows;
    }

    /**
     * Returns the number of rows streamed; throws {@link JobCancelledException} after finishing the write in flight.
     *
     * @param categorical per feature column of the query, whether it is categorical (read as text)
     */
    long run(String sql, Binder binder, boolean[] categorical, ProgressSink sink, long total, String message, BatchHandler handler) {
        return run(sql, binder, categorical, false, sink, total, message, handler);
    }

    /** Like {@link #run(String, Binder, boolean[], ProgressSink, long, String, BatchHandler)}; {@code grouped}: the query's third column is the group key. */
    long run(String sql, Binder binder, boolean[] categorical, boolean grouped, ProgressSink sink, long total, String message,
            BatchHandler handler) {
        ReadingBatch[] buffers = {new ReadingBatch(batchRows, categorical, grouped), new ReadingBatch(batchRows, categorical, grouped)};
        CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);
        long done = 0;
        try (Connection conn = store.openReader(); PreparedStatement ps = conn.prepareStatement(sql)) {
            binder.bind(ps);
            sink.onCancel(() -> cancelQuietly(ps));
            try (ResultSet rs = ps.executeQuery()) {
                for (int i = 0;; i++) {
                    if (sink.isCancelled()) {
                        break;
                    }
                    ReadingBatch batch = buffers[i & 1];
                    if (!batch.fill(rs)) {
                        break;
                    }
                    SqlWork<Void> write = handler.handle(batch);
                    await(inFlight);
                    inFlight = store.writeTransactionAsync(write);
                    done += batch.size;
                    sink.progress(done, Math.max(total, done), message);
                }
            }
        } catch (SQLException e) {
            await(inFlight);
            if (sink.isCancelled()) {
                throw new JobCancelledException("Scoring was cancelled; every finished batch is kept.");
            }
            throw new DataAccessException("Scoring stream failed", e);
        }
        await(inFlight);
        if (sink.isCancelled()) {
            throw new JobCancelledException("Scoring was cancelled; every finished batch is kept.");
        }
        return done;
    }

    private static void await(CompletableFuture<Void> write) {
        try {
            write.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataAccessException("Interrupted while waiting for a scoring write", new SQLException(e));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new DataAccessException("Writing predictions failed", cause instanceof SQLException s ? s : new SQLException(cause));
        }
    }

    private static void cancelQuietly(PreparedStatement ps) {
        try {
            ps.cancel();
        } catch (SQLException ignored) {
            // the statement finished or closed meanwhile: nothing left to cancel
        }
    }
}
