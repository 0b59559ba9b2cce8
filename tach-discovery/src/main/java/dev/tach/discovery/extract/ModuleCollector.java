package dev.tach.discovery.extract;

import dev.tach.api.ErrorCode;
import dev.tach.api.model.DiscoveryProblem;
import dev.tach.api.model.DynamicNote;
import dev.tach.api.model.FixtureDefinition;
import dev.tach.api.model.Marker;
import dev.tach.api.model.ModuleImport;
import dev.tach.api.model.RequiredImport;
import dev.tach.api.model.SourceLocation;
import dev.tach.api.model.TestCase;
import dev.tach.api.model.TestModule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Collects one module the way pytest 9's {@code Module}, {@code Class} and {@code UnitTestCase}
 * collectors do, from summaries instead of imported objects: module and class namespaces in
 * dict order (bases first for inherited methods), test classes and functions by {@code
 * python_classes}/{@code python_functions} and {@code __test__}, fixtures in {@code dir()}
 * order, marks in {@code iter_markers} order, parametrize ids as pytest makes them.
 */
final class ModuleCollector {

  /** Names pytest never offers to {@code pytest_pycollect_makeitem} ({@code IGNORED_ATTRIBUTES}). */
  private static final Set<String> IGNORED =
      Set.of(
          "__builtins__", "__cached__", "__class__", "__delattr__", "__dict__", "__dir__",
          "__doc__", "__eq__", "__file__", "__format__", "__ge__", "__getattribute__",
          "__getstate__", "__gt__", "__hash__", "__init__", "__init_subclass__", "__le__",
          "__loader__", "__lt__", "__module__", "__name__", "__ne__", "__new__", "__package__",
          "__reduce__", "__reduce_ex__", "__repr__", "__setattr__", "__sizeof__", "__spec__",
          "__str__", "__subclasshook__", "__weakref__");

  private final LinkContext context;
  private final ModuleView module;
  private final TestModule.Kind kind;
  private final NameFilter classNames;
  private final NameFilter functionNames;
  private final List<TestCase> tests = new ArrayList<>();
  private final FixtureReader fixtures;
  private final List<DynamicNote> notes = new ArrayList<>();
  private List<MarkRef> moduleMarks = List.of();
  private boolean moduleGeneratesTests;

  /** A collector node above a test: the module or a class. */
  private record Parent(
      String nodeId, List<String> classNames, List<ClassFrame> frames, ClassScope cls) {}

  /** A class node: its class and its marks (base classes' first). */
  private record ClassFrame(ClassScope scope, List<MarkRef> marks, boolean generatesTests) {}

  ModuleCollector(LinkContext context, ModuleView module, TestModule.Kind kind) {
    this.context = context;
    this.module = module;
    this.kind = kind;
    this.classNames = new NameFilter(context.options().pythonClasses());
    this.functionNames = new NameFilter(context.options().pythonFunctions());
    this.fixtures = new FixtureReader(context, module, kind, this::note);
  }

  TestModule collect() {
    ModuleSummary summary = module.summary();
    if (summary.syntaxError() != null) {
      return syntaxError(summary);
    }
    List<ModuleImport> imports = new ArrayList<>();
    for (ModuleSummary.ImportStatement statement : summary.imports()) {
      imports.add(
          new ModuleImport(
              statement.module(),
              statement.names(),
              statement.line(),
              statement.atImportTime(),
              statement.guarded()));
    }
    for (ModuleSummary.Note note : summary.notes()) {
      note(note.line(), note.reason());
    }
    List<RequiredImport> required = requiredImports(summary);
    boolean skipped = moduleSkip(summary);
    List<String> plugins = pytestPlugins();
    List<String> hooks = hooks();
    String visibleFrom =
        switch (kind) {
          case TEST -> module.path();
          case CONFTEST -> directoryOf(module.path());
          case SUPPORT -> "";
        };
    FixtureDefinition.Origin origin =
        switch (kind) {
          case TEST -> FixtureDefinition.Origin.MODULE;
          case CONFTEST -> FixtureDefinition.Origin.CONFTEST;
          case SUPPORT -> FixtureDefinition.Origin.PLUGIN;
        };
    fixtures.moduleFixtures(origin, visibleFrom);
    if (kind == TestModule.Kind.TEST && !skipped && moduleTestAttribute()) {
      collectModuleTests();
    }
    return new TestModule(
        module.path(),
        module.moduleName(),
        kind,
        tests,
        fixtures.fixtures(),
        imports,
        required,
        plugins,
        hooks,
        List.of(),
        notes);
  }

