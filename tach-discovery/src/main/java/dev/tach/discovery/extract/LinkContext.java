package dev.tach.discovery.extract;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What linking shares across modules: the lookup, the options, and caches of module views, of
 * resolved module attributes and of star-import exports. Resolution follows imports from module
 * to module; a cycle or a chain deeper than {@link #MAX_DEPTH} resolves to {@link Sym.Unknown}.
 * Not thread-safe.
 */
final class LinkContext {

  static final int MAX_DEPTH = 64;

  /** Names Python's {@code builtins} module defines that discovery may meet. */
  private static final Set<String> BUILTINS =
      Set.of(
          "abs", "all", "any", "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes",
          "callable", "chr", "classmethod", "compile", "complex", "delattr", "dict", "dir",
          "divmod", "enumerate", "eval", "exec", "filter", "float", "format", "frozenset",
          "getattr", "globals", "hasattr", "hash", "help", "hex", "id", "input", "int",
          "isinstance", "issubclass", "iter", "len", "list", "locals", "map", "max",
          "memoryview", "min", "next", "object", "oct", "open", "ord", "pow", "print",
          "property", "range", "repr", "reversed", "round", "set", "setattr", "slice", "sorted",
          "staticmethod", "str", "sum", "super", "tuple", "type", "vars", "zip", "aiter",
          "anext", "BaseException", "BaseExceptionGroup", "Exception", "ExceptionGroup",
          "ArithmeticError", "AssertionError", "AttributeError", "BlockingIOError",
          "BrokenPipeError", "BufferError", "ChildProcessError", "ConnectionAbortedError",
          "ConnectionError", "ConnectionRefusedError", "ConnectionResetError", "EOFError",
          "EnvironmentError", "FileExistsError", "FileNotFoundError", "FloatingPointError",
          "GeneratorExit", "IOError", "ImportError", "IndentationError", "IndexError",
          "InterruptedError", "IsADirectoryError", "KeyError", "KeyboardInterrupt",
          "LookupError", "MemoryError", "ModuleNotFoundError", "NameError",
          "NotADirectoryError", "NotImplementedError", "OSError", "OverflowError",
          "PermissionError", "ProcessLookupError", "RecursionError", "ReferenceError",
          "RuntimeError", "StopAsyncIteration", "StopIteration", "SyntaxError", "SystemError",
          "SystemExit", "TabError", "TimeoutError", "TypeError", "UnboundLocalError",
          "UnicodeDecodeError", "UnicodeEncodeError", "UnicodeError", "UnicodeTranslateError",
          "ValueError", "ZeroDivisionError", "Warning", "UserWarning", "DeprecationWarning",
          "PendingDeprecationWarning", "SyntaxWarning", "RuntimeWarning", "FutureWarning",
          "ImportWarning", "UnicodeWarning", "BytesWarning", "ResourceWarning",
          "EncodingWarning", "NotImplemented", "Ellipsis", "__debug__");

  /**
   * Top-level packages whose objects discovery knows by name (marks, fixtures, unittest, mock,
   * enum, constants); their sources are not read, even if the lookup can find them, so that
   * this knowledge applies whatever the caller indexes, unless the modules being linked belong
   * to that package (numpy's own test suite reads numpy).
   */
  private static final Set<String> KNOWN_BY_NAME =
      Set.of(
          "pytest", "_pytest", "unittest", "mock", "enum", "abc", "typing", "typing_extensions",
          "dataclasses", "functools", "itertools", "re", "math", "cmath", "sys", "string",
          "builtins", "os", "datetime", "decimal", "fractions", "collections", "pathlib",
          "textwrap", "types", "uuid", "array", "io", "numpy", "scipy", "attr", "attrs");

  private final LinkOptions options;
  private final SummaryLookup lookup;
  private final Map<String, Optional<ModuleView>> views = new HashMap<>();
  private final Map<String, Sym> moduleAttributes = new HashMap<>();
  private final Map<String, List<String>> exports = new HashMap<>();
  private final Set<String> inProgress = new HashSet<>();
  private final Set<String> linkedPackages = new HashSet<>();
  private final Evaluator evaluator;
  private int depth;

  LinkContext(LinkOptions options, SummaryLookup lookup) {
    this.options = options;
    this.lookup = lookup;
    this.evaluator = new Evaluator(this);
  }

  LinkOptions options() {
    return options;
  }

  Evaluator evaluator() {
    return evaluator;
  }

  private static String topLevel(String name) {
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  /**
   * The view to link {@code summary} with: the one already read for its module when it is the
   * same summary at the same path, else a new one that replaces it (and what was resolved
   * through the old one).
   */
  ModuleView viewFor(ModuleSummary summary, String path) {
    linkedPackages.add(topLevel(summary.moduleName()));
    Optional<ModuleView> known = views.get(summary.moduleName());
    if (known != null
        && known.isPresent()
        && known.get().summary() == summary
        && known.get().path().equals(path)) {
      return known.get();
    }
    ModuleView view = new ModuleView(path, summary);
    if (known != null && known.isPresent()) {
      String prefix = summary.moduleName() + "\0";
      moduleAttributes.keySet().removeIf(key -> key.startsWith(prefix));
      exports.remove(summary.moduleName());
    }
    views.put(summary.moduleName(), Optional.of(view));
    return view;
  }

  /** The view of module {@code name}, if the lookup knows it. */
  ModuleView view(String name) {
    String top = topLevel(name);
    if (KNOWN_BY_NAME.contains(top) && !linkedPackages.contains(top)) {
      return null;
    }
    Optional<ModuleView> view = views.get(name);
    if (view == null) {
      view =
          lookup
              .find(name)
              .filter(found -> found.summary().moduleName().equals(name))
              .map(found -> new ModuleView(found.path(), found.summary()));
      views.put(name, view);
    }
    return view.orElse(null);
  }

  Sym.Module module(String name) {
    return new Sym.Module(name, view(name));
  }

  /**
   * {@code module.attr} at the end of the module's body: a name it binds, else its submodule;
   * null when neither exists. For a module discovery cannot read, an external name.
   */
  Sym moduleAttribute(Sym.Module module, String attr) {
    if (module.view() == null) {
      return new Sym.External(module.name() + "." + attr);
    }
    String key = module.name() + "\0" + attr;
    if (moduleAttributes.containsKey(key)) {
      return moduleAttributes.get(key);
    }
    if (!enter(key)) {
      // an import cycle: at this point Python finds the submodule, if there is one
      return submodule(module.name(), attr);
    }
    Sym result;
    try {
      result = module.view().namespace().lookup(attr, Integer.MAX_VALUE, this);
      if (result == null && view(module.name() + "." + attr) != null) {
        result = module(module.name() + "." + attr);
      }
      if (result == null && module.view().namespace().binds("__getattr__")) {
        result = new Sym.Unknown(module.name() + " computes attributes in __getattr__");
      }
      if (result == null) {
        result = externalStarImport(module.view(), attr, Integer.MAX_VALUE);
      }
    } finally {
      leave(key);
    }
    moduleAttributes.put(key, result);
    return result;
  }

  /** Submodule {@code attr} of package {@code module}, or unknown. */
  Sym submodule(String module, String attr) {
    if (view(module + "." + attr) != null) {
      return module(module + "." + attr);
    }
    return new Sym.Unknown("import cycle through " + module + "." + attr);
  }

  /** {@code from module import attr}. */
  Sym importFrom(String module, String attr) {
    Sym.Module source = module(module);
    Sym result = moduleAttribute(source, attr);
    if (result == null) {
      return new Sym.Unknown("cannot import name " + attr + " from " + module);
    }
    return result;
  }

  /** What {@code name} means in {@code scope}, or null when it is not defined (a NameError). */
  Sym resolveName(String name, Scope scope) {
    if (scope.owner() != null) {
      Sym inClass = scope.owner().namespace().lookup(name, scope.position(), this);
      if (inClass != null) {
        return inClass;
      }
    }
    Sym inModule = scope.module().namespace().lookup(name, scope.modulePosition(), this);
    if (inModule != null) {
      return inModule;
    }
    if (BUILTINS.contains(name)) {
      return new Sym.Builtin(name);
    }
    if (name.equals("__name__")) {
      return new Sym.Value(scope, name, new PyExpr.Str(scope.module().moduleName()));
    }
    return externalStarImport(scope.module(), name, scope.modulePosition());
  }

  /** A name that only a star import from an unreadable module can have bound, or null. */
  private Sym externalStarImport(ModuleView module, String name, int limit) {
    NamespaceView namespace = module.namespace();
    for (int i = Math.min(limit, namespace.size()) - 1; i >= 0; i--) {
      Binding binding = namespace.binding(i);
      if (binding.kind() == Binding.Kind.STAR_IMPORT && view(binding.module()) == null) {
        return new Sym.External(binding.module() + "." + name);
      }
    }
    return null;
  }

  /** What a name or dotted-name expression refers to; null for other expressions. */
  Sym resolveExpr(PyExpr expression, Scope scope) {
    if (expression instanceof PyExpr.Name name) {
      Sym found = resolveName(name.id(), scope);
      return found == null ? new Sym.Unknown("name " + name.id() + " is not defined") : found;
    }
    if (expression instanceof PyExpr.Attribute attribute) {
      Sym owner = resolveExpr(attribute.value(), scope);
      return owner == null ? null : attribute(owner, attribute.attr());
    }
    if (expression instanceof PyExpr.Subscript subscript) {
      // Generic[T], TestCase[int]: the subscripted class
      return resolveExpr(subscript.value(), scope);
    }
    return null;
  }

  /** {@code owner.attr}. */
  Sym attribute(Sym owner, String attr) {
    if (owner instanceof Sym.Module module) {
      Sym found = moduleAttribute(module, attr);
      return found == null
          ? new Sym.Unknown("module " + module.name() + " has no attribute " + attr)
          : found;
    }
    if (owner instanceof Sym.External external) {
      return new Sym.External(external.dotted() + "." + attr);
    }
    if (owner instanceof Sym.Builtin builtin) {
      return new Sym.External("builtins." + builtin.name() + "." + attr);
    }
    if (owner instanceof Sym.Klass klass) {
      if (!enter(klass.scope().fullName() + "\0." + attr)) {
        return new Sym.Unknown("cycle reading " + klass.scope().fullName() + "." + attr);
      }
      try {
        ClassModel.Lookup found = klass.scope().model(this).attribute(attr, this);
        if (found.symbol() != null) {
          return found.symbol();
        }
        return new Sym.Unknown(
            found.complete()
                ? "class " + klass.scope().name() + " has no attribute " + attr
                : "class " + klass.scope().name() + " has bases discovery cannot read");
      } finally {
        leave(klass.scope().fullName() + "\0." + attr);
      }
    }
    if (owner instanceof Sym.Unknown unknown) {
      return unknown;
    }
    return new Sym.Unknown("attribute " + attr + " of a computed value");
  }

  /** Whether {@code name} comes with {@code from module import *}. */
  boolean exports(Sym.Module module, String name) {
    if (module.view() == null) {
      return false;
    }
    List<String> all = staticAll(module.view());
    if (all != null) {
      return all.contains(name);
    }
    if (name.startsWith("_")) {
      return false;
    }
    return moduleAttribute(module, name) != null;
  }

  /** The names {@code from module import *} binds, in the order it binds them. */
  List<String> exportedNames(Sym.Module module) {
    if (module.view() == null) {
      return List.of();
    }
    List<String> cached = exports.get(module.name());
    if (cached != null) {
      return cached;
    }
    if (!enter(module.name() + "\0*")) {
      return List.of();
    }
    List<String> names;
    try {
      List<String> all = staticAll(module.view());
      if (all != null) {
        names = all;
      } else {
        Set<String> seen = new LinkedHashSet<>();
        for (String name : module.view().namespace().dictOrder(this).keySet()) {
          if (!name.startsWith("_")) {
            seen.add(name);
          }
        }
        names = new ArrayList<>(seen);
      }
    } finally {
      leave(module.name() + "\0*");
    }
    exports.put(module.name(), names);
    return names;
  }

  /** The module's {@code __all__} when it is a literal list of strings, else null. */
  private List<String> staticAll(ModuleView view) {
    int index = view.namespace().lastBinding("__all__", Integer.MAX_VALUE, this);
    if (index < 0) {
      return null;
    }
    Binding binding = view.namespace().binding(index);
    if (binding.kind() != Binding.Kind.ASSIGN) {
      return null;
    }
    try {
      PyValue value = evaluator.eval(binding.value(), new Scope(view, null, index));
      List<PyValue> items = PyValue.iterate(value, 100_000);
      if (items == null) {
        return null;
      }
      List<String> names = new ArrayList<>();
      for (PyValue item : items) {
        if (!(item instanceof PyValue.Str str)) {
          return null;
        }
        names.add(str.value());
      }
      return names;
    } catch (Evaluator.NotStatic notStatic) {
      return null;
    }
  }

  /** The truth of {@code test} in {@code scope} for the target interpreter, null if unknown. */
  Boolean truth(PyExpr test, Scope scope) {
    try {
      return Values.truth(evaluator.eval(test, scope));
    } catch (Evaluator.NotStatic notStatic) {
      return null;
    }
  }

  /** A dotted name for well-known objects: {@code pytest.fixture}, {@code unittest.TestCase}. */
  static String qualifiedName(Sym symbol) {
    if (symbol instanceof Sym.External external) {
      return canonical(external.dotted());
    }
    if (symbol instanceof Sym.Builtin builtin) {
      return "builtins." + builtin.name();
    }
    if (symbol instanceof Sym.Klass klass) {
      return canonical(klass.scope().fullName());
    }
    if (symbol instanceof Sym.Module module) {
      return canonical(module.name());
    }
    if (symbol instanceof Sym.Function function) {
      Scope scope = function.scope();
      String owner = scope.owner() == null ? "" : scope.owner().qualname() + ".";
      return canonical(scope.module().moduleName() + "." + owner + function.function().name());
    }
    return "";
  }

  /** Folds the places a well-known object is importable from into one name. */
  static String canonical(String dotted) {
    if (dotted.startsWith("unittest.case.")) {
      return "unittest." + dotted.substring("unittest.case.".length());
    }
    if (dotted.startsWith("unittest.async_case.")) {
      return "unittest." + dotted.substring("unittest.async_case.".length());
    }
    if (dotted.startsWith("mock.mock.")) {
      return "unittest.mock." + dotted.substring("mock.mock.".length());
    }
    if (dotted.startsWith("mock.")) {
      return "unittest.mock." + dotted.substring("mock.".length());
    }
    if (dotted.equals("_pytest.fixtures.fixture")) {
      return "pytest.fixture";
    }
    if (dotted.startsWith("_pytest.mark.")) {
      String rest = dotted.substring("_pytest.mark.".length());
      if (rest.startsWith("MARK_GEN.")) {
        return "pytest.mark." + rest.substring("MARK_GEN.".length());
      }
      if (rest.startsWith("structures.MARK_GEN.")) {
        return "pytest.mark." + rest.substring("structures.MARK_GEN.".length());
      }
    }
    if (dotted.startsWith("typing_extensions.")) {
      return "typing." + dotted.substring("typing_extensions.".length());
    }
    return dotted;
  }

  /** Guards recursion: false when {@code key} is already being resolved or too deep. */
  boolean enter(String key) {
    if (depth >= MAX_DEPTH || !inProgress.add(key)) {
      return false;
    }
    depth++;
    return true;
  }

  void leave(String key) {
    inProgress.remove(key);
    depth--;
  }
}
