package dev.tach.reporters.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MillisTest {

  @Test
  void millisecondsKeepThreeDecimalsWithoutTrailingZeros() {
    assertThat(Millis.of(Duration.ofNanos(12_500_000)).toPlainString()).isEqualTo("12.5");
    assertThat(Millis.of(Duration.ofNanos(42_449)).toPlainString()).isEqualTo("0.042");
    assertThat(Millis.of(Duration.ofMillis(1200)).toPlainString()).isEqualTo("1200");
    assertThat(Millis.of(Duration.ZERO).toPlainString()).isEqualTo("0");
  }

  @Test
  void secondsHaveThreeDecimalsForJUnitXml() {
    assertThat(Millis.seconds(Duration.ofMillis(12))).isEqualTo("0.012");
    assertThat(Millis.seconds(Duration.ofNanos(1_234_567_890))).isEqualTo("1.235");
  }
}
