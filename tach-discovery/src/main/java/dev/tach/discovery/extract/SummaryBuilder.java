package dev.tach.discovery.extract;

import dev.tach.discovery.grammar.PythonParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Walks one parse tree, statement by statement, once, and writes what discovery needs into a
 * {@link ModuleSummary}. Only module and class bodies are read closely; function bodies are read
 * for imports, nested definitions and {@code yield}.
 */
final class SummaryBuilder {

  private final String moduleName;
  private final boolean packageInit;
  private final List<ModuleSummary.ImportStatement> imports = new ArrayList<>();
  private final List<ModuleSummary.ImportOrSkipCall> importOrSkips = new ArrayList<>();
  private final List<ModuleSummary.SkipCall> skips = new ArrayList<>();
  private final List<ModuleSummary.Note> notes = new ArrayList<>();

  private SummaryBuilder(String moduleName, boolean packageInit) {
    this.moduleName = moduleName;
    this.packageInit = packageInit;
  }

  static ModuleSummary build(
      PythonParser.File_inputContext tree, String moduleName, boolean packageInit) {
    SummaryBuilder builder = new SummaryBuilder(moduleName, packageInit);
    Body module = new Body();
    Where top = new Where(module, null, List.of(), Binding.Flow.ALWAYS, false, true, false);
    for (PythonParser.StatementContext statement : tree.statement()) {
      builder.statement(statement, top);
    }
    return new ModuleSummary(
        ModuleSummary.FORMAT,
        moduleName,
        packageInit,
        null,
        module.toNamespace(),
        builder.imports,
        builder.importOrSkips,
        builder.skips,
        builder.notes);
  }

  /** A module or class body being built. */
  private static final class Body {
    final List<Binding> bindings = new ArrayList<>();
    final List<FunctionSummary> functions = new ArrayList<>();
    final List<ClassSummary> classes = new ArrayList<>();
    final List<Namespace.AttributeAssignment> attributeAssignments = new ArrayList<>();

    Namespace toNamespace() {
      return new Namespace(bindings, functions, classes, attributeAssignments);
    }
  }

  /**
   * The state of one function body: whether it yields, and whether its text holds {@code yield}
   * at all (most bodies do not, and then nothing needs scanning).
   */
  private static final class FunctionState {
    final boolean mayYield;
    boolean generator;

    FunctionState(boolean mayYield) {
      this.mayYield = mayYield;
    }
  }

  /**
   * Where a statement sits.
   *
   * @param body the module or class body it binds names in, or null inside a function
   * @param function the enclosing function's state, or null at import time
   * @param guards the if-tests above it within {@code body}
   * @param flow the control flow above it within {@code body}
   * @param guarded whether anything above it (in any body) may skip it
   * @param importTime whether it runs when the module is imported
   * @param classBody whether {@code body} is a class body
   */
  private record Where(
      Body body,
      FunctionState function,
      List<Binding.Guard> guards,
      Binding.Flow flow,
      boolean guarded,
      boolean importTime,
      boolean classBody) {

    Where withGuard(Binding.Guard guard) {
      if (body == null) {
        return new Where(null, function, guards, flow, true, importTime, classBody);
      }
      List<Binding.Guard> more = new ArrayList<>(guards);
      more.add(guard);
      return new Where(body, function, more, flow, true, importTime, classBody);
    }

    Where withFlow(Binding.Flow inner) {
      Binding.Flow combined = rank(inner) > rank(flow) ? inner : flow;
      return new Where(body, function, guards, combined, true, importTime, classBody);
    }

    /** EXCEPT over LOOP over MATCH over TRY over ALWAYS. */
    private static int rank(Binding.Flow flow) {
      return switch (flow) {
        case ALWAYS -> 0;
        case TRY -> 1;
        case MATCH -> 2;
        case LOOP -> 3;
        case EXCEPT -> 4;
      };
    }
  }

  // statements

