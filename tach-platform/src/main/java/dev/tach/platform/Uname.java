package dev.tach.platform;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code uname(2)} says.
 *
 * @param sysname {@code Linux}
 * @param release the kernel release, e.g. {@code 6.18.44-fc-v782}
 * @param version the build string
 * @param machine {@code x86_64}, {@code aarch64}
 */
@Api(Api.Status.EXPERIMENTAL)
public record Uname(String sysname, String release, String version, String machine) {
  private static final Pattern MAJOR_MINOR = Pattern.compile("^(\\d+)\\.(\\d+)");

  public Uname {
    requireNonNull(sysname, "sysname is null");
    requireNonNull(release, "release is null");
    requireNonNull(version, "version is null");
    requireNonNull(machine, "machine is null");
  }

  /** Whether the release is at least {@code major.minor} (false when it cannot be read). */
  public boolean atLeast(int major, int minor) {
    Matcher m = MAJOR_MINOR.matcher(release);
    if (!m.find()) {
      return false;
    }
    int haveMajor = Integer.parseInt(m.group(1));
    int haveMinor = Integer.parseInt(m.group(2));
    return haveMajor > major || (haveMajor == major && haveMinor >= minor);
  }
}
