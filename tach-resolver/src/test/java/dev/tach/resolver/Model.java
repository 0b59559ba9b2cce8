package dev.tach.resolver;

import dev.tach.api.model.DiscoveryProblem;
import dev.tach.api.model.DynamicNote;
import dev.tach.api.model.FixtureDefinition;
import dev.tach.api.model.FixtureScope;
import dev.tach.api.model.Marker;
import dev.tach.api.model.ModuleImport;
import dev.tach.api.model.RequiredImport;
import dev.tach.api.model.SourceLocation;
import dev.tach.api.model.TestCase;
import dev.tach.api.model.TestModule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the static model by hand, stated the way discovery states it, so that resolver tests read
 * like the Python they stand for.
 */
final class Model {
  private Model() {}

  static FixtureSpec fixture(String name, String... requests) {
    return new FixtureSpec(name, List.of(requests));
  }

  static TestSpec test(String function, String... requests) {
    return new TestSpec(function, List.of(requests));
  }

  /** {@code dir/conftest.py}; {@code ""} for the rootdir's. */
  static ModuleSpec conftest(String dir) {
    String path = dir.isEmpty() ? "conftest.py" : dir + "/conftest.py";
    return new ModuleSpec(path, TestModule.Kind.CONFTEST, FixtureDefinition.Origin.CONFTEST, dir);
  }

  static ModuleSpec testModule(String path) {
    return new ModuleSpec(path, TestModule.Kind.TEST, FixtureDefinition.Origin.MODULE, path);
  }

  /** A plugin module: its fixtures are visible everywhere. */
  static ModuleSpec plugin(String moduleName) {
    ModuleSpec spec =
        new ModuleSpec(
            "/site-packages/" + moduleName.replace('.', '/') + ".py",
            TestModule.Kind.SUPPORT,
            FixtureDefinition.Origin.PLUGIN,
            "");
    return spec.moduleName(moduleName);
  }

  /** A non-test module read for its imports. */
  static ModuleSpec support(String moduleName) {
    return new ModuleSpec(
            moduleName.replace('.', '/') + ".py",
            TestModule.Kind.SUPPORT,
            FixtureDefinition.Origin.MODULE,
            moduleName.replace('.', '/') + ".py")
        .moduleName(moduleName);
  }

  /** A fixture as written: {@code @pytest.fixture(...) def name(requests...)}. */
  static final class FixtureSpec {
    private final String name;
    private final List<String> requests;
    private String function;
    private FixtureScope scope = FixtureScope.FUNCTION;
    private boolean scopeDynamic;
    private boolean autouse;
    private List<String> params = List.of();
    private boolean paramsDynamic;
    private String doc;
    private int line;

    private FixtureSpec(String name, List<String> requests) {
      this.name = name;
      this.function = name;
      this.requests = requests;
    }

    FixtureSpec scope(FixtureScope value) {
      scope = value;
      return this;
    }

    FixtureSpec session() {
      return scope(FixtureScope.SESSION);
    }

    FixtureSpec module() {
      return scope(FixtureScope.MODULE);
    }

    FixtureSpec classScoped() {
      return scope(FixtureScope.CLASS);
    }

    FixtureSpec dynamicScope() {
      scope = FixtureScope.FUNCTION;
      scopeDynamic = true;
      return this;
    }

    FixtureSpec autouse() {
      autouse = true;
      return this;
    }

    FixtureSpec params(String... ids) {
      params = List.of(ids);
      return this;
    }

    FixtureSpec dynamicParams() {
      paramsDynamic = true;
      return this;
    }

    /** {@code @pytest.fixture(name=NAME) def function(...)}. */
    FixtureSpec function(String value) {
      function = value;
      return this;
    }

    FixtureSpec doc(String value) {
      doc = value;
      return this;
    }

    FixtureSpec line(int value) {
      line = value;
      return this;
    }

    FixtureDefinition build(
        String file, FixtureDefinition.Origin origin, String visibleFrom, int nextLine) {
      return new FixtureDefinition(
          name,
          function,
          new SourceLocation(file, line > 0 ? line : nextLine),
          origin,
          visibleFrom,
          scope,
          scopeDynamic,
          autouse,
          requests,
          params,
          paramsDynamic,
          Optional.ofNullable(doc));
    }
  }

  /** A test function, with its parametrize marks in the order pytest applies them. */
  static final class TestSpec {
    private final String function;
    private final List<String> requests = new ArrayList<>();
    private final List<String> parametrizedArgs = new ArrayList<>();
    private final List<List<String>> parameterSets = new ArrayList<>(List.of(List.of()));
    private final List<Marker> markers = new ArrayList<>();
    private TestCase.Kind kind;
    private String dynamic;
    private int line;

    private TestSpec(String function, List<String> requests) {
      this.function = function;
      this.requests.addAll(requests);
    }

    /** {@code @pytest.mark.usefixtures(names...)}: requested before the arguments. */
    TestSpec usefixtures(String... names) {
      requests.addAll(0, List.of(names));
      return this;
    }

