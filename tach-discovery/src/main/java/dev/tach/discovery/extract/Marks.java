package dev.tach.discovery.extract;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads pytest marks: mark decorators ({@code @pytest.mark.NAME}, {@code @mark.NAME(...)}, aliases
 * such as {@code slow = pytest.mark.slow}) and {@code pytestmark} assignments, in the order pytest
 * stores them.
 */
final class Marks {

  private static final String PREFIX = "pytest.mark.";

  private Marks() {}

  /** Marks and why some could not be read. */
  record Result(List<MarkRef> marks, List<String> problems) {}

  /**
   * The mark {@code expression} denotes, evaluated in {@code scope} and reported at {@code
   * file:line}; null when it is not a mark.
   */
  static MarkRef markOf(
      PyExpr expression, Scope scope, String file, int line, LinkContext context) {
    if (expression instanceof PyExpr.Call call) {
      String name = markName(call.function(), scope, context);
      if (name != null) {
        return new MarkRef(name, call.arguments(), scope, file, line);
      }
      if (call.function() instanceof PyExpr.Attribute attribute
          && attribute.attr().equals("with_args")) {
        MarkRef bare = markOf(attribute.value(), scope, file, line, context);
        if (bare != null && bare.arguments().isEmpty()) {
          return new MarkRef(bare.name(), call.arguments(), scope, file, line);
        }
      }
      Sym function = context.resolveExpr(call.function(), scope);
      if (function instanceof Sym.Value alias && context.enter(aliasKey(alias))) {
        try {
          MarkRef aliased = markOf(alias.expression(), alias.scope(), file, line, context);
          if (aliased != null && aliased.arguments().isEmpty()) {
            return new MarkRef(aliased.name(), call.arguments(), scope, file, line);
          }
        } finally {
          context.leave(aliasKey(alias));
        }
      }
      return null;
    }
    if (expression instanceof PyExpr.Name || expression instanceof PyExpr.Attribute) {
      Sym symbol = context.resolveExpr(expression, scope);
      String qualified = symbol == null ? "" : LinkContext.qualifiedName(symbol);
      if (isMarkName(qualified)) {
        return new MarkRef(qualified.substring(PREFIX.length()), List.of(), scope, file, line);
      }
      if (symbol instanceof Sym.Value alias && context.enter(aliasKey(alias))) {
        try {
          return markOf(alias.expression(), alias.scope(), file, line, context);
        } finally {
          context.leave(aliasKey(alias));
        }
      }
    }
    return null;
  }

  private static String aliasKey(Sym.Value alias) {
    Scope scope = alias.scope();
    return scope.module().moduleName()
        + "\0mark\0"
        + (scope.owner() == null ? "" : scope.owner().qualname())
        + "\0"
        + scope.position();
  }

  /** The mark name when {@code function} is {@code pytest.mark.NAME}, else null. */
  private static String markName(PyExpr function, Scope scope, LinkContext context) {
    if (!(function instanceof PyExpr.Name || function instanceof PyExpr.Attribute)) {
      return null;
    }
    Sym symbol = context.resolveExpr(function, scope);
    String qualified = symbol == null ? "" : LinkContext.qualifiedName(symbol);
    return isMarkName(qualified) ? qualified.substring(PREFIX.length()) : null;
  }

  private static boolean isMarkName(String qualified) {
    return qualified.startsWith(PREFIX)
        && qualified.length() > PREFIX.length()
        && qualified.indexOf('.', PREFIX.length()) < 0;
  }

  /**
   * The marks a function's or class's decorators apply, in the order pytest stores them: the
   * decorator nearest the {@code def} first.
   */
  static List<MarkRef> decoratorMarks(
      List<Decorator> decorators, Scope scope, LinkContext context) {
    List<MarkRef> marks = new ArrayList<>();
    for (int i = decorators.size() - 1; i >= 0; i--) {
      Decorator decorator = decorators.get(i);
      MarkRef mark =
          markOf(
              decorator.expression(), scope, scope.module().path(), decorator.line(), context);
      if (mark != null) {
        marks.add(mark);
      }
    }
    return marks;
  }

