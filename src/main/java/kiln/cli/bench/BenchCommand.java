package kiln.cli.bench;

import picocli.CommandLine.Command;

/**
 * {@code kiln bench …}: benchmarks that report Kiln's figures as ratios against a raw baseline
 * measured in the same process run (the machines are noisy; absolute times alone mean little).
 */
@Command(name = "bench", description = "Run benchmarks; each prints Kiln's figure against a raw baseline from the same run.",
        subcommands = {
                IngestBench.class,
                EdaBench.class,
                TrainBench.class,
                FleetBench.class,
                FleetTrainBench.class,
                StartupBench.class,
                MonitorBench.class,
                FleetMonitorBench.class,
                FleetScoreBench.class,
                ScoreBench.class,
                ReplayBench.class,
                SoakBench.class,
                AlertsBench.class,
                AllBench.class,
        })
public final class BenchCommand {
}
