package dev.tach.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tach.api.RunEvent;
import dev.tach.api.RunRequest;
import dev.tach.api.RunSummary;
import dev.tach.api.Tach;
import dev.tach.api.TestStatus;
import dev.tach.api.testing.RecordingReporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A Java program drives a run through the API with its own reporter, nothing on the terminal. */
class TachLauncherTest {

  @Test
  void aProgramRunsTheQuickstartSuiteWithAReporterItHandsIn() {
    RecordingReporter recording = new RecordingReporter();
    RunSummary summary =
        Tach.launcher()
            .run(
                RunRequest.builder(Path.of("../examples/quickstart"))
                    .workers(2)
                    .isolation("fork")
                    .reporter(recording)
                    .build());
    assertThat(summary.passed()).isEqualTo(11);
    assertThat(summary.failed()).isEqualTo(1);
    assertThat(summary.exitCode()).isEqualTo(1);
    assertThat(recording.closed()).isTrue();
    assertThat(recording.events().get(recording.events().size() - 1)).isInstanceOf(RunEvent.RunFinished.class);
    assertThat(recording.resultsById().get("tests/test_store.py::test_value_of_a_full_store").status())
        .isEqualTo(TestStatus.FAIL);
  }
}
