package kiln.ml.tracking;

import java.util.List;

import kiln.ml.Metrics;

/** The curves stored with a finished run ({@code run.curves}). */
public record RunCurves(List<Metrics.RocPoint> roc, List<Metrics.CalibrationBin> calibration) {
}