  private void statement(PythonParser.StatementContext statement, Where where) {
    if (statement.simple_stmts() != null) {
      for (PythonParser.Simple_stmtContext simple : statement.simple_stmts().simple_stmt()) {
        simple(simple, where);
      }
      return;
    }
    PythonParser.Compound_stmtContext compound = statement.compound_stmt();
    if (compound.function_def() != null) {
      function(compound.function_def(), where);
    } else if (compound.class_def() != null) {
      classDef(compound.class_def(), where);
    } else if (compound.if_stmt() != null) {
      ifStatement(compound.if_stmt(), where);
    } else if (compound.for_stmt() != null) {
      forStatement(compound.for_stmt(), where);
    } else if (compound.while_stmt() != null) {
      PythonParser.While_stmtContext loop = compound.while_stmt();
      scanYield(loop.named_expression(), where);
      Where inLoop = where.withFlow(Binding.Flow.LOOP);
      for (PythonParser.BlockContext block : loop.block()) {
        block(block, inLoop);
      }
    } else if (compound.with_stmt() != null) {
      withStatement(compound.with_stmt(), where);
    } else if (compound.try_stmt() != null) {
      tryStatement(compound.try_stmt(), where);
    } else if (compound.match_stmt() != null) {
      Where inCase = where.withFlow(Binding.Flow.MATCH);
      for (PythonParser.Case_blockContext caseBlock : compound.match_stmt().case_block()) {
        block(caseBlock.block(), inCase);
      }
    }
  }

  private void block(PythonParser.BlockContext block, Where where) {
    if (block.simple_stmts() != null) {
      for (PythonParser.Simple_stmtContext simple : block.simple_stmts().simple_stmt()) {
        simple(simple, where);
      }
      return;
    }
    for (PythonParser.StatementContext statement : block.statement()) {
      statement(statement, where);
    }
  }

  private void ifStatement(PythonParser.If_stmtContext ctx, Where where) {
    List<PythonParser.Named_expressionContext> tests = ctx.named_expression();
    List<PythonParser.BlockContext> blocks = ctx.block();
    List<PyExpr> converted = new ArrayList<>();
    for (PythonParser.Named_expressionContext test : tests) {
      scanYield(test, where);
      converted.add(where.body != null ? ExprConverter.convert(test) : null);
    }
    for (int i = 0; i < blocks.size(); i++) {
      Where branch = where;
      for (int j = 0; j < Math.min(i, tests.size()); j++) {
        branch = branch.withGuard(guard(converted.get(j), false, tests.get(j)));
      }
      if (i < tests.size()) {
        branch = branch.withGuard(guard(converted.get(i), true, tests.get(i)));
      }
      block(blocks.get(i), branch);
    }
  }

  private static Binding.Guard guard(PyExpr test, boolean expected, ParserRuleContext at) {
    return new Binding.Guard(
        test == null ? new PyExpr.Opaque("") : test, expected, at.getStart().getLine());
  }

  private void forStatement(PythonParser.For_stmtContext ctx, Where where) {
    scanYield(ctx.star_expressions(), where);
    Where inLoop = where.withFlow(Binding.Flow.LOOP);
    if (where.body != null) {
      PyExpr target = ExprConverter.convertTargets(ctx.star_targets());
      bindUnknown(target, "a for loop target", ctx.getStart().getLine(), inLoop);
    }
    for (PythonParser.BlockContext block : ctx.block()) {
      block(block, inLoop);
    }
  }

  private void withStatement(PythonParser.With_stmtContext ctx, Where where) {
    for (PythonParser.With_itemContext item : ctx.with_item()) {
      scanYield(item, where);
      if (where.body != null && item.star_target() != null) {
        PyExpr target = ExprConverter.convertTarget(item.star_target());
        bindUnknown(target, "a with statement target", item.getStart().getLine(), where);
      }
    }
    block(ctx.block(), where);
  }

