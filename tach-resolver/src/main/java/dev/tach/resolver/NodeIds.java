package dev.tach.resolver;

import java.util.ArrayList;
import java.util.List;

/** pytest node id arithmetic: {@code dir/sub/test_x.py::TestX::test_y}. */
final class NodeIds {
  private NodeIds() {}

  /** The id of the node that collects {@code nodeId}: its class, module or directory. */
  static String parent(String nodeId) {
    int colons = nodeId.lastIndexOf("::");
    if (colons >= 0) {
      return nodeId.substring(0, colons);
    }
    int slash = nodeId.lastIndexOf('/');
    return slash < 0 ? "" : nodeId.substring(0, slash);
  }

  /**
   * {@code nodeId} and the ids of all nodes above it, root first: {@code ""}, each directory, the
   * module, each class. Each is a prefix of the next, so length orders them.
   */
  static List<String> selfAndAncestors(String nodeId) {
    List<String> chain = new ArrayList<>();
    chain.add("");
    if (nodeId.isEmpty()) {
      return chain;
    }
    int colons = nodeId.indexOf("::");
    String path = colons < 0 ? nodeId : nodeId.substring(0, colons);
    for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      if (slash > 0) {
        chain.add(path.substring(0, slash));
      }
    }
    chain.add(path);
    for (int next = colons; next >= 0; next = nodeId.indexOf("::", next + 2)) {
      int end = nodeId.indexOf("::", next + 2);
      chain.add(end < 0 ? nodeId : nodeId.substring(0, end));
    }
    return chain;
  }

  /** Whether {@code descendant} is {@code ancestor} or lies below it. */
  static boolean isSelfOrBelow(String descendant, String ancestor) {
    if (ancestor.isEmpty() || descendant.equals(ancestor)) {
      return true;
    }
    return descendant.startsWith(ancestor)
        && (descendant.startsWith("/", ancestor.length())
            || descendant.startsWith("::", ancestor.length()));
  }
}
