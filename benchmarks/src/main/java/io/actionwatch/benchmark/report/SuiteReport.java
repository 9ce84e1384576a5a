package io.actionwatch.benchmark.report;

import io.actionwatch.benchmark.camera.CameraBenchmark;
import io.actionwatch.benchmark.replay.ReplayBenchmark;
import io.actionwatch.benchmark.ceiling.CeilingBenchmark;
import io.actionwatch.benchmark.endtoend.EndToEndBenchmark;
import io.actionwatch.benchmark.overlap.OverlapBenchmark;
import io.actionwatch.benchmark.people.PeopleBenchmark;
import io.actionwatch.benchmark.stages.StageBenchmark;

import java.util.Map;

/**
 * Everything one run of the suite measured; written as JSON and printed as tables. Sections a run skipped are null.
 *
 * @param environment machine, JVM and settings of the run
 * @param headline    the few figures the README quotes
 */
public record SuiteReport(Map<String, Object> environment, Map<String, Object> headline,
                          CeilingBenchmark.Result ceiling, EndToEndBenchmark.Result endToEnd,
                          StageBenchmark.Result stages, OverlapBenchmark.Result overlap,
                          PeopleBenchmark.Result people, CameraBenchmark.Result camera,
                          ReplayBenchmark.Result replay) {
}
