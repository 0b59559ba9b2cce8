package dev.tach.discovery.env;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@code .pth} file {@code site} processed at startup.
 *
 * @param file the file
 * @param addedPaths the existing directories its path lines added to {@code sys.path}, in order
 * @param code its {@code import} lines, which {@code site} executes
 */
@Api(Api.Status.EXPERIMENTAL)
public record PthFile(Path file, List<Path> addedPaths, List<String> code) {
  public PthFile {
    requireNonNull(file, "file is null");
    addedPaths = List.copyOf(addedPaths);
    code = List.copyOf(code);
  }
}