  private TestModule syntaxError(ModuleSummary summary) {
    dev.tach.discovery.SyntaxError error = summary.syntaxError();
    DiscoveryProblem problem =
        new DiscoveryProblem(
            ErrorCode.E017,
            new SourceLocation(module.path(), Math.max(0, error.line())),
            error.line() > 0 ? error.column() + 1 : 0,
            "SyntaxError: " + error.message());
    return new TestModule(
        module.path(),
        module.moduleName(),
        kind,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(problem),
        List.of());
  }

  static String directoryOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  // module-level facts

  private List<RequiredImport> requiredImports(ModuleSummary summary) {
    List<RequiredImport> required = new ArrayList<>();
    for (ModuleSummary.ImportOrSkipCall call : summary.importOrSkips()) {
      if (call.module() == null) {
        note(call.line(), "pytest.importorskip() of a module named at run time");
      } else if (call.guarded()) {
        note(
            call.line(),
            "pytest.importorskip(\"" + call.module() + "\") runs only under a condition");
      } else {
        required.add(
            new RequiredImport(call.module(), Optional.ofNullable(call.minVersion()), call.line()));
      }
    }
    return required;
  }

  /** Whether an unconditional module-level skip runs; conditional ones become notes. */
  private boolean moduleSkip(ModuleSummary summary) {
    for (ModuleSummary.SkipCall skip : summary.skips()) {
      if (skip.guarded()) {
        note(skip.line(), "the module may be skipped at import time: " + skip.reason());
      } else {
        note(skip.line(), "the module is skipped at import time: " + skip.reason());
        return true;
      }
    }
    return false;
  }

  private List<String> pytestPlugins() {
    NamespaceView namespace = module.namespace();
    int index = namespace.lastBinding("pytest_plugins", Integer.MAX_VALUE, context);
    if (index < 0) {
      return List.of();
    }
    Binding binding = namespace.binding(index);
    try {
      if (binding.kind() != Binding.Kind.ASSIGN) {
        throw new Evaluator.NotStatic("it is not assigned a literal");
      }
      PyValue value =
          context.evaluator().eval(binding.value(), new Scope(module, null, index));
      if (value instanceof PyValue.Str str) {
        return List.of(str.value());
      }
      List<String> names = new ArrayList<>();
      for (PyValue item : Values.iterate(value)) {
        if (!(item instanceof PyValue.Str str)) {
          throw new Evaluator.NotStatic("it holds something that is not a module name");
        }
        names.add(str.value());
      }
      return names;
    } catch (Evaluator.NotStatic notStatic) {
      note(binding.line(), "pytest_plugins is computed: " + notStatic.getMessage());
      return List.of();
    }
  }

  private List<String> hooks() {
    List<String> hooks = new ArrayList<>();
    NamespaceView namespace = module.namespace();
    for (String name : namespace.dictOrder(context).keySet()) {
      if (name.startsWith("pytest_")
          && namespace.lookup(name, Integer.MAX_VALUE, context) instanceof Sym.Function) {
        hooks.add(name);
      }
    }
    return hooks;
  }

  private boolean moduleTestAttribute() {
    int index = module.namespace().lastBinding("__test__", Integer.MAX_VALUE, context);
    if (index < 0) {
      return true;
    }
    Boolean truth = truthOf(module.namespace().bindingSym(index, context));
    if (truth == null) {
      note(module.namespace().binding(index).line(), "__test__ is computed at run time");
      return true;
    }
    return truth;
  }

