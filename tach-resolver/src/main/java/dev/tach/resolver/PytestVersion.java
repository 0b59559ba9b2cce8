package dev.tach.resolver;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pytest release a suite runs under, as far as fixture resolution depends on it: the builtin
 * fixtures and the order in which pytest lists a test's fixture closure.
 *
 * @param major the major version, 7 or newer
 * @param minor the minor version
 */
@Api(Api.Status.EXPERIMENTAL)
public record PytestVersion(int major, int minor) implements Comparable<PytestVersion> {

  private static final Pattern LEADING = Pattern.compile("^\\s*(?:pytest\\s+)?(\\d+)\\.(\\d+)");

  /** The release the project develops against. */
  public static final PytestVersion DEFAULT = new PytestVersion(9, 0);

  public PytestVersion {
    if (major < 7) {
      throw new IllegalArgumentException("pytest " + major + "." + minor + " is older than 7.0");
    }
    if (minor < 0) {
      throw new IllegalArgumentException("minor < 0: " + minor);
    }
  }

  /**
   * Reads {@code "9.0.3"}, {@code "8.4.0rc1"}, {@code "9.1.0.dev12+g1a2b"} or {@code pytest
   * --version}'s {@code "pytest 9.0.3"}: only major and minor matter.
   *
   * @throws IllegalArgumentException when it does not start with {@code MAJOR.MINOR} or is older
   *     than 7.0
   */
  public static PytestVersion parse(String text) {
    requireNonNull(text, "text is null");
    Matcher matcher = LEADING.matcher(text);
    if (!matcher.find()) {
      throw new IllegalArgumentException("not a pytest version: " + text);
    }
    return new PytestVersion(
        Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
  }

  /** Whether this release is {@code major.minor} or newer. */
  public boolean atLeast(int major, int minor) {
    return this.major != major ? this.major > major : this.minor >= minor;
  }

  @Override
  public int compareTo(PytestVersion other) {
    return major != other.major
        ? Integer.compare(major, other.major)
        : Integer.compare(minor, other.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
