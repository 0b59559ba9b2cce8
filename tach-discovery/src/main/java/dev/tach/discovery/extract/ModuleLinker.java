package dev.tach.discovery.extract;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.model.TestModule;

/**
 * Step two of discovery: turns a {@link ModuleSummary} into the {@link TestModule} pytest 9 would
 * collect from that file, following base classes, imported tests, fixtures and parametrize values
 * into other modules through a {@link SummaryLookup}.
 *
 * <p>What it reproduces: collection in namespace order (first binding's position, last binding's
 * value; names imported into a test module are collected there too), test classes by {@code
 * python_classes}, {@code __test__}, {@code __init__}/{@code __new__} and abstractness, inherited
 * methods in pytest's MRO order, {@code unittest.TestCase} classes (all {@code test*} methods,
 * sorted), fixtures with pytest's {@code baseid} visibility, marks closest first, {@code
 * mock.patch} arguments, and {@code @pytest.mark.parametrize} expanded into exactly pytest's ids.
 * What it cannot know becomes a {@code dynamic} reason on a test or a {@link
 * dev.tach.api.model.DynamicNote} on the module; it never throws on valid Python.
 *
 * <p>A linker caches what it resolved in other modules, so one linker should serve a whole
 * discovery run. It is not thread-safe: use one per thread.
 */
@Api(Api.Status.EXPERIMENTAL)
public final class ModuleLinker {

  private final LinkContext context;

  /**
   * @param options pytest's naming rules and id options, and the target interpreter
   * @param lookup finds the summaries of other modules
   */
  public ModuleLinker(LinkOptions options, SummaryLookup lookup) {
    requireNonNull(options, "options is null");
    requireNonNull(lookup, "lookup is null");
    this.context = new LinkContext(options, lookup);
  }

  /**
   * What pytest would collect from one file.
   *
   * @param summary the file's summary
   * @param path the file's node id: its path relative to the rootdir, {@code /}-separated, e.g.
   *     {@code pkg/tests/test_a.py}
   * @param kind a test module (tests and fixtures), a conftest (fixtures visible from its
   *     directory) or another module (fixtures of a plugin)
   */
  public TestModule link(ModuleSummary summary, String path, TestModule.Kind kind) {
    requireNonNull(summary, "summary is null");
    requireNonNull(path, "path is null");
    requireNonNull(kind, "kind is null");
    ModuleView view = context.viewFor(summary, path);
    return new ModuleCollector(context, view, kind).collect();
  }
}