  private void tryStatement(PythonParser.Try_stmtContext ctx, Where where) {
    List<PythonParser.BlockContext> blocks = ctx.block();
    Where inTry = where.withFlow(Binding.Flow.TRY);
    block(blocks.get(0), inTry);
    Where inHandler = where.withFlow(Binding.Flow.EXCEPT);
    for (PythonParser.Except_clauseContext handler : ctx.except_clause()) {
      if (where.body != null && handler.name() != null) {
        bind(
            where,
            handler.name().getText(),
            handler.getStart().getLine(),
            Binding.Kind.UNKNOWN,
            -1,
            null,
            null,
            new PyExpr.Opaque("an exception handler target"),
            inHandler);
      }
      block(handler.block(), inHandler);
    }
    int next = 1;
    if (ctx.ELSE() != null) {
      block(blocks.get(next++), inTry);
    }
    if (ctx.FINALLY() != null) {
      block(blocks.get(next), where);
    }
  }

  // definitions

  private void function(PythonParser.Function_defContext ctx, Where where) {
    String name = ctx.name().getText();
    int line = ctx.DEF().getSymbol().getLine();
    FunctionState state = new FunctionState(ExprConverter.source(ctx.block()).contains("yield"));
    Where inside =
        new Where(null, state, List.of(), Binding.Flow.ALWAYS, where.guarded, false, false);
    block(ctx.block(), inside);
    if (where.body == null) {
      return;
    }
    FunctionSummary summary =
        new FunctionSummary(
            name,
            line,
            ctx.ASYNC() != null,
            decorators(ctx.decorator()),
            ctx.parameters() == null ? List.of() : parameters(ctx.parameters()),
            // Only fixtures' docstrings are ever shown, and fixtures are decorated: keeping
            // the rest would double the cache (networkx's docstrings are half its summaries).
            ctx.decorator().isEmpty() ? null : docstring(ctx.block()),
            state.generator);
    where.body.functions.add(summary);
    bind(
        where,
        name,
        line,
        Binding.Kind.FUNCTION,
        where.body.functions.size() - 1,
        null,
        null,
        null,
        where);
  }

  private void classDef(PythonParser.Class_defContext ctx, Where where) {
    String name = ctx.name().getText();
    int line = ctx.CLASS().getSymbol().getLine();
    if (where.body == null) {
      Where inside =
          new Where(
              null, where.function, List.of(), Binding.Flow.ALWAYS, where.guarded, false, false);
      block(ctx.block(), inside);
      return;
    }
    Body body = new Body();
    Where inside =
        new Where(body, null, List.of(), Binding.Flow.ALWAYS, where.guarded, where.importTime, true);
    block(ctx.block(), inside);
    ClassSummary summary =
        new ClassSummary(
            name,
            line,
            decorators(ctx.decorator()),
            ctx.arguments() == null ? List.of() : ExprConverter.arguments(ctx.arguments()),
            body.toNamespace(),
            null);
    where.body.classes.add(summary);
    bind(
        where,
        name,
        line,
        Binding.Kind.CLASS,
        where.body.classes.size() - 1,
        null,
        null,
        null,
        where);
  }

  private static List<Decorator> decorators(List<PythonParser.DecoratorContext> decorators) {
    List<Decorator> result = new ArrayList<>(decorators.size());
    for (PythonParser.DecoratorContext decorator : decorators) {
      result.add(
          new Decorator(
              decorator.getStart().getLine(),
              ExprConverter.convert(decorator.named_expression()),
              ExprConverter.source(decorator.named_expression())));
    }
    return result;
  }