  // tests

  private void collectModuleTests() {
    Marks.Result marks = Marks.moduleMarks(module, context);
    moduleMarks = marks.marks();
    for (String problem : marks.problems()) {
      note(0, problem);
    }
    Sym generate = module.namespace().lookup("pytest_generate_tests", Integer.MAX_VALUE, context);
    moduleGeneratesTests = generate != null;
    Parent root = new Parent(module.path(), List.of(), List.of(), null);
    NamespaceView namespace = module.namespace();
    for (Map.Entry<String, Integer> entry : namespace.dictOrder(context).entrySet()) {
      String name = entry.getKey();
      if (IGNORED.contains(name)) {
        continue;
      }
      Sym symbol = namespace.lookup(name, Integer.MAX_VALUE, context);
      if (symbol == null) {
        continue;
      }
      String conditional = conditional(namespace, name, entry.getValue());
      collectItem(root, name, symbol, conditional);
    }
  }

  /** Why a name's final binding may not exist or differ at run time, or null. */
  private String conditional(NamespaceView namespace, String name, int firstIndex) {
    int last = namespace.lastBinding(name, Integer.MAX_VALUE, context);
    int index = last >= 0 ? last : firstIndex;
    if (namespace.reach(index, context) != 3) {
      return null;
    }
    Binding binding = namespace.binding(index);
    String where =
        switch (binding.flow()) {
          case LOOP -> "in a loop";
          case MATCH -> "in a match case";
          case EXCEPT -> "in an except handler";
          default -> "under a condition discovery cannot decide";
        };
    return name + " is defined " + where + " (line " + binding.line() + ")";
  }

  private void collectItem(Parent parent, String name, Sym symbol, String conditional) {
    Unwrapped unwrapped = unwrapAssigned(symbol);
    Sym target = unwrapped.target();
    boolean foreign = !context.options().collectImportedTests() && parent.cls() == null;
    if (target instanceof Sym.Klass klass) {
      if (foreign && klass.scope().module() != module) {
        return;
      }
      collectClassItem(parent, name, klass.scope(), conditional);
    } else if (target instanceof Sym.Function function) {
      if (foreign && function.scope().module() != module) {
        return;
      }
      FunctionInfo info = FunctionInfo.of(function, context);
      if (unwrapped.staticMethod() || unwrapped.classMethod()) {
        info =
            new FunctionInfo(
                info.symbol(),
                info.fixture(),
                info.staticMethod() || unwrapped.staticMethod(),
                info.classMethod() || unwrapped.classMethod(),
                info.notCallable(),
                info.marks(),
                info.patchArguments(),
                info.decorated());
      }
      collectFunctionItem(parent, name, info, conditional);
    } else if (target instanceof Sym.External external
        && UNITTEST_CLASSES.contains(LinkContext.canonical(external.dotted()))) {
      if (!foreign) {
        // pytest collects an imported unittest.TestCase itself: no tests, one class fixture
        fixtures.importedTestCase(external.dotted(), parent.nodeId() + "::" + name);
      }
    } else if (functionNames.matches(name) || classNames.matches(name)) {
      unknownCandidate(parent, name, target);
    }
  }

  private static final Set<String> UNITTEST_CLASSES =
      Set.of("unittest.TestCase", "unittest.IsolatedAsyncioTestCase");

  /** What a body binds a name to, seen through {@code staticmethod(f)}/{@code classmethod(f)}. */
  private record Unwrapped(Sym target, boolean staticMethod, boolean classMethod) {}

