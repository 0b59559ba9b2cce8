package dev.tach.api.model;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.util.List;

/**
 * One Python file as static discovery sees it.
 *
 * @param path the file relative to the rootdir, {@code /}-separated (pytest's node id of it)
 * @param moduleName the dotted name it is imported under (e.g. {@code pkg.tests.test_a}), as
 *     pytest's default {@code prepend} import mode derives it from {@code __init__.py} files
 * @param kind test module, conftest, or another module discovery read (a base class's module,
 *     a plugin)
 * @param tests its tests, in definition order
 * @param fixtures the fixtures it defines, classes' fixtures included
 * @param imports its import statements, in source order
 * @param requiredImports its module-level {@code pytest.importorskip} calls
 * @param pytestPlugins the modules its {@code pytest_plugins} names
 * @param hooks the pytest hooks it implements ({@code pytest_*} functions)
 * @param problems what is wrong with it (a syntax error: then it has no tests)
 * @param dynamic what about it is known only at run time
 */
@Api(Api.Status.EXPERIMENTAL)
public record TestModule(
    String path,
    String moduleName,
    Kind kind,
    List<TestCase> tests,
    List<FixtureDefinition> fixtures,
    List<ModuleImport> imports,
    List<RequiredImport> requiredImports,
    List<String> pytestPlugins,
    List<String> hooks,
    List<DiscoveryProblem> problems,
    List<DynamicNote> dynamic) {

  /** What role a file plays. */
  @Api(Api.Status.EXPERIMENTAL)
  public enum Kind {
    /** a file matching {@code python_files}. */
    TEST,
    /** a {@code conftest.py}. */
    CONFTEST,
    /** any other module read for its classes, fixtures or imports. */
    SUPPORT
  }

  public TestModule {
    requireNonNull(path, "path is null");
    requireNonNull(moduleName, "moduleName is null");
    requireNonNull(kind, "kind is null");
    tests = List.copyOf(tests);
    fixtures = List.copyOf(fixtures);
    imports = List.copyOf(imports);
    requiredImports = List.copyOf(requiredImports);
    pytestPlugins = List.copyOf(pytestPlugins);
    hooks = List.copyOf(hooks);
    problems = List.copyOf(problems);
    dynamic = List.copyOf(dynamic);
  }
}