  private static List<FunctionSummary.Parameter> parameters(PythonParser.ParametersContext ctx) {
    List<FunctionSummary.Parameter> result = new ArrayList<>();
    FunctionSummary.Parameter.Kind kind = FunctionSummary.Parameter.Kind.POSITIONAL_OR_KEYWORD;
    for (PythonParser.ParameterContext parameter : ctx.parameter()) {
      if (parameter.SLASH() != null) {
        for (int i = 0; i < result.size(); i++) {
          FunctionSummary.Parameter before = result.get(i);
          result.set(
              i,
              new FunctionSummary.Parameter(
                  before.name(),
                  FunctionSummary.Parameter.Kind.POSITIONAL_ONLY,
                  before.hasDefault()));
        }
      } else if (parameter.STAR() != null) {
        if (parameter.name() != null) {
          result.add(
              new FunctionSummary.Parameter(
                  parameter.name().getText(), FunctionSummary.Parameter.Kind.VAR_POSITIONAL, false));
        }
        kind = FunctionSummary.Parameter.Kind.KEYWORD_ONLY;
      } else if (parameter.DOUBLESTAR() != null) {
        result.add(
            new FunctionSummary.Parameter(
                parameter.name().getText(), FunctionSummary.Parameter.Kind.VAR_KEYWORD, false));
      } else {
        result.add(
            new FunctionSummary.Parameter(
                parameter.name().getText(), kind, parameter.EQUAL() != null));
      }
    }
    return result;
  }

  /** The docstring of a body: its first statement, when that is a string literal alone. */
  private static String docstring(PythonParser.BlockContext block) {
    PythonParser.Simple_stmtsContext first;
    if (block.simple_stmts() != null) {
      first = block.simple_stmts();
    } else {
      PythonParser.StatementContext statement = block.statement(0);
      first = statement == null ? null : statement.simple_stmts();
    }
    if (first == null) {
      return null;
    }
    PythonParser.Expression_stmtContext expression = first.simple_stmt(0).expression_stmt();
    if (expression == null
        || !expression.assigned_value().isEmpty()
        || expression.COLON() != null
        || expression.augassign() != null) {
      return null;
    }
    ParseTree node = expression.star_expressions();
    while (node instanceof ParserRuleContext rule
        && !(node instanceof PythonParser.StringsContext)
        && rule.getChildCount() == 1) {
      node = rule.getChild(0);
    }
    if (!(node instanceof PythonParser.StringsContext strings)) {
      return null;
    }
    return ExprConverter.convert(strings) instanceof PyExpr.Str text ? text.value() : null;
  }

  // simple statements

  private void simple(PythonParser.Simple_stmtContext ctx, Where where) {
    if (ctx.import_stmt() != null) {
      importStatement(ctx.import_stmt(), where);
      return;
    }
    if (where.body == null) {
      if (where.function != null
          && where.function.mayYield
          && !where.function.generator
          && containsYield(ctx)) {
        where.function.generator = true;
      }
      return;
    }
    if (ctx.expression_stmt() != null) {
      expressionStatement(ctx.expression_stmt(), where);
    } else if (ctx.del_stmt() != null) {
      PyExpr targets = ExprConverter.convert(ctx.del_stmt().star_expressions());
      for (String name : names(targets)) {
        bind(where, name, ctx.getStart().getLine(), Binding.Kind.DELETE, -1, null, null, null, where);
      }
    } else if (ctx.raise_stmt() != null) {
      raiseStatement(ctx.raise_stmt(), where);
    } else if (ctx.type_alias() != null) {
      bind(
          where,
          ctx.type_alias().name().getText(),
          ctx.getStart().getLine(),
          Binding.Kind.UNKNOWN,
          -1,
          null,
          null,
          new PyExpr.Opaque("a type alias"),
          where);
    }
  }

  private void expressionStatement(PythonParser.Expression_stmtContext ctx, Where where) {
    int line = ctx.getStart().getLine();
    if (ctx.augassign() != null) {
      PyExpr target = ExprConverter.convert(ctx.star_expressions());
      PyExpr value = ExprConverter.convert(ctx.assigned_value(0));
      String op = ctx.augassign().getText();
      if (target instanceof PyExpr.Name name) {
        callsAtImportTime(value, line, where, false);
        bind(
            where,
            name.id(),
            line,
            Binding.Kind.ASSIGN,
            -1,
            null,
            null,
            new PyExpr.Binary(target, op.substring(0, op.length() - 1), value),
            where);
      }
      return;
    }
    if (ctx.COLON() != null) {
      if (ctx.assigned_value().isEmpty()) {
        return;
      }
      PyExpr value = ExprConverter.convert(ctx.assigned_value(0));
      callsAtImportTime(value, line, where, true);
      assign(ExprConverter.convert(ctx.star_expressions()), value, line, where);
      return;
    }
    List<PythonParser.Assigned_valueContext> values = ctx.assigned_value();
    if (values.isEmpty()) {
      PyExpr expression = ExprConverter.convert(ctx.star_expressions());
      callsAtImportTime(expression, line, where, false);
      return;
    }
    PyExpr value = ExprConverter.convert(values.get(values.size() - 1));
    callsAtImportTime(value, line, where, true);
    assign(ExprConverter.convert(ctx.star_expressions()), value, line, where);
    for (int i = 0; i < values.size() - 1; i++) {
      assign(ExprConverter.convert(values.get(i)), value, line, where);
    }
  }