  /** The object an assignment binds when it is a function or class in disguise. */
  private Unwrapped unwrapAssigned(Sym symbol) {
    Unwrapped plain = new Unwrapped(symbol, false, false);
    if (!(symbol instanceof Sym.Value value)
        || !(value.expression() instanceof PyExpr.Call call)
        || call.arguments().size() != 1
        || call.arguments().get(0).kind() != PyExpr.Argument.Kind.POSITIONAL) {
      return plain;
    }
    Sym function = context.resolveExpr(call.function(), value.scope());
    String name = function == null ? "" : LinkContext.qualifiedName(function);
    Sym argument = context.resolveExpr(call.arguments().get(0).value(), value.scope());
    if (argument instanceof Sym.Function wrapped) {
      if (name.equals("builtins.staticmethod")) {
        return new Unwrapped(wrapped, true, false);
      }
      if (name.equals("builtins.classmethod")) {
        return new Unwrapped(wrapped, false, true);
      }
    }
    return plain;
  }

  private void unknownCandidate(Parent parent, String name, Sym symbol) {
    if (symbol instanceof Sym.Module) {
      return;
    }
    String line = "";
    if (symbol instanceof Sym.External external) {
      String qualified = LinkContext.canonical(external.dotted());
      if (qualified.startsWith("unittest.") || qualified.startsWith("pytest.")) {
        return;
      }
      note(0, parent.nodeId() + "::" + name + " is " + qualified
          + ", which discovery cannot read; pytest collects it if it is a test function or class");
      return;
    }
    if (symbol instanceof Sym.Value value) {
      try {
        PyValue evaluated = context.evaluator().eval(value.expression(), value.scope());
        if (!(evaluated instanceof PyValue.Named)
            && !(evaluated instanceof PyValue.Instance)
            && !(evaluated instanceof PyValue.Unknown)) {
          return;
        }
      } catch (Evaluator.NotStatic notStatic) {
        line = ": " + notStatic.getMessage();
      }
      note(
          bindingLine(value.scope()),
          parent.nodeId() + "::" + name + " is assigned a value computed at run time" + line
              + "; pytest collects it if it is a test function or class");
      return;
    }
    if (symbol instanceof Sym.Unknown unknown) {
      note(0, parent.nodeId() + "::" + name + ": " + unknown.why()
          + "; pytest collects it if it is a test function or class");
    }
  }

  private static int bindingLine(Scope scope) {
    NamespaceView namespace =
        scope.owner() == null ? scope.module().namespace() : scope.owner().namespace();
    return scope.position() < namespace.size() ? namespace.binding(scope.position()).line() : 0;
  }

  private void collectClassItem(
      Parent parent, String name, ClassScope klass, String conditional) {
    ClassModel model = klass.model(context);
    if (model.unittest()) {
      if (!model.isAbstract(context)) {
        collectUnittest(parent, name, klass, conditional);
      }
      return;
    }
    boolean nameMatches = classNames.matches(name);
    if (!nameMatches && !Boolean.TRUE.equals(testAttributeIsTrue(klass))) {
      if (model.incomplete() != null && hasTestLikeMethods(klass)) {
        note(
            klass.summary().line(),
            "class "
                + name
                + " has test methods and "
                + model.incomplete()
                + "; pytest collects it if that base is a unittest.TestCase");
      }
      return;
    }
    if (model.isAbstract(context)) {
      return;
    }
    collectClass(parent, name, klass, conditional);
  }

  private boolean hasTestLikeMethods(ClassScope klass) {
    for (Binding binding : klass.summary().namespace().bindings()) {
      if (binding.kind() == Binding.Kind.FUNCTION && binding.name().startsWith("test")) {
        return true;
      }
    }
    return false;
  }

  /** {@code __test__ is True} on a class (pytest's {@code isnosetest}); null if unknown. */
  private Boolean testAttributeIsTrue(ClassScope klass) {
    PyValue value = classTestAttribute(klass);
    return value == null ? Boolean.FALSE : value instanceof PyValue.Bool b && b.value();
  }

