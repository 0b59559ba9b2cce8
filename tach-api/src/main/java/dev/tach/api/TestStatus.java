package dev.tach.api;

import java.util.Locale;

/** The outcome of one test, as written on the wire and in the NDJSON stream. */
@Api(Api.Status.STABLE)
public enum TestStatus {
  PASS,
  FAIL,
  SKIP,
  XFAIL,
  XPASS,
  ERROR,
  CRASH,
  TIMEOUT,
  HARNESS_ERROR;

  /** The lower-case name used in the protocol and the NDJSON events. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; unknown names are an {@link IllegalArgumentException}. */
  public static TestStatus fromWire(String name) {
    for (TestStatus status : values()) {
      if (status.wireName().equals(name)) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown test status: " + name);
  }

  /** Whether this outcome makes the run fail (exit code 1). */
  public boolean failsRun() {
    return this == FAIL || this == ERROR || this == CRASH || this == TIMEOUT || this == HARNESS_ERROR;
  }
}