  private void assign(PyExpr target, PyExpr value, int line, Where where) {
    if (target instanceof PyExpr.Name name) {
      bind(where, name.id(), line, Binding.Kind.ASSIGN, -1, null, null, value, where);
    } else if (target instanceof PyExpr.Sequence targets
        && !targets.kind().equals("set")
        && value instanceof PyExpr.Sequence values
        && !values.kind().equals("set")
        && values.items().size() == targets.items().size()
        && values.items().stream().noneMatch(PyExpr.Starred.class::isInstance)
        && targets.items().stream().noneMatch(PyExpr.Starred.class::isInstance)) {
      for (int i = 0; i < targets.items().size(); i++) {
        assign(targets.items().get(i), values.items().get(i), line, where);
      }
    } else if (target instanceof PyExpr.Attribute attribute
        && attribute.value() instanceof PyExpr.Name owner) {
      where.body.attributeAssignments.add(
          new Namespace.AttributeAssignment(
              owner.id(), attribute.attr(), value, where.body.bindings.size(), line));
    } else if (target instanceof PyExpr.Subscript subscript && writesNamespace(subscript.value())) {
      notes.add(
          new ModuleSummary.Note(
              line, "names are bound through globals()/locals()/vars(); tests made so are not listed"));
    } else if (target instanceof PyExpr.Sequence targets
        && !targets.kind().equals("set")
        && targets.items().stream().noneMatch(PyExpr.Starred.class::isInstance)) {
      // a, b = value: a is value[0], b is value[1]
      for (int i = 0; i < targets.items().size(); i++) {
        assign(
            targets.items().get(i),
            new PyExpr.Subscript(value, new PyExpr.Num(Integer.toString(i))),
            line,
            where);
      }
    } else {
      bindUnknown(target, "an unpacking assignment", line, where);
    }
  }

  /** {@code globals()}, {@code locals()} or {@code vars()}. */
  private static boolean writesNamespace(PyExpr expression) {
    return expression instanceof PyExpr.Call call
        && call.arguments().isEmpty()
        && call.function() instanceof PyExpr.Name name
        && (name.id().equals("globals") || name.id().equals("locals") || name.id().equals("vars"));
  }

  private void bindUnknown(PyExpr target, String what, int line, Where where) {
    for (String name : names(target)) {
      bind(
          where,
          name,
          line,
          Binding.Kind.UNKNOWN,
          -1,
          null,
          null,
          new PyExpr.Opaque(what),
          where);
    }
  }

  /** The plain names an assignment or loop target binds. */
  private static List<String> names(PyExpr target) {
    List<String> names = new ArrayList<>();
    collectNames(target, names);
    return names;
  }

  private static void collectNames(PyExpr target, List<String> names) {
    if (target instanceof PyExpr.Name name) {
      names.add(name.id());
    } else if (target instanceof PyExpr.Sequence sequence) {
      for (PyExpr item : sequence.items()) {
        collectNames(item, names);
      }
    } else if (target instanceof PyExpr.Starred starred) {
      collectNames(starred.value(), names);
    }
  }

