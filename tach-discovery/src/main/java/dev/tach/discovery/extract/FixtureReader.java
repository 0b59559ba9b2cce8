package dev.tach.discovery.extract;

import dev.tach.api.model.FixtureDefinition;
import dev.tach.api.model.FixtureScope;
import dev.tach.api.model.SourceLocation;
import dev.tach.api.model.TestModule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the fixtures a module or class registers, as pytest's {@code parsefactories} does
 * ({@code dir()} order, {@code name=}, scope, autouse, {@code params=} ids, the arguments {@code
 * getfuncargnames} gives), plus the autouse fixtures pytest makes for xunit-style setup methods
 * and for {@code unittest} classes.
 */
final class FixtureReader {

  /** Where a fixture reader reports what it cannot read. */
  @FunctionalInterface
  interface Notes {
    void note(int line, String reason);
  }

  private final LinkContext context;
  private final ModuleView module;
  private final TestModule.Kind kind;
  private final Notes notes;
  private final List<FixtureDefinition> fixtures = new ArrayList<>();

  FixtureReader(LinkContext context, ModuleView module, TestModule.Kind kind, Notes notes) {
    this.context = context;
    this.module = module;
    this.kind = kind;
    this.notes = notes;
  }

  /** The fixtures read so far, in registration order. */
  List<FixtureDefinition> fixtures() {
    return fixtures;
  }

  /**
   * The class fixture pytest registers for an imported {@code unittest.TestCase} (or {@code
   * IsolatedAsyncioTestCase}), which it collects as a class without tests.
   */
  void importedTestCase(String dotted, String nodeId) {
    String qualname = dotted.substring(dotted.lastIndexOf('.') + 1);
    fixtures.add(
        new FixtureDefinition(
            "_unittest_setUpClass_fixture_" + qualname,
            "setUpClass",
            new SourceLocation(module.path(), 0),
            FixtureDefinition.Origin.CLASS,
            nodeId,
            FixtureScope.CLASS,
            false,
            true,
            List.of("request"),
            List.of(),
            false,
            Optional.empty()));
  }

  /** pytest's {@code parsefactories} of the module: {@code dir(module)} in sorted order. */
  void moduleFixtures(FixtureDefinition.Origin origin, String visibleFrom) {
    NamespaceView namespace = module.namespace();
    List<String> names = new ArrayList<>(namespace.dictOrder(context).keySet());
    names.sort(PyText::compareCodePoints);
    for (String name : names) {
      Sym symbol = namespace.lookup(name, Integer.MAX_VALUE, context);
      if (symbol instanceof Sym.Function function) {
        FunctionInfo info = FunctionInfo.of(function, context);
        if (info.fixture() != null) {
          fixtures.add(fixture(name, info, false, origin, visibleFrom));
        }
      }
    }
    if (kind == TestModule.Kind.TEST) {
      xunitFixture(
          namespace,
          List.of("setUpModule", "setup_module"),
          List.of("tearDownModule", "teardown_module"),
          "_xunit_setup_module_fixture_" + module.moduleName(),
          FixtureScope.MODULE,
          visibleFrom);
      xunitFixture(
          namespace,
          List.of("setup_function"),
          List.of("teardown_function"),
          "_xunit_setup_function_fixture_" + module.moduleName(),
          FixtureScope.FUNCTION,
          visibleFrom);
    }
  }

  /** The autouse fixture pytest registers for xunit-style setup/teardown functions. */
  private void xunitFixture(
      NamespaceView namespace,
      List<String> setups,
      List<String> teardowns,
      String fixtureName,
      FixtureScope scope,
      String visibleFrom) {
    Sym.Function found = null;
    for (String name : concat(setups, teardowns)) {
      Sym symbol = namespace.lookup(name, Integer.MAX_VALUE, context);
      if (symbol instanceof Sym.Function function
          && FunctionInfo.of(function, context).fixture() == null) {
        found = function;
        break;
      }
    }
    addXunit(found, fixtureName, scope, visibleFrom);
  }

  private void classXunitFixture(
      ClassModel model,
      List<String> names,
      String fixtureName,
      FixtureScope scope,
      String visibleFrom) {
    Sym.Function found = null;
    for (String name : names) {
      ClassModel.Lookup lookup = model.attribute(name, context);
      if (lookup.symbol() instanceof Sym.Function function
          && FunctionInfo.of(function, context).fixture() == null) {
        found = function;
        break;
      }
    }
    addXunit(found, fixtureName, scope, visibleFrom);
  }