  /** The class's {@code __test__}, or null when it has none. */
  private PyValue classTestAttribute(ClassScope klass) {
    ClassModel.Lookup lookup = klass.model(context).attribute("__test__", context);
    if (lookup.symbol() == null) {
      return null;
    }
    try {
      return context.evaluator().valueOf(lookup.symbol(), klass.definedIn());
    } catch (Evaluator.NotStatic notStatic) {
      return new PyValue.Instance("unknown");
    }
  }

  /**
   * Whether the class sets {@code __test__} to something false; a value known only at run
   * time is noted and the class collected.
   */
  private boolean disabledByTestAttribute(ClassScope klass, String nodeId) {
    PyValue testAttribute = classTestAttribute(klass);
    if (testAttribute == null) {
      return false;
    }
    try {
      return !Values.truth(testAttribute);
    } catch (Evaluator.NotStatic notStatic) {
      note(klass.summary().line(), nodeId + " sets __test__ at run time");
      return false;
    }
  }

  private void collectClass(Parent parent, String name, ClassScope klass, String conditional) {
    ClassModel model = klass.model(context);
    String nodeId = parent.nodeId() + "::" + name;
    if (disabledByTestAttribute(klass, nodeId)) {
      return;
    }
    String constructor = model.constructor(context);
    if (constructor != null) {
      note(
          klass.summary().line(),
          "pytest does not collect " + nodeId + ": it has a " + constructor + " constructor");
      return;
    }
    for (String problem : model.markProblems(context)) {
      note(klass.summary().line(), nodeId + ": " + problem);
    }
    fixtures.classFixtures(model, nodeId, klass, false);
    ClassModel.Lookup generate = model.attribute("pytest_generate_tests", context);
    ClassFrame frame = new ClassFrame(klass, model.marks(context), generate.symbol() != null);
    List<ClassFrame> frames = new ArrayList<>(parent.frames());
    frames.add(frame);
    List<String> names = new ArrayList<>(parent.classNames());
    names.add(name);
    Parent self = new Parent(nodeId, names, frames, klass);
    String dynamic =
        joinReasons(
            conditional,
            joinReasons(incompleteReason(nodeId, model), model.rewrittenBy(context)));

    // pytest walks each class of the MRO in dict order and emits base classes' items first
    Set<String> seen = new LinkedHashSet<>();
    List<List<Object[]>> perClass = new ArrayList<>();
    for (ClassModel.Entry entry : model.mro()) {
      if (entry.scope() == null) {
        continue;
      }
      NamespaceView namespace = entry.scope().namespace();
      List<Object[]> items = new ArrayList<>();
      for (Map.Entry<String, Integer> item : namespace.dictOrder(context).entrySet()) {
        String member = item.getKey();
        if (IGNORED.contains(member) || !seen.add(member)) {
          continue;
        }
        Sym symbol = namespace.lookup(member, Integer.MAX_VALUE, context);
        if (symbol != null) {
          String memberConditional = conditional(namespace, member, item.getValue());
          items.add(new Object[] {member, symbol, joinReasons(dynamic, memberConditional)});
        }
      }
      perClass.add(items);
    }
    for (int i = perClass.size() - 1; i >= 0; i--) {
      for (Object[] item : perClass.get(i)) {
        collectItem(self, (String) item[0], (Sym) item[1], (String) item[2]);
      }
    }
  }

  private String incompleteReason(String nodeId, ClassModel model) {
    return model.incomplete() == null ? null : nodeId + ": " + model.incomplete();
  }

  private static String joinReasons(String a, String b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a + "; " + b;
  }

