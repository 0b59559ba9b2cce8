package dev.tach.api.spi;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.nio.file.Path;
import java.util.List;

/**
 * What a backend knows of the run it makes a policy for.
 *
 * @param projectDir the project directory (pytest's rootdir search starts here)
 * @param tmpDir the directory temporary files go to ({@code /tmp})
 * @param extraWritable directories tests must be able to write besides the project and
 *     {@code tmpDir}, such as pytest's {@code --basetemp}
 * @param support what the machine allows
 */
@Api(Api.Status.STABLE)
public record SandboxContext(Path projectDir, Path tmpDir, List<Path> extraWritable, SandboxSupport support) {

  public SandboxContext {
    requireNonNull(projectDir, "projectDir is null");
    requireNonNull(tmpDir, "tmpDir is null");
    extraWritable = List.copyOf(extraWritable);
    requireNonNull(support, "support is null");
  }
}
