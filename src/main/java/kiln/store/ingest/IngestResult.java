package kiln.store.ingest;

/** What one batch did: rows offered and rows that were new (the rest were already stored). */
public record IngestResult(int readingsOffered, int readingsInserted, int labelsOffered, int labelsInserted) {

    public static final IngestResult EMPTY = new IngestResult(0, 0, 0, 0);

    public IngestResult plus(IngestResult o) {
        return new IngestResult(readingsOffered + o.readingsOffered, readingsInserted + o.readingsInserted,
                labelsOffered + o.labelsOffered, labelsInserted + o.labelsInserted);
    }
}