  /** A class's own {@code pytestmark}: its body's assignment, then its decorators' marks. */
  static Result classMarks(ClassScope klass, LinkContext context) {
    List<MarkRef> marks = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    pytestmark(klass.namespace(), context, marks, problems);
    marks.addAll(decoratorMarks(klass.decorators(), klass.definedIn(), context));
    return new Result(marks, problems);
  }

  /** A module's {@code pytestmark}. */
  static Result moduleMarks(ModuleView module, LinkContext context) {
    List<MarkRef> marks = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    pytestmark(module.namespace(), context, marks, problems);
    return new Result(marks, problems);
  }

  private static void pytestmark(
      NamespaceView namespace, LinkContext context, List<MarkRef> marks, List<String> problems) {
    int index = namespace.lastBinding("pytestmark", Integer.MAX_VALUE, context);
    if (index < 0) {
      return;
    }
    Binding binding = namespace.binding(index);
    Sym symbol = namespace.bindingSym(index, context);
    PyExpr value;
    Scope scope;
    if (symbol instanceof Sym.Value assigned) {
      value = assigned.expression();
      scope = assigned.scope();
    } else if (binding.kind() == Binding.Kind.ASSIGN) {
      value = binding.value();
      scope = new Scope(namespace.module(), namespace.owner(), index);
    } else {
      problems.add("pytestmark at line " + binding.line() + " is not a mark or list of marks");
      return;
    }
    try {
      marks.addAll(markList(value, scope, namespace.module().path(), binding.line(), context, 0));
    } catch (Evaluator.NotStatic notStatic) {
      problems.add("pytestmark at line " + binding.line() + ": " + notStatic.getMessage());
    }
  }

  /** The marks a {@code pytestmark} value holds: one mark, or a list of them. */
  static List<MarkRef> markList(
      PyExpr value, Scope scope, String file, int line, LinkContext context, int depth)
      throws Evaluator.NotStatic {
    if (depth > 16) {
      throw new Evaluator.NotStatic("pytestmark nests too deeply");
    }
    MarkRef single = markOf(value, scope, file, line, context);
    if (single != null) {
      return List.of(single);
    }
    if (value instanceof PyExpr.Sequence sequence && sequence.kind().equals("list")) {
      List<MarkRef> result = new ArrayList<>();
      for (PyExpr item : sequence.items()) {
        if (item instanceof PyExpr.Starred starred) {
          result.addAll(markList(starred.value(), scope, file, line, context, depth + 1));
          continue;
        }
        MarkRef mark = markOf(item, scope, file, line, context);
        if (mark == null) {
          throw new Evaluator.NotStatic(
              "pytestmark holds something that is not a mark: " + describe(item));
        }
        result.add(mark);
      }
      return result;
    }
    if (value instanceof PyExpr.Binary binary && binary.op().equals("+")) {
      List<MarkRef> result =
          new ArrayList<>(markList(binary.left(), scope, file, line, context, depth + 1));
      result.addAll(markList(binary.right(), scope, file, line, context, depth + 1));
      return result;
    }
    if (value instanceof PyExpr.Name || value instanceof PyExpr.Attribute) {
      Sym symbol = context.resolveExpr(value, scope);
      if (symbol instanceof Sym.Value assigned) {
        return markList(
            assigned.expression(), assigned.scope(), file, line, context, depth + 1);
      }
    }
    throw new Evaluator.NotStatic("pytestmark is computed: " + describe(value));
  }

  private static String describe(PyExpr expression) {
    if (expression instanceof PyExpr.Opaque opaque) {
      return opaque.source();
    }
    if (expression instanceof PyExpr.Name name) {
      return name.id();
    }
    return expression.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }
}