  private void addXunit(Sym.Function found, String name, FixtureScope scope, String visibleFrom) {
    if (found == null) {
      return;
    }
    fixtures.add(
        new FixtureDefinition(
            name,
            found.function().name(),
            new SourceLocation(found.scope().module().path(), found.function().line()),
            kind == TestModule.Kind.TEST
                ? (visibleFrom.contains("::")
                    ? FixtureDefinition.Origin.CLASS
                    : FixtureDefinition.Origin.MODULE)
                : FixtureDefinition.Origin.CONFTEST,
            visibleFrom,
            scope,
            false,
            true,
            List.of("request"),
            List.of(),
            false,
            Optional.empty()));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private FixtureDefinition fixture(
      String attributeName,
      FunctionInfo info,
      boolean method,
      FixtureDefinition.Origin origin,
      String visibleFrom) {
    FunctionInfo.Fixture spec = info.fixture();
    FunctionSummary function = info.function();
    int line = function.line();
    Evaluator evaluator = context.evaluator();
    if (spec.problem() != null) {
      notes.note(line, "fixture " + function.name() + ": " + spec.problem());
    }
    String name = attributeName;
    if (spec.name() != null) {
      try {
        PyValue value = evaluator.eval(spec.name(), spec.at());
        if (value instanceof PyValue.Str str) {
          name = str.value();
        } else if (!(value instanceof PyValue.None)) {
          notes.note(line, "fixture " + function.name() + " has a name= that is not a string");
        }
      } catch (Evaluator.NotStatic notStatic) {
        notes.note(line, "fixture " + function.name() + " is named at run time: " + notStatic.getMessage());
      }
    }
    FixtureScope scope = FixtureScope.FUNCTION;
    boolean scopeDynamic = false;
    if (spec.scope() != null) {
      try {
        PyValue value = evaluator.eval(spec.scope(), spec.at());
        if (value instanceof PyValue.Str str
            && FixtureScope.fromPytestName(str.value()).isPresent()) {
          scope = FixtureScope.fromPytestName(str.value()).get();
        } else {
          scopeDynamic = true;
        }
      } catch (Evaluator.NotStatic notStatic) {
        scopeDynamic = true;
      }
    }
    boolean autouse = false;
    if (spec.autouse() != null) {
      try {
        autouse = Values.truth(evaluator.eval(spec.autouse(), spec.at()));
      } catch (Evaluator.NotStatic notStatic) {
        notes.note(line, "fixture " + name + " sets autouse= at run time: " + notStatic.getMessage());
      }
    }
    List<String> paramIds = List.of();
    boolean paramsDynamic = false;
    if (spec.params() != null) {
      String[] why = new String[1];
      List<String> ids =
          Parametrize.fixtureIds(name, spec.params(), spec.ids(), spec.at(), context, why);
      if (ids == null) {
        paramsDynamic = true;
        notes.note(line, "fixture " + name + " params= are computed at run time: " + why[0]);
      } else {
        paramIds = ids;
      }
    }
    boolean bound = method && !info.staticMethod();
    return new FixtureDefinition(
        name,
        function.name(),
        new SourceLocation(info.symbol().scope().module().path(), line),
        origin,
        visibleFrom,
        scope,
        scopeDynamic,
        autouse,
        info.argnames(bound),
        paramIds,
        paramsDynamic,
        Optional.ofNullable(function.docstring()));
  }

  /** pytest's {@code parsefactories} of a class instance, plus xunit setup fixtures. */
  void classFixtures(ClassModel model, String nodeId, ClassScope klass, boolean unittest) {
    for (Map.Entry<String, ClassScope> entry : model.dir(context).entrySet()) {
      Sym symbol = entry.getValue().namespace().lookup(entry.getKey(), Integer.MAX_VALUE, context);
      if (symbol instanceof Sym.Function function) {
        FunctionInfo info = FunctionInfo.of(function, context);
        if (info.fixture() != null) {
          fixtures.add(
              fixture(entry.getKey(), info, true, FixtureDefinition.Origin.CLASS, nodeId));
        }
      }
    }
    if (unittest) {
      addXunitClass(
          "_unittest_setUpClass_fixture_" + klass.qualname(), klass, FixtureScope.CLASS, nodeId);
      classXunitFixture(
          model,
          List.of("setup_method", "teardown_method"),
          "_unittest_setup_method_fixture_" + klass.qualname(),
          FixtureScope.FUNCTION,
          nodeId);
    } else {
      classXunitFixture(
          model,
          List.of("setup_method", "teardown_method"),
          "_xunit_setup_method_fixture_" + klass.qualname(),
          FixtureScope.FUNCTION,
          nodeId);
    }
    classXunitFixture(
        model,
        List.of("setup_class", "teardown_class"),
        "_xunit_setup_class_fixture_" + klass.qualname(),
        FixtureScope.CLASS,
        nodeId);
  }

  /** unittest's class-level setup fixture, which every TestCase class gets. */
  private void addXunitClass(String name, ClassScope klass, FixtureScope scope, String nodeId) {
    fixtures.add(
        new FixtureDefinition(
            name,
            "setUpClass",
            new SourceLocation(klass.module().path(), klass.summary().line()),
            FixtureDefinition.Origin.CLASS,
            nodeId,
            scope,
            false,
            true,
            List.of("request"),
            List.of(),
            false,
            Optional.empty()));
  }
}