    /**
     * A direct {@code @pytest.mark.parametrize(argname, ...)} whose values have these ids. Call
     * once per mark, closest mark first (the order pytest applies them).
     */
    TestSpec parametrize(String argname, String... ids) {
      parametrizedArgs.add(argname);
      List<List<String>> next = new ArrayList<>();
      for (List<String> set : parameterSets) {
        for (String id : ids) {
          List<String> parts = new ArrayList<>(set);
          parts.add(id);
          next.add(parts);
        }
      }
      parameterSets.clear();
      parameterSets.addAll(next);
      return this;
    }

    /** {@code parametrize(argname, ..., indirect=True)}: the fixture still runs. */
    TestSpec indirect(String argname, String... ids) {
      if (!requests.contains(argname)) {
        requests.add(argname);
      }
      return parametrize(argname, ids);
    }

    TestSpec marker(String name, String... args) {
      markers.add(new Marker(name, List.of(args), Map.of(), new SourceLocation("x.py", 1)));
      return this;
    }

    TestSpec unittest() {
      kind = TestCase.Kind.UNITTEST;
      return this;
    }

    TestSpec dynamic(String reason) {
      dynamic = reason;
      return this;
    }

    TestSpec line(int value) {
      line = value;
      return this;
    }

    List<TestCase> build(String file, List<String> classes, int nextLine) {
      String baseId =
          file + (classes.isEmpty() ? "" : "::" + String.join("::", classes)) + "::" + function;
      TestCase.Kind actual =
          kind != null ? kind : classes.isEmpty() ? TestCase.Kind.FUNCTION : TestCase.Kind.METHOD;
      List<TestCase> cases = new ArrayList<>();
      for (List<String> idParts : parameterSets) {
        cases.add(
            new TestCase(
                baseId,
                idParts,
                function,
                classes,
                new SourceLocation(file, line > 0 ? line : nextLine),
                actual,
                false,
                markers,
                requests,
                parametrizedArgs,
                Optional.ofNullable(dynamic)));
      }
      return cases;
    }
  }

  /** A Python file: fixtures and tests at module level and in classes, imports. */
  static final class ModuleSpec {
    private final String path;
    private final TestModule.Kind kind;
    private final FixtureDefinition.Origin origin;
    private final String visibleFrom;
    private String moduleName;
    private final List<Object[]> members = new ArrayList<>();
    private final List<ModuleImport> imports = new ArrayList<>();
    private final List<RequiredImport> required = new ArrayList<>();
    private final List<String> plugins = new ArrayList<>();
    private final List<DynamicNote> dynamic = new ArrayList<>();

    private ModuleSpec(
        String path, TestModule.Kind kind, FixtureDefinition.Origin origin, String visibleFrom) {
      this.path = path;
      this.kind = kind;
      this.origin = origin;
      this.visibleFrom = visibleFrom;
      String file = path.substring(path.lastIndexOf('/') + 1);
      this.moduleName = file.endsWith(".py") ? file.substring(0, file.length() - 3) : file;
    }

    ModuleSpec moduleName(String value) {
      moduleName = value;
      return this;
    }

    /** Module-level fixtures and tests, in source order. */
    ModuleSpec with(Object... specs) {
      for (Object spec : specs) {
        members.add(new Object[] {List.of(), spec});
      }
      return this;
    }

    /** Members of class {@code className} ({@code Outer::Inner} for a nested one). */
    ModuleSpec inClass(String className, Object... specs) {
      List<String> classes = Arrays.asList(className.split("::"));
      for (Object spec : specs) {
        members.add(new Object[] {classes, spec});
      }
      return this;
    }

    ModuleSpec imports(String module) {
      imports.add(new ModuleImport(module, List.of(), nextImportLine(), true, false));
      return this;
    }

    ModuleSpec importsFrom(String module, String... names) {
      imports.add(new ModuleImport(module, List.of(names), nextImportLine(), true, false));
      return this;
    }

    ModuleSpec importsInFunction(String module) {
      imports.add(new ModuleImport(module, List.of(), nextImportLine(), false, false));
      return this;
    }

    ModuleSpec importorskip(String module) {
      required.add(new RequiredImport(module, Optional.empty(), nextImportLine()));
      return this;
    }

    ModuleSpec pytestPlugins(String... modules) {
      plugins.addAll(List.of(modules));
      return this;
    }

    private int nextImportLine() {
      return imports.size() + required.size() + 1;
    }

    @SuppressWarnings("unchecked")
    TestModule build() {
      List<FixtureDefinition> fixtures = new ArrayList<>();
      List<TestCase> tests = new ArrayList<>();
      int line = 10;
      for (Object[] member : members) {
        List<String> classes = (List<String>) member[0];
        line += 3;
        if (member[1] instanceof FixtureSpec fixture) {
          boolean inClass = !classes.isEmpty();
          fixtures.add(
              fixture.build(
                  path,
                  inClass ? FixtureDefinition.Origin.CLASS : origin,
                  inClass ? path + "::" + String.join("::", classes) : visibleFrom,
                  line));
        } else {
          tests.addAll(((TestSpec) member[1]).build(path, classes, line));
        }
      }
      return new TestModule(
          path,
          moduleName,
          kind,
          tests,
          fixtures,
          imports,
          required,
          plugins,
          List.of(),
          List.<DiscoveryProblem>of(),
          dynamic);
    }
  }
}
