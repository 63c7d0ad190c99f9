package kiln.sim;

import java.util.PriorityQueue;

import kiln.store.ingest.LabelBatch;

/**
 * Labels generated but not yet due, released in (due time, pid) order. Labels almost always come
 * due in the order their products were made, so those sit in a primitive FIFO (no object or heap
 * sift per product, which cost a fifth of the simulator's time); only a label due before one already
 * queued (a scenario that shortens the label delay) goes to a heap. Polling merges the two.
 */
final class PendingLabels {

    /** A label that arrived out of order. */
    private record Late(long dueMillis, long pid, int quality) implements Comparable<Late> {
        @Override
        public int compareTo(Late o) {
            int c = Long.compare(dueMillis, o.dueMillis);
            return c != 0 ? c : Long.compare(pid, o.pid);
        }
    }

    private long[] due = new long[1024];
    private long[] pid = new long[1024];
    private int[] quality = new int[1024];
    private int head;
    private int size;
    private final PriorityQueue<Late> late = new PriorityQueue<>();
    private long maxDue = Long.MIN_VALUE;

    void add(long dueMillis, long productId, int label) {
        maxDue = Math.max(maxDue, dueMillis);
        if (size > 0) {
            int tail = (head + size - 1) & (due.length - 1);
            if (dueMillis < due[tail] || (dueMillis == due[tail] && productId < pid[tail])) {
                late.add(new Late(dueMillis, productId, label));
                return;
            }
        }
        if (size == due.length) {
            grow();
        }
        int at = (head + size) & (due.length - 1);
        due[at] = dueMillis;
        pid[at] = productId;
        quality[at] = label;
        size++;
    }

    boolean isEmpty() {
        return size == 0 && late.isEmpty();
    }

    /** Due time of the next label; only when not empty. */
    long peekDue() {
        return fifoFirst() ? due[head] : late.peek().dueMillis();
    }

    /** The latest due time ever added (the simulation runs on to it once every reading is out). */
    long maxDue() {
        return maxDue;
    }

    /** Moves the next label into {@code into}; only when not empty. */
    void pollInto(LabelBatch into) {
        if (fifoFirst()) {
            into.add(pid[head], due[head] * 1000, quality[head]);
            head = (head + 1) & (due.length - 1);
            size--;
        } else {
            Late l = late.poll();
            into.add(l.pid(), l.dueMillis() * 1000, l.quality());
        }
    }

    private boolean fifoFirst() {
        if (size == 0) {
            return false;
        }
        Late l = late.peek();
        return l == null || due[head] < l.dueMillis() || (due[head] == l.dueMillis() && pid[head] < l.pid());
    }

    private void grow() {
        int n = due.length;
        long[] d = new long[n * 2];
        long[] p = new long[n * 2];
        int[] q = new int[n * 2];
        for (int i = 0; i < size; i++) {
            int from = (head + i) & (n - 1);
            d[i] = due[from];
            p[i] = pid[from];
            q[i] = quality[from];
        }
        due = d;
        pid = p;
        quality = q;
        head = 0;
    }
}