  /**
   * Looks at the calls an import-time statement makes: {@code pytest.importorskip}, a
   * module-level {@code pytest.skip}, and ways of making names at run time.
   */
  private void callsAtImportTime(PyExpr expression, int line, Where where, boolean assigned) {
    if (!where.importTime || !(expression instanceof PyExpr.Call call)) {
      return;
    }
    String callee = lastName(call.function());
    if (callee == null) {
      return;
    }
    switch (callee) {
      case "importorskip" -> {
        String module = null;
        String minVersion = null;
        List<PyExpr.Argument> arguments = call.arguments();
        for (int i = 0; i < arguments.size(); i++) {
          PyExpr.Argument argument = arguments.get(i);
          boolean positional = argument.kind() == PyExpr.Argument.Kind.POSITIONAL;
          String keyword = argument.keyword();
          if (!(argument.value() instanceof PyExpr.Str text)) {
            continue;
          }
          if ((positional && i == 0) || "modname".equals(keyword)) {
            module = text.value();
          } else if ((positional && i == 1) || "minversion".equals(keyword)) {
            minVersion = text.value();
          }
        }
        importOrSkips.add(
            new ModuleSummary.ImportOrSkipCall(module, minVersion, line, where.guarded));
      }
      case "skip" -> {
        if (assigned) {
          return;
        }
        boolean moduleLevel = false;
        String reason = "";
        for (PyExpr.Argument argument : call.arguments()) {
          if (argument.kind() == PyExpr.Argument.Kind.KEYWORD
              && "allow_module_level".equals(argument.keyword())) {
            moduleLevel = !(argument.value() instanceof PyExpr.Constant constant)
                || constant.name().equals("True");
          } else if (argument.kind() == PyExpr.Argument.Kind.POSITIONAL
              || "reason".equals(argument.keyword())) {
            reason = argument.source();
          }
        }
        if (moduleLevel) {
          skips.add(new ModuleSummary.SkipCall(line, where.guarded, reason));
        } else if (call.function() instanceof PyExpr.Attribute attribute
            && attribute.value() instanceof PyExpr.Name owner
            && (owner.id().equals("pytest") || owner.id().equals("pt"))) {
          notes.add(
              new ModuleSummary.Note(
                  line,
                  "pytest.skip() without allow_module_level=True at import time: pytest reports"
                      + " a collection error"));
        }
      }
      case "setattr" -> notes.add(
          new ModuleSummary.Note(
              line, "setattr() at import time may add tests that are not listed"));
      case "update" -> {
        if (call.function() instanceof PyExpr.Attribute attribute
            && writesNamespace(attribute.value())) {
          notes.add(
              new ModuleSummary.Note(
                  line,
                  "names are bound through globals()/locals()/vars(); tests made so are not"
                      + " listed"));
        }
      }
      case "exec" -> notes.add(
          new ModuleSummary.Note(line, "exec() at import time may define tests that are not listed"));
      default -> {}
    }
  }

  private static String lastName(PyExpr function) {
    if (function instanceof PyExpr.Name name) {
      return name.id();
    }
    if (function instanceof PyExpr.Attribute attribute) {
      return attribute.attr();
    }
    return null;
  }

  private void raiseStatement(PythonParser.Raise_stmtContext ctx, Where where) {
    if (!where.importTime || ctx.expression().isEmpty()) {
      return;
    }
    PyExpr raised = ExprConverter.convert(ctx.expression(0));
    PyExpr type = raised instanceof PyExpr.Call call ? call.function() : raised;
    String reason =
        raised instanceof PyExpr.Call call && !call.arguments().isEmpty()
            ? call.arguments().get(0).source()
            : "";
    boolean skipTest = "SkipTest".equals(lastName(type));
    boolean skipException =
        type instanceof PyExpr.Attribute attribute
            && attribute.attr().equals("Exception")
            && "skip".equals(lastName(attribute.value()));
    if (skipTest || skipException) {
      skips.add(new ModuleSummary.SkipCall(ctx.getStart().getLine(), where.guarded, reason));
    }
  }

  // imports

