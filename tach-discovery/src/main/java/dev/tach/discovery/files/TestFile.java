package dev.tach.discovery.files;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.util.List;
import java.util.Optional;

/**
 * A file pytest collects, with the selection a node-id argument made in it.
 *
 * @param file the file
 * @param names the {@code ::}-separated names after the path of a node-id argument ({@code pytest
 *     t.py::TestA::test_b} gives {@code [TestA, test_b]}); empty when the whole file runs
 * @param parametrization the {@code [...]} suffix of the last name, if the argument had one (the
 *     last name then matches only that parametrization; without it, all of them)
 * @param explicit whether the file was itself a command-line argument (then it is collected even if
 *     it does not match {@code python_files} or is ignored)
 */
@Api(Api.Status.EXPERIMENTAL)
public record TestFile(
    SourceFile file, List<String> names, Optional<String> parametrization, boolean explicit) {

  public TestFile {
    requireNonNull(file, "file is null");
    names = List.copyOf(names);
    requireNonNull(parametrization, "parametrization is null");
  }

  /** Whether every test of the file is selected. */
  public boolean isWholeFile() {
    return names.isEmpty();
  }

  /**
   * The node-id prefix this selection stands for: {@code t.py}, {@code t.py::TestA::test_b} or
   * {@code t.py::test_c[1]}.
   */
  public String nodeId() {
    StringBuilder id = new StringBuilder(file.nodePath());
    for (String name : names) {
      id.append("::").append(name);
    }
    parametrization.ifPresent(id::append);
    return id.toString();
  }
}