  private void collectUnittest(Parent parent, String name, ClassScope klass, String conditional) {
    ClassModel model = klass.model(context);
    String nodeId = parent.nodeId() + "::" + name;
    if (disabledByTestAttribute(klass, nodeId)) {
      return;
    }
    fixtures.classFixtures(model, nodeId, klass, true);
    for (String problem : model.markProblems(context)) {
      note(klass.summary().line(), nodeId + ": " + problem);
    }
    List<ClassFrame> frames = new ArrayList<>(parent.frames());
    frames.add(new ClassFrame(klass, model.marks(context), false));
    List<String> names = new ArrayList<>(parent.classNames());
    names.add(name);
    Parent self = new Parent(nodeId, names, frames, klass);
    String dynamic =
        joinReasons(
            conditional,
            joinReasons(incompleteReason(nodeId, model), model.rewrittenBy(context)));
    boolean found = false;
    for (Map.Entry<String, ClassScope> entry : model.dir(context).entrySet()) {
      String member = entry.getKey();
      if (!member.startsWith("test")) {
        continue;
      }
      Sym symbol = entry.getValue().namespace().lookup(member, Integer.MAX_VALUE, context);
      Sym target = unwrapAssigned(symbol).target();
      if (target instanceof Sym.Function function) {
        FunctionInfo info = FunctionInfo.of(function, context);
        if (info.notCallable() || Boolean.FALSE.equals(functionTestAttribute(function))) {
          continue;
        }
        unittestCase(self, member, info, dynamic);
        found = true;
      } else if (target instanceof Sym.Klass) {
        unittestCase(self, member, null, dynamic);
        found = true;
      } else if (target instanceof Sym.Value value) {
        try {
          PyValue evaluated = context.evaluator().eval(value.expression(), value.scope());
          if (evaluated instanceof PyValue.Named) {
            unittestCase(self, member, null, dynamic);
            found = true;
          }
        } catch (Evaluator.NotStatic notStatic) {
          note(bindingLine(value.scope()), nodeId + "::" + member + " is computed at run time");
        }
      }
    }
    if (!found) {
      ClassModel.Lookup runTest = model.attribute("runTest", context);
      if (runTest.symbol() instanceof Sym.Function function) {
        unittestCase(self, "runTest", FunctionInfo.of(function, context), dynamic);
      }
    }
  }

  private void unittestCase(Parent parent, String name, FunctionInfo info, String dynamic) {
    List<MarkRef> own = info == null ? List.of() : info.marks();
    List<MarkRef> all = iterMarks(own, parent);
    List<String> reasons = new ArrayList<>();
    if (dynamic != null) {
      reasons.add(dynamic);
    }
    List<String> requests = usefixtures(all, reasons);
    SourceLocation location =
        info == null
            ? new SourceLocation(parent.cls().module().path(), parent.cls().summary().line())
            : new SourceLocation(info.symbol().scope().module().path(), info.function().line());
    tests.add(
        new TestCase(
            parent.nodeId() + "::" + name,
            List.of(),
            name,
            parent.classNames(),
            location,
            TestCase.Kind.UNITTEST,
            info != null && info.function().async(),
            markers(all),
            requests,
            List.of(),
            reasons.isEmpty()
                ? Optional.empty()
                : Optional.of(oneLine(String.join("; ", reasons)))));
  }

  /** A function's {@code __test__} set after its {@code def}; null when not set. */
  private Boolean functionTestAttribute(Sym.Function function) {
    Scope scope = function.scope();
    Namespace namespace =
        scope.owner() == null
            ? scope.module().summary().namespace()
            : scope.owner().summary().namespace();
    Namespace.AttributeAssignment last = null;
    for (Namespace.AttributeAssignment assignment : namespace.attributeAssignments()) {
      if (assignment.target().equals(function.function().name())
          && assignment.attribute().equals("__test__")
          && assignment.position() > scope.position()) {
        last = assignment;
      }
    }
    if (last == null) {
      return null;
    }
    try {
      return Values.truth(context.evaluator().eval(last.value(), new Scope(scope.module(), scope.owner(), last.position())));
    } catch (Evaluator.NotStatic notStatic) {
      return null;
    }
  }

