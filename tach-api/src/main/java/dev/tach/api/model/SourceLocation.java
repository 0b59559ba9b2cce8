package dev.tach.api.model;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;

/**
 * A place in a Python file.
 *
 * @param file the file relative to the rootdir, with {@code /} separators (absolute for files
 *     outside the rootdir, such as installed plugins)
 * @param line the 1-based line, 0 when unknown
 */
@Api(Api.Status.EXPERIMENTAL)
public record SourceLocation(String file, int line) {

  public SourceLocation {
    requireNonNull(file, "file is null");
    if (line < 0) {
      throw new IllegalArgumentException("line < 0: " + line);
    }
  }

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line : file;
  }
}
