package dev.tach.discovery.env;

import dev.tach.api.Api;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CPython version as far as it can be read from disk.
 *
 * @param major 3
 * @param minor e.g. 11
 * @param micro e.g. 7, when a file says it ({@code pyvenv.cfg}, {@code patchlevel.h})
 */
@Api(Api.Status.EXPERIMENTAL)
public record PythonVersion(int major, int minor, OptionalInt micro)
    implements Comparable<PythonVersion> {

  private static final Pattern DOTTED = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*");

  /** Reads {@code 3.11}, {@code 3.11.7} or {@code 3.11.7.final.0}; empty for anything else. */
  public static java.util.Optional<PythonVersion> parse(String text) {
    Matcher m = DOTTED.matcher(text.strip());
    if (!m.matches()) {
      return java.util.Optional.empty();
    }
    OptionalInt micro =
        m.group(3) == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(m.group(3)));
    return java.util.Optional.of(
        new PythonVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), micro));
  }

  /** {@code 3.11} */
  public String majorMinor() {
    return major + "." + minor;
  }

  /** Whether this is {@code major.minor} or later. */
  public boolean isAtLeast(int otherMajor, int otherMinor) {
    return major > otherMajor || (major == otherMajor && minor >= otherMinor);
  }

  @Override
  public int compareTo(PythonVersion other) {
    int c = Integer.compare(major, other.major);
    if (c == 0) {
      c = Integer.compare(minor, other.minor);
    }
    if (c == 0) {
      c = Integer.compare(micro.orElse(-1), other.micro.orElse(-1));
    }
    return c;
  }

  /** {@code 3.11.7}, or {@code 3.11} when the micro version is not known. */
  @Override
  public String toString() {
    return micro.isPresent() ? majorMinor() + "." + micro.getAsInt() : majorMinor();
  }
}