  private void collectFunctionItem(
      Parent parent, String name, FunctionInfo info, String conditional) {
    Boolean testAttribute = functionTestAttribute(info.symbol());
    boolean candidate = functionNames.matches(name) || Boolean.TRUE.equals(testAttribute);
    if (!candidate || info.notCallable() || info.fixture() != null) {
      return;
    }
    if (Boolean.FALSE.equals(testAttribute)) {
      return;
    }
    List<String> reasons = new ArrayList<>();
    if (conditional != null) {
      reasons.add(conditional);
    }
    if (info.function().generator()) {
      reasons.add(
          "pytest reports a collection error: 'yield' keyword is allowed in fixtures, but not"
              + " in tests ("
              + name
              + ")");
    }
    generateTests(parent, name, info, reasons);
  }

  /** pytest's {@code _genfunctions}: one test per parametrize call. */
  private void generateTests(Parent parent, String name, FunctionInfo info, List<String> reasons) {
    boolean method = parent.cls() != null;
    if (method && name.startsWith("test")) {
      info = info.withMorePatches(classPatches(parent.cls(), info.symbol().scope().owner()));
    }
    List<MarkRef> own = info.marks();
    List<MarkRef> inherited = iterMarks(List.of(), parent);
    List<MarkRef> all = iterMarks(own, parent);
    List<String> argnames = info.argnames(method && !info.staticMethod());
    List<String> usefixtures = usefixtures(all, reasons);
    List<MarkRef> parametrize = new ArrayList<>();
    for (MarkRef mark : all) {
      if (mark.name().equals("parametrize")) {
        parametrize.add(mark);
      }
    }
    if (moduleGeneratesTests) {
      reasons.add("the module's pytest_generate_tests hook may parametrize it");
    } else if (!parent.frames().isEmpty()
        && parent.frames().get(parent.frames().size() - 1).generatesTests()) {
      reasons.add("the class's pytest_generate_tests hook may parametrize it");
    }
    Parametrize.Result expanded = Parametrize.expand(parametrize, argnames, context);
    Set<String> declared = new LinkedHashSet<>(argnames);
    declared.addAll(usefixtures);
    List<String> defaults = info.defaultArgnames();
    for (String arg : expanded.direct()) {
      if (!declared.contains(arg)) {
        reasons.add(
            defaults.contains(arg)
                ? "pytest reports a collection error unless a fixture requests '" + arg
                    + "': the function already takes an argument '" + arg + "' with a default value"
                : "pytest reports a collection error unless a fixture requests '" + arg
                    + "': the function uses no argument '" + arg + "'");
      }
    }
    if (expanded.dynamic() != null) {
      reasons.add(expanded.dynamic());
    }
    if (expanded.error() != null) {
      reasons.add("pytest reports a collection error: " + expanded.error());
    }
    reasons.addAll(expanded.assumptions());
    LinkedHashSet<String> requests = new LinkedHashSet<>(usefixtures);
    requests.addAll(argnames);
    requests.removeAll(expanded.direct());
    requests.addAll(expanded.indirect());
    List<String> parametrized = new ArrayList<>(expanded.direct());
    for (String arg : expanded.indirect()) {
      if (!parametrized.contains(arg)) {
        parametrized.add(arg);
      }
    }
    String baseId = parent.nodeId() + "::" + name;
    SourceLocation location =
        new SourceLocation(info.symbol().scope().module().path(), info.function().line());
    TestCase.Kind testKind = method ? TestCase.Kind.METHOD : TestCase.Kind.FUNCTION;
    Optional<String> dynamic =
        reasons.isEmpty() ? Optional.empty() : Optional.of(oneLine(String.join("; ", reasons)));
    if (expanded.calls().isEmpty()) {
      tests.add(
          new TestCase(
              baseId,
              List.of(),
              name,
              parent.classNames(),
              location,
              testKind,
              info.function().async(),
              markers(all),
              List.copyOf(requests),
              parametrized,
              dynamic));
      return;
    }
    for (Parametrize.Call call : expanded.calls()) {
      List<MarkRef> marks = new ArrayList<>(own);
      marks.addAll(call.marks());
      marks.addAll(inherited);
      tests.add(
          new TestCase(
              baseId,
              call.ids(),
              name,
              parent.classNames(),
              location,
              testKind,
              info.function().async(),
              markers(marks),
              List.copyOf(requests),
              parametrized,
              dynamic));
    }
  }

