package kiln.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import kiln.store.ingest.LabelBatch;
import org.junit.jupiter.api.Test;

class PendingLabelsTest {

    @Test
    void releasesInDueThenPidOrderWhateverOrderTheyCameIn() {
        PendingLabels pending = new PendingLabels();
        Random random = new Random(3);
        List<long[]> added = new ArrayList<>();
        for (int pid = 0; pid < 5_000; pid++) {
            // mostly rising due times, with a delay change now and then that makes later labels due earlier
            long due = pid / 10 * 1000L - (random.nextInt(20) == 0 ? random.nextInt(50_000) : 0);
            pending.add(due, pid, pid % 2);
            added.add(new long[] {due, pid});
        }
        added.sort(Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]));
        assertThat(pending.maxDue()).isEqualTo(added.stream().mapToLong(a -> a[0]).max().orElseThrow());
        LabelBatch out = new LabelBatch(16);
        int i = 0;
        while (!pending.isEmpty()) {
            assertThat(pending.peekDue()).isEqualTo(added.get(i)[0]);
            pending.pollInto(out);
            assertThat(out.pid(i)).isEqualTo(added.get(i)[1]);
            assertThat(out.timeMicros(i)).isEqualTo(added.get(i)[0] * 1000);
            assertThat(out.quality(i)).isEqualTo((int) (added.get(i)[1] % 2));
            i++;
        }
        assertThat(i).isEqualTo(5_000);
    }
}
