package dev.tach.discovery.extract;

import java.util.ArrayList;
import java.util.List;

/**
 * A function with its decorators read: whether it is a fixture, a static or class method or a
 * property, the marks it carries, and how many leading arguments {@code mock.patch} decorators
 * supply.
 *
 * @param symbol the function
 * @param fixture its {@code @pytest.fixture} arguments, or null
 * @param staticMethod decorated with {@code @staticmethod}
 * @param classMethod decorated with {@code @classmethod}
 * @param notCallable decorated so that the attribute is not callable ({@code @property})
 * @param marks its marks in pytest's order (the decorator nearest the {@code def} first)
 * @param patchArguments how many positional arguments {@code @mock.patch} decorators inject
 * @param decorated decorated by something other than marks, which may wrap the function
 */
record FunctionInfo(
    Sym.Function symbol,
    Fixture fixture,
    boolean staticMethod,
    boolean classMethod,
    boolean notCallable,
    List<MarkRef> marks,
    int patchArguments,
    boolean decorated) {

  /**
   * The arguments of a fixture decorator, unevaluated.
   *
   * @param scope {@code scope=}, or null
   * @param params {@code params=}, or null
   * @param autouse {@code autouse=}, or null
   * @param ids {@code ids=}, or null
   * @param name {@code name=}, or null
   * @param at the scope the decorator is evaluated in
   * @param problem why the decorator's arguments cannot be read, or null
   */
  record Fixture(
      PyExpr scope, PyExpr params, PyExpr autouse, PyExpr ids, PyExpr name, Scope at, String problem) {}

  FunctionSummary function() {
    return symbol.function();
  }

  /** This function with {@code more} patch arguments (from class decorators). */
  FunctionInfo withMorePatches(int more) {
    return new FunctionInfo(
        symbol, fixture, staticMethod, classMethod, notCallable, marks, patchArguments + more,
        decorated);
  }

  /**
   * How many mock arguments the {@code mock.patch} decorators among {@code decorators} inject
   * (class decorators patch every {@code test*} method the same way).
   */
  static int injectedPatches(List<Decorator> decorators, Scope scope, LinkContext context) {
    int patches = 0;
    for (Decorator decorator : decorators) {
      if (!(decorator.expression() instanceof PyExpr.Call call)) {
        continue;
      }
      Sym resolved = context.resolveExpr(call.function(), scope);
      String name = resolved == null ? "" : LinkContext.qualifiedName(resolved);
      if (name.equals("unittest.mock.patch")) {
        patches += patchInjects(call, 1, scope, context) ? 1 : 0;
      } else if (name.equals("unittest.mock.patch.object")) {
        patches += patchInjects(call, 2, scope, context) ? 1 : 0;
      }
    }
    return patches;
  }

  static FunctionInfo of(Sym.Function symbol, LinkContext context) {
    FunctionSummary function = symbol.function();
    Scope scope = symbol.scope();
    Fixture fixture = null;
    boolean staticMethod = false;
    boolean classMethod = false;
    boolean notCallable = false;
    boolean decorated = false;
    int patches = 0;
    List<MarkRef> marks = new ArrayList<>();
    List<Decorator> decorators = function.decorators();
    for (int i = decorators.size() - 1; i >= 0; i--) {
      Decorator decorator = decorators.get(i);
      PyExpr expression = decorator.expression();
      MarkRef mark =
          Marks.markOf(expression, scope, scope.module().path(), decorator.line(), context);
      if (mark != null) {
        marks.add(mark);
        continue;
      }
      decorated = true;
      PyExpr.Call call = expression instanceof PyExpr.Call c ? c : null;
      PyExpr callee = call != null ? call.function() : expression;
      Sym resolved = context.resolveExpr(callee, scope);
      Scope at = scope;
      if (resolved instanceof Sym.Value alias && call == null
          && alias.expression() instanceof PyExpr.Call aliasCall) {
        // a decorator kept in a variable: fixture = pytest.fixture(scope="module")
        call = aliasCall;
        at = alias.scope();
        resolved = context.resolveExpr(aliasCall.function(), at);
      }
      String name = resolved == null ? "" : LinkContext.qualifiedName(resolved);
      switch (name) {
        case "builtins.staticmethod" -> staticMethod = true;
        case "builtins.classmethod" -> classMethod = true;
        case "builtins.property", "functools.cached_property", "abc.abstractproperty" ->
            notCallable = true;
        case "pytest.fixture", "pytest.yield_fixture" -> fixture = fixture(call, at);
        case "unittest.mock.patch" -> patches += patchInjects(call, 1, at, context) ? 1 : 0;
        case "unittest.mock.patch.object" -> patches += patchInjects(call, 2, at, context) ? 1 : 0;
        default -> {}
      }
    }
    return new FunctionInfo(
        symbol,
        fixture,
        staticMethod,
        classMethod,
        notCallable,
        List.copyOf(marks),
        patches,
        decorated);
  }

  private static Fixture fixture(PyExpr.Call call, Scope at) {
    if (call == null) {
      return new Fixture(null, null, null, null, null, at, null);
    }
    PyExpr scope = null;
    PyExpr params = null;
    PyExpr autouse = null;
    PyExpr ids = null;
    PyExpr name = null;
    String problem = null;
    for (PyExpr.Argument argument : call.arguments()) {
      if (argument.kind() != PyExpr.Argument.Kind.KEYWORD) {
        problem = "fixture decorator arguments " + argument.source() + " are not keywords";
        continue;
      }
      switch (argument.keyword()) {
        case "scope" -> scope = argument.value();
        case "params" -> params = argument.value();
        case "autouse" -> autouse = argument.value();
        case "ids" -> ids = argument.value();
        case "name" -> name = argument.value();
        default -> problem = "unknown fixture argument " + argument.keyword();
      }
    }
    return new Fixture(scope, params, autouse, ids, name, at, problem);
  }

  /**
   * Whether a {@code patch(...)} or {@code patch.object(...)} decorator passes the mock as an
   * argument: it does unless {@code new} is given ({@code newPosition} is new's positional
   * index), as {@code num_mock_patch_args} counts.
   */
  private static boolean patchInjects(
      PyExpr.Call call, int newPosition, Scope at, LinkContext context) {
    if (call == null) {
      return false;
    }
    int positional = 0;
    for (PyExpr.Argument argument : call.arguments()) {
      PyExpr newValue = null;
      if (argument.kind() == PyExpr.Argument.Kind.POSITIONAL) {
        if (positional++ == newPosition) {
          newValue = argument.value();
        }
      } else if (argument.kind() == PyExpr.Argument.Kind.KEYWORD
          && argument.keyword().equals("new")) {
        newValue = argument.value();
      }
      if (newValue != null) {
        Sym sentinel = context.resolveExpr(newValue, at);
        return sentinel != null
            && LinkContext.qualifiedName(sentinel).equals("unittest.mock.DEFAULT");
      }
    }
    return true;
  }

  /**
   * pytest's {@code getfuncargnames}: the parameters without defaults that are passed by name,
   * without the first one of a method that is bound (not a static method, and no
   * positional-only parameters), without those mock patches supply.
   */
  List<String> argnames(boolean bound) {
    List<String> names = new ArrayList<>();
    boolean positionalOnly = false;
    for (FunctionSummary.Parameter parameter : function().parameters()) {
      positionalOnly |= parameter.kind() == FunctionSummary.Parameter.Kind.POSITIONAL_ONLY;
      boolean byName =
          parameter.kind() == FunctionSummary.Parameter.Kind.POSITIONAL_OR_KEYWORD
              || parameter.kind() == FunctionSummary.Parameter.Kind.KEYWORD_ONLY;
      if (byName && !parameter.hasDefault()) {
        names.add(parameter.name());
      }
    }
    if (bound && !positionalOnly && !names.isEmpty()) {
      names.remove(0);
    }
    if (patchArguments > 0) {
      names = new ArrayList<>(names.subList(Math.min(patchArguments, names.size()), names.size()));
    }
    return names;
  }

  /** The parameters that have defaults (pytest's {@code get_default_arg_names}). */
  List<String> defaultArgnames() {
    List<String> names = new ArrayList<>();
    for (FunctionSummary.Parameter parameter : function().parameters()) {
      boolean byName =
          parameter.kind() == FunctionSummary.Parameter.Kind.POSITIONAL_OR_KEYWORD
              || parameter.kind() == FunctionSummary.Parameter.Kind.KEYWORD_ONLY;
      if (byName && parameter.hasDefault()) {
        names.add(parameter.name());
      }
    }
    return names;
  }
}
