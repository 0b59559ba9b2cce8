package dev.tach.discovery.files;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.nio.file.Path;

/**
 * A file a pytest run reads: a test module it collects, or a {@code conftest.py} it loads.
 *
 * @param path the file, absolute and normalized, symbolic links not resolved (as pytest sees it)
 * @param nodePath pytest's node id of the file: relative to the rootdir, {@code /}-separated; for a
 *     test file outside the rootdir, relative to the command-line argument that contains it ({@code
 *     ""} for the argument itself), as pytest's {@code FSCollector} makes it; for a conftest
 *     outside the rootdir, the relative path from the rootdir ({@code ../conftest.py})
 * @param moduleName the dotted name the file is imported under in the run's import mode ({@code
 *     prepend}: the chain of {@code __init__.py} directories above it, else its stem); empty for a
 *     doctest text file, which is not imported
 * @param role why pytest reads it
 */
@Api(Api.Status.EXPERIMENTAL)
public record SourceFile(Path path, String nodePath, String moduleName, Role role) {

  /** Why pytest reads a file. */
  @Api(Api.Status.EXPERIMENTAL)
  public enum Role {
    /** a Python file pytest collects tests from ({@code python_files}, or given explicitly). */
    TEST,
    /** a {@code conftest.py} pytest loads as a plugin. */
    CONFTEST,
    /**
     * a text file pytest's doctest plugin collects ({@code test*.txt} or {@code --doctest-glob}, or
     * a {@code .txt}/{@code .rst} file given explicitly).
     */
    DOCTEST_TEXT
  }

  public SourceFile {
    requireNonNull(path, "path is null");
    requireNonNull(nodePath, "nodePath is null");
    requireNonNull(moduleName, "moduleName is null");
    requireNonNull(role, "role is null");
  }
}
