package kiln.ui.data;

import java.util.concurrent.TimeUnit;

import kiln.app.DataPort;
import kiln.store.KilnStore;
import kiln.ui.common.TaskRunner;
import kiln.ui.common.WorkspaceFxTestBase;
import org.testfx.util.WaitForAsyncUtils;

/** The Data workspace over a test's store, and when it has settled. */
abstract class DataWorkspaceFxTestBase extends WorkspaceFxTestBase<DataWorkspace> {

    /** The store the workspace reads (loaded once per test class). */
    abstract KilnStore store();

    @Override
    protected DataWorkspace createWorkspace(TaskRunner runner) {
        return new DataWorkspace(new DataPort(store()), runner);
    }

    /** No query running and every result drawn (charts take new data one per pulse); asked on the FX thread. */
    boolean settled() {
        try {
            return WaitForAsyncUtils.asyncFx(() -> !workspace.model().busyProperty().get() && workspace.dataView().shownChartsUpToDate())
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the FX thread did not answer within 10 s", e);
        }
    }
}
