package kiln.ui.monitor;

import java.time.Instant;
import java.util.List;

/** The content of an exported Monitor report: chart pictures (PNG bytes) and the tables behind them. */
record MonitorReport(String model, String granularity, Instant generatedAt, MonitorSnapshot snapshot, List<Picture> pictures) {

    /** A chart as drawn on screen. */
    record Picture(String caption, byte[] png) {
    }
}
