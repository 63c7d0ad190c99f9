package kiln.app;

import java.util.List;
import java.util.Optional;

import kiln.domain.ProgressSink;
import kiln.ml.sweep.SweepListener;
import kiln.ml.sweep.SweepRequest;
import kiln.ops.GuidedDemo;
import kiln.ui.demo.DemoScript;
import kiln.ui.demo.DemoStep;

/** The demo bar's port over the guided demo of one demo database (decision 0010). */
public final class DemoPort implements DemoScript {

    private static final List<DemoStep> STEPS = GuidedDemo.STEPS.stream()
            .map(s -> new DemoStep(s.title(), s.caption(), s.workspace(), s.followsRun(), s.model())).toList();

    private final GuidedDemo demo;

    public DemoPort(GuidedDemo demo) {
        this.demo = demo;
    }

    @Override
    public List<DemoStep> steps() {
        return STEPS;
    }

    @Override
    public int fleetChapter() {
        return GuidedDemo.FLEET_CHAPTER;
    }

    @Override
    public int fleetSensors() {
        return GuidedDemo.FLEET_SENSORS;
    }

    @Override
    public int nextStep() {
        return demo.nextStep();
    }

    @Override
    public String runStep(int index, ProgressSink sink, SweepListener sweepListener) {
        return demo.runStep(index, sink, sweepListener);
    }

    @Override
    public Optional<String> outcome(int index) {
        return demo.outcome(index);
    }

    @Override
    public Optional<SweepRequest> sweepAhead() {
        return demo.sweepAhead();
    }
}