  /**
   * The mock arguments {@code @mock.patch} class decorators give a method: every class from the
   * collected one up to the one defining the method patches it ({@code patch} decorates each
   * {@code test*} attribute in {@code dir(cls)}).
   */
  private int classPatches(ClassScope collected, ClassScope definer) {
    int patches = 0;
    for (ClassModel.Entry entry : collected.model(context).mro()) {
      if (entry.scope() == null) {
        continue;
      }
      patches +=
          FunctionInfo.injectedPatches(
              entry.scope().decorators(), entry.scope().definedIn(), context);
      if (entry.scope() == definer) {
        break;
      }
    }
    return patches;
  }

  /** {@code iter_markers}: the function's own marks, then each class's (innermost first), then the module's. */
  private List<MarkRef> iterMarks(List<MarkRef> own, Parent parent) {
    List<MarkRef> all = new ArrayList<>(own);
    for (int i = parent.frames().size() - 1; i >= 0; i--) {
      all.addAll(parent.frames().get(i).marks());
    }
    all.addAll(moduleMarks);
    return all;
  }

  /** The names {@code usefixtures} marks add, closest first. */
  private List<String> usefixtures(List<MarkRef> marks, List<String> reasons) {
    List<String> names = new ArrayList<>();
    for (MarkRef mark : marks) {
      if (!mark.name().equals("usefixtures")) {
        continue;
      }
      for (PyExpr.Argument argument : mark.arguments()) {
        try {
          PyValue value = context.evaluator().eval(argument.value(), mark.scope());
          List<PyValue> items =
              argument.kind() == PyExpr.Argument.Kind.STAR
                  ? Values.iterate(value)
                  : List.of(value);
          for (PyValue item : items) {
            if (!(item instanceof PyValue.Str str)) {
              throw new Evaluator.NotStatic("a fixture name that is not a string");
            }
            if (!names.contains(str.value())) {
              names.add(str.value());
            }
          }
        } catch (Evaluator.NotStatic notStatic) {
          reasons.add("usefixtures at " + mark.file() + ":" + mark.line() + ": " + notStatic.getMessage());
        }
      }
    }
    return names;
  }

  /** Notes and reasons are one line each; source text quoted in them may span lines. */
  private static String oneLine(String text) {
    return text.indexOf('\n') < 0 && text.indexOf('\r') < 0
        ? text
        : text.replaceAll("\\s*[\r\n]+\\s*", " ");
  }

  private static List<Marker> markers(List<MarkRef> marks) {
    List<Marker> markers = new ArrayList<>(marks.size());
    for (MarkRef mark : marks) {
      List<String> args = new ArrayList<>();
      Map<String, String> keywords = new LinkedHashMap<>();
      for (PyExpr.Argument argument : mark.arguments()) {
        switch (argument.kind()) {
          case POSITIONAL -> args.add(argument.source());
          case STAR -> args.add("*" + argument.source());
          case KEYWORD -> keywords.put(argument.keyword(), argument.source());
          case DOUBLE_STAR -> keywords.merge("**", argument.source(), (a, b) -> a + ", **" + b);
        }
      }
      markers.add(new Marker(mark.name(), args, keywords, new SourceLocation(mark.file(), mark.line())));
    }
    return markers;
  }

  private Boolean truthOf(Sym symbol) {
    try {
      return Values.truth(context.evaluator().valueOf(symbol, Scope.endOf(module)));
    } catch (Evaluator.NotStatic notStatic) {
      return null;
    }
  }

  private void note(int line, String reason) {
    notes.add(
        new DynamicNote(
            new SourceLocation(module.path(), Math.max(0, line)), oneLine(reason)));
  }
}