  private void importStatement(PythonParser.Import_stmtContext ctx, Where where) {
    int line = ctx.getStart().getLine();
    if (ctx.import_name() != null) {
      for (PythonParser.Dotted_as_nameContext item : ctx.import_name().dotted_as_name()) {
        String dotted = dotted(item.dotted_name());
        imports.add(
            new ModuleSummary.ImportStatement(
                dotted, List.of(), line, where.importTime, where.guarded, true));
        if (where.body != null) {
          if (item.name() != null) {
            bind(where, item.name().getText(), line, Binding.Kind.IMPORT, -1, dotted, null, null, where);
          } else {
            String top = dotted.contains(".") ? dotted.substring(0, dotted.indexOf('.')) : dotted;
            bind(where, top, line, Binding.Kind.IMPORT, -1, top, null, null, where);
          }
        }
      }
      return;
    }
    PythonParser.Import_fromContext from = ctx.import_from();
    int level = from.DOT().size() + 3 * from.ELLIPSIS().size();
    String written = from.dotted_name() == null ? "" : dotted(from.dotted_name());
    String module = resolveRelative(level, written);
    boolean resolved = module != null;
    if (module == null) {
      module = ".".repeat(level) + written;
    }
    PythonParser.Import_targetsContext targets = from.import_targets();
    List<String> names = new ArrayList<>();
    if (targets.STAR() != null) {
      names.add("*");
      if (where.body != null && resolved) {
        bind(where, "*", line, Binding.Kind.STAR_IMPORT, -1, module, null, null, where);
      }
    } else {
      for (PythonParser.Import_as_nameContext item : targets.import_as_name()) {
        String name = item.name(0).getText();
        names.add(name);
        if (where.body != null) {
          String alias = item.name().size() > 1 ? item.name(1).getText() : name;
          if (resolved) {
            bind(where, alias, line, Binding.Kind.FROM_IMPORT, -1, module, name, null, where);
          } else {
            bind(
                where,
                alias,
                line,
                Binding.Kind.UNKNOWN,
                -1,
                null,
                null,
                new PyExpr.Opaque("a relative import beyond the top-level package"),
                where);
          }
        }
      }
    }
    imports.add(
        new ModuleSummary.ImportStatement(
            module, names, line, where.importTime, where.guarded, resolved));
  }

  /** The absolute name of a {@code from} import's module, or null if it climbs too high. */
  private String resolveRelative(int level, String written) {
    if (level == 0) {
      return written;
    }
    String base = packageInit ? moduleName : parentOf(moduleName);
    for (int i = 1; i < level; i++) {
      if (base.isEmpty()) {
        return null;
      }
      base = parentOf(base);
    }
    if (base.isEmpty()) {
      return null;
    }
    return written.isEmpty() ? base : base + "." + written;
  }

  private static String parentOf(String dotted) {
    int dot = dotted.lastIndexOf('.');
    return dot < 0 ? "" : dotted.substring(0, dot);
  }

  private static String dotted(PythonParser.Dotted_nameContext ctx) {
    StringBuilder text = new StringBuilder();
    for (PythonParser.NameContext name : ctx.name()) {
      if (text.length() > 0) {
        text.append('.');
      }
      text.append(name.getText());
    }
    return text.toString();
  }

  // helpers

  private void bind(
      Where where,
      String name,
      int line,
      Binding.Kind kind,
      int index,
      String module,
      String attribute,
      PyExpr value,
      Where at) {
    where.body.bindings.add(
        new Binding(name, line, kind, index, module, attribute, value, at.guards, at.flow));
  }

  private void scanYield(ParserRuleContext ctx, Where where) {
    if (where.function != null
        && where.function.mayYield
        && !where.function.generator
        && ctx != null
        && containsYield(ctx)) {
      where.function.generator = true;
    }
  }

  private static boolean containsYield(ParseTree tree) {
    if (tree instanceof PythonParser.Yield_exprContext) {
      return true;
    }
    if (tree instanceof TerminalNode || tree instanceof PythonParser.LambdefContext) {
      return false;
    }
    for (int i = 0; i < tree.getChildCount(); i++) {
      if (containsYield(tree.getChild(i))) {
        return true;
      }
    }
    return false;
  }
}
