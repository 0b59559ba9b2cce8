package dev.tach.reporters.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PytestTextTest {

  @Test
  void separatorLinesMatchPytestsAtEightyColumns() {
    // Copied from pytest 9 output.
    assertThat(PytestText.sep('=', "FAILURES", 80))
        .isEqualTo(
            "=================================== FAILURES ===================================");
    assertThat(PytestText.sep('=', "test session starts", 80))
        .isEqualTo(
            "============================= test session starts ==============================");
    assertThat(PytestText.sep('_', "test_x", 80))
        .isEqualTo(
            "____________________________________ test_x ____________________________________");
  }

  @Test
  void aTitleWiderThanTheLineStillGetsOneSeparatorEachSide() {
    String title = "x".repeat(100);
    assertThat(PytestText.sep('=', title, 80)).isEqualTo("= " + title + " =");
  }

  @Test
  void sessionDurationsLookLikePytests() {
    assertThat(PytestText.sessionDuration(Duration.ofMillis(1234))).isEqualTo("1.23s");
    assertThat(PytestText.sessionDuration(Duration.ofMillis(75_120))).isEqualTo("75.12s (0:01:15)");
    assertThat(PytestText.sessionDuration(Duration.ofSeconds(90_061)))
        .isEqualTo("90061.00s (1 day, 1:01:01)");
  }
}
