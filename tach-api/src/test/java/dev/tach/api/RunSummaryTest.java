package dev.tach.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

  private static RunSummary summary(int passed, int failed, int errors, int collected, boolean interrupted) {
    return new RunSummary(passed, failed, 0, errors, 0, 0, collected, Duration.ZERO, Optional.empty(), interrupted);
  }

  @Test
  void allPassedExitsZero() {
    assertThat(summary(3, 0, 0, 3, false).exitCode()).isEqualTo(ExitCode.OK);
  }

  @Test
  void aFailureOrAnErrorExitsOne() {
    assertThat(summary(2, 1, 0, 3, false).exitCode()).isEqualTo(ExitCode.TESTS_FAILED);
    assertThat(summary(2, 0, 1, 3, false).exitCode()).isEqualTo(ExitCode.TESTS_FAILED);
  }

  @Test
  void nothingCollectedExitsThree() {
    assertThat(summary(0, 0, 0, 0, false).exitCode()).isEqualTo(ExitCode.NO_TESTS);
  }

  @Test
  void anInterruptWinsOverEverything() {
    assertThat(summary(0, 5, 0, 9, true).exitCode()).isEqualTo(ExitCode.INTERRUPTED);
  }

  @Test
  void statusesRoundTripThroughTheirWireNames() {
    for (TestStatus status : TestStatus.values()) {
      assertThat(TestStatus.fromWire(status.wireName())).isEqualTo(status);
    }
    assertThat(TestStatus.HARNESS_ERROR.wireName()).isEqualTo("harness_error");
    assertThatThrownBy(() -> TestStatus.fromWire("passed")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tachExceptionPrintsOneLineWithCodeAndHint() {
    TachException e = new TachException(ErrorCode.E004, "path not found: tests/x.py\n", "check the path");
    assertThat(e.oneLine()).isEqualTo("error[E004]: path not found: tests/x.py (hint: check the path)");
  }
}
