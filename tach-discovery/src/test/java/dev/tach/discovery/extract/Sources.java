package dev.tach.discovery.extract;

import dev.tach.api.model.TestCase;
import dev.tach.api.model.TestModule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test helper: a small project of inline Python files ({@code path -> source}, paths such as
 * {@code pkg/test_a.py}) linked the way a caller would, with a lookup over all of them.
 */
final class Sources {

  private final Map<String, String> files = new LinkedHashMap<>();
  private LinkOptions options = LinkOptions.defaults();

  static Sources of(String path, String source) {
    return new Sources().with(path, source);
  }

  Sources with(String path, String source) {
    files.put(path, source);
    return this;
  }

  Sources options(LinkOptions options) {
    this.options = options;
    return this;
  }

  /** The dotted module name of {@code path}: every directory counts as a package. */
  static String moduleName(String path) {
    String name = path.substring(0, path.length() - ".py".length()).replace('/', '.');
    return name.endsWith(".__init__") ? name.substring(0, name.length() - ".__init__".length()) : name;
  }

  ModuleSummary summary(String path) {
    return ModuleSummarizer.summarize(
        files.get(path), path, moduleName(path), path.endsWith("__init__.py"));
  }

  SummaryLookup lookup() {
    Map<String, SummaryLookup.Found> modules = new LinkedHashMap<>();
    for (String path : files.keySet()) {
      modules.put(moduleName(path), new SummaryLookup.Found(path, summary(path)));
    }
    return SummaryLookup.of(modules);
  }

  TestModule link(String path) {
    TestModule.Kind kind =
        path.endsWith("conftest.py") ? TestModule.Kind.CONFTEST : TestModule.Kind.TEST;
    return new ModuleLinker(options, lookup()).link(summary(path), path, kind);
  }

  /** The node ids of the first file. */
  List<String> ids() {
    return ids(files.keySet().iterator().next());
  }

  List<String> ids(String path) {
    List<String> ids = new ArrayList<>();
    for (TestCase test : link(path).tests()) {
      ids.add(test.nodeId());
    }
    return ids;
  }

  /** The test of the first file with node id {@code nodeId}. */
  TestCase test(String nodeId) {
    for (TestCase test : link(files.keySet().iterator().next()).tests()) {
      if (test.nodeId().equals(nodeId)) {
        return test;
      }
    }
    throw new AssertionError("no test " + nodeId + " in " + ids());
  }

  /** The parametrize ids pytest gives {@code test_x} for {@code decorators} in a fresh module. */
  static List<String> paramIds(String prelude, String decorators, String signature) {
    String source =
        "import pytest\n" + prelude + "\n" + decorators + "\ndef test_x(" + signature + "):\n    pass\n";
    List<String> ids = new ArrayList<>();
    for (TestCase test : Sources.of("test_m.py", source).link("test_m.py").tests()) {
      if (test.dynamic().isPresent() && test.idParts().isEmpty()) {
        ids.add("dynamic: " + test.dynamic().get());
      } else {
        ids.add(String.join("-", test.idParts()));
      }
    }
    return ids;
  }
}
