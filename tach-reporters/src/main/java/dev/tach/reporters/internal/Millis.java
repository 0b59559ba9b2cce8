package dev.tach.reporters.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** Durations as the numbers reports carry. */
public final class Millis {
  private Millis() {}

  /**
   * Milliseconds to three decimals ({@code 12.5}, {@code 0.042}, {@code 1200}), as the wire
   * protocol's {@code duration_ms}; trailing zeros dropped.
   */
  public static BigDecimal of(Duration duration) {
    BigDecimal millis = BigDecimal.valueOf(duration.toNanos(), 6).setScale(3, RoundingMode.HALF_UP);
    BigDecimal stripped = millis.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  /** Seconds to three decimals, as JUnit XML's {@code time} attributes ({@code 0.012}). */
  public static String seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toNanos(), 9)
        .setScale(3, RoundingMode.HALF_UP)
        .toPlainString();
  }
}
