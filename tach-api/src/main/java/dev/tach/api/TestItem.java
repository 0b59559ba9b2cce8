package dev.tach.api;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * A collected test.
 *
 * @param nodeId pytest's node id, e.g. {@code tests/test_a.py::TestX::test_y[1-2]}
 * @param file the file relative to the project root
 * @param line the 1-based line of the test, or 0 when unknown
 * @param timeout the item's own timeout ({@code @pytest.mark.timeout}), if any
 */
@Api(Api.Status.STABLE)
public record TestItem(String nodeId, String file, int line, Optional<Duration> timeout) {

  public TestItem {
    requireNonNull(nodeId, "nodeId is null");
    requireNonNull(file, "file is null");
    requireNonNull(timeout, "timeout is null");
  }

  /** The module part of the node id: everything before the first {@code ::}. */
  public String module() {
    int sep = nodeId.indexOf("::");
    return sep < 0 ? nodeId : nodeId.substring(0, sep);
  }
}
