package dev.tach.discovery.extract;

import dev.tach.discovery.ParseOutcome;
import dev.tach.discovery.ParsedModule;
import dev.tach.discovery.PythonParsing;
import dev.tach.discovery.grammar.PythonParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Turns expression subtrees of the grammar into {@link PyExpr}s. An expression larger than a
 * budget of nodes becomes an {@link PyExpr.Opaque} so that a summary stays small whatever data a
 * module holds.
 */
final class ExprConverter {

  /** The most atoms, calls and subscripts one converted expression may have. */
  static final int NODE_BUDGET = 20_000;

  /** The longest source text an {@link PyExpr.Opaque} keeps. */
  private static final int OPAQUE_TEXT_LIMIT = 200;

  private int budget;

  private ExprConverter() {}

  /** Converts one expression; a subtree over budget becomes {@link PyExpr.Opaque}. */
  static PyExpr convert(ParserRuleContext ctx) {
    ExprConverter converter = new ExprConverter();
    converter.budget = NODE_BUDGET;
    try {
      return converter.any(ctx);
    } catch (OverBudget tooLarge) {
      return tooLarge();
    }
  }

  private static PyExpr.Opaque tooLarge() {
    return new PyExpr.Opaque("an expression of more than " + NODE_BUDGET + " nodes");
  }

  /** The arguments of a call or class statement. */
  static List<PyExpr.Argument> arguments(PythonParser.ArgumentsContext ctx) {
    ExprConverter converter = new ExprConverter();
    converter.budget = NODE_BUDGET;
    try {
      return converter.args(ctx);
    } catch (OverBudget tooLarge) {
      return List.of(
          new PyExpr.Argument(PyExpr.Argument.Kind.STAR, null, tooLarge(), source(ctx)));
    }
  }

  /** The source text of {@code ctx} exactly as written. */
  static String source(ParserRuleContext ctx) {
    Token start = ctx.getStart();
    Token stop = ctx.getStop();
    if (start == null || stop == null || stop.getStopIndex() < start.getStartIndex()) {
      return "";
    }
    return start.getInputStream().getText(Interval.of(start.getStartIndex(), stop.getStopIndex()));
  }

  static PyExpr.Opaque opaque(ParserRuleContext ctx) {
    // one line, as notes and reasons are
    String text = source(ctx).replaceAll("\\s+", " ").strip();
    if (text.length() > OPAQUE_TEXT_LIMIT) {
      text = text.substring(0, OPAQUE_TEXT_LIMIT) + "...";
    }
    return new PyExpr.Opaque(text);
  }

  private static final class OverBudget extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OverBudget() {
      super(null, null, false, false);
    }
  }

  private void spend() {
    if (--budget < 0) {
      throw new OverBudget();
    }
  }

  private PyExpr any(ParseTree tree) {
    // most expression rules wrap a single child: go straight to the one that says something
    while (tree instanceof ParserRuleContext rule
        && !(tree instanceof PythonParser.AtomContext)
        && rule.getChildCount() == 1
        && rule.getChild(0) instanceof ParserRuleContext) {
      tree = rule.getChild(0);
    }
    if (tree instanceof PythonParser.Star_expressionsContext ctx) {
      return tupleOrSingle(ctx.star_expression(), ctx.COMMA().isEmpty());
    }
    if (tree instanceof PythonParser.Star_named_expressionsContext ctx) {
      return tupleOrSingle(ctx.star_named_expression(), ctx.COMMA().isEmpty());
    }
    if (tree instanceof PythonParser.Star_expressionContext ctx) {
      return ctx.bitwise_or() != null
          ? new PyExpr.Starred(any(ctx.bitwise_or()))
          : any(ctx.expression());
    }
    if (tree instanceof PythonParser.Star_named_expressionContext ctx) {
      return ctx.bitwise_or() != null
          ? new PyExpr.Starred(any(ctx.bitwise_or()))
          : any(ctx.named_expression());
    }
    if (tree instanceof PythonParser.Assigned_valueContext ctx) {
      return ctx.yield_expr() != null ? opaque(ctx) : any(ctx.star_expressions());
    }
    if (tree instanceof PythonParser.Named_expressionContext ctx) {
      return ctx.name() != null ? opaque(ctx) : any(ctx.expression());
    }
    if (tree instanceof PythonParser.ExpressionContext ctx) {
      if (ctx.lambdef() != null) {
        return lambda(ctx.lambdef());
      }
      if (ctx.expression() != null) {
        return new PyExpr.IfElse(
            any(ctx.disjunction(1)), any(ctx.disjunction(0)), any(ctx.expression()));
      }
      return any(ctx.disjunction(0));
    }
    if (tree instanceof PythonParser.DisjunctionContext ctx) {
      return boolOp("or", ctx.conjunction());
    }
    if (tree instanceof PythonParser.ConjunctionContext ctx) {
      return boolOp("and", ctx.inversion());
    }
    if (tree instanceof PythonParser.InversionContext ctx) {
      return ctx.inversion() != null
          ? new PyExpr.Unary("not", any(ctx.inversion()))
          : any(ctx.comparison());
    }
    if (tree instanceof PythonParser.ComparisonContext ctx) {
      return comparison(ctx);
    }
    if (tree instanceof PythonParser.Bitwise_orContext
        || tree instanceof PythonParser.Bitwise_xorContext
        || tree instanceof PythonParser.Bitwise_andContext
        || tree instanceof PythonParser.Shift_exprContext
        || tree instanceof PythonParser.SumContext
        || tree instanceof PythonParser.TermContext) {
      return leftAssociative((ParserRuleContext) tree);
    }
    if (tree instanceof PythonParser.FactorContext ctx) {
      if (ctx.factor() != null) {
        return new PyExpr.Unary(ctx.getChild(0).getText(), any(ctx.factor()));
      }
      return any(ctx.power());
    }
    if (tree instanceof PythonParser.PowerContext ctx) {
      if (ctx.AWAIT() != null) {
        return opaque(ctx);
      }
      PyExpr base = primary(ctx.primary());
      return ctx.factor() != null ? new PyExpr.Binary(base, "**", any(ctx.factor())) : base;
    }
    if (tree instanceof PythonParser.PrimaryContext ctx) {
      return primary(ctx);
    }
    if (tree instanceof PythonParser.AtomContext ctx) {
      return atom(ctx);
    }
    if (tree instanceof PythonParser.StringsContext ctx) {
      return strings(ctx);
    }
    if (tree instanceof PythonParser.LambdefContext ctx) {
      return lambda(ctx);
    }
    if (tree instanceof ParserRuleContext ctx) {
      return opaque(ctx);
    }
    return new PyExpr.Opaque(tree.getText());
  }

  private PyExpr lambda(PythonParser.LambdefContext ctx) {
    List<String> parameters = new ArrayList<>();
    if (ctx.lambda_parameters() != null) {
      for (PythonParser.Lambda_parameterContext parameter :
          ctx.lambda_parameters().lambda_parameter()) {
        if (parameter.getChildCount() != 1 || parameter.name() == null) {
          return new PyExpr.Lambda(null, null, source(ctx));
        }
        parameters.add(parameter.name().getText());
      }
    }
    return new PyExpr.Lambda(parameters, any(ctx.expression()), source(ctx));
  }

  private PyExpr tupleOrSingle(List<? extends ParserRuleContext> items, boolean single) {
    if (single && items.size() == 1) {
      return any(items.get(0));
    }
    List<PyExpr> converted = new ArrayList<>(items.size());
    for (ParserRuleContext item : items) {
      converted.add(any(item));
    }
    return new PyExpr.Sequence("tuple", converted);
  }

  private PyExpr boolOp(String op, List<? extends ParserRuleContext> operands) {
    if (operands.size() == 1) {
      return any(operands.get(0));
    }
    List<PyExpr> values = new ArrayList<>(operands.size());
    for (ParserRuleContext operand : operands) {
      values.add(any(operand));
    }
    return new PyExpr.BoolOp(op, values);
  }

  private PyExpr comparison(PythonParser.ComparisonContext ctx) {
    List<PythonParser.Bitwise_orContext> operands = ctx.bitwise_or();
    if (operands.size() == 1) {
      return any(operands.get(0));
    }
    List<String> ops = new ArrayList<>();
    for (PythonParser.Comp_opContext op : ctx.comp_op()) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < op.getChildCount(); i++) {
        if (i > 0) {
          text.append(' ');
        }
        text.append(op.getChild(i).getText());
      }
      ops.add(text.toString());
    }
    List<PyExpr> comparators = new ArrayList<>();
    for (int i = 1; i < operands.size(); i++) {
      comparators.add(any(operands.get(i)));
    }
    return new PyExpr.Compare(any(operands.get(0)), ops, comparators);
  }

  /** {@code operand (op operand)*} as left-associative {@link PyExpr.Binary} nodes. */
  private PyExpr leftAssociative(ParserRuleContext ctx) {
    PyExpr result = any(ctx.getChild(0));
    for (int i = 1; i + 1 < ctx.getChildCount(); i += 2) {
      result = new PyExpr.Binary(result, ctx.getChild(i).getText(), any(ctx.getChild(i + 1)));
    }
    return result;
  }

  private PyExpr primary(PythonParser.PrimaryContext ctx) {
    PyExpr result = atom(ctx.atom());
    for (PythonParser.TrailerContext trailer : ctx.trailer()) {
      spend();
      if (trailer.name() != null) {
        result = new PyExpr.Attribute(result, trailer.name().getText());
      } else if (trailer.LPAR() != null) {
        result =
            new PyExpr.Call(
                result, trailer.arguments() == null ? List.of() : args(trailer.arguments()));
      } else {
        result = new PyExpr.Subscript(result, slices(trailer.slices()));
      }
    }
    return result;
  }

  private PyExpr slices(PythonParser.SlicesContext ctx) {
    List<PythonParser.SliceContext> items = ctx.slice();
    if (items.size() == 1 && ctx.COMMA().isEmpty()) {
      return slice(items.get(0));
    }
    List<PyExpr> converted = new ArrayList<>();
    for (PythonParser.SliceContext item : items) {
      converted.add(slice(item));
    }
    return new PyExpr.Sequence("tuple", converted);
  }

  private PyExpr slice(PythonParser.SliceContext ctx) {
    if (ctx.named_expression() != null) {
      return any(ctx.named_expression());
    }
    if (ctx.bitwise_or() != null) {
      return new PyExpr.Starred(any(ctx.bitwise_or()));
    }
    // expression? ':' expression? ( ':' expression? )?
    PyExpr[] parts = {none(), none(), none()};
    int part = 0;
    for (int i = 0; i < ctx.getChildCount(); i++) {
      ParseTree child = ctx.getChild(i);
      if (child instanceof TerminalNode) {
        part++;
      } else {
        parts[Math.min(part, 2)] = any(child);
      }
    }
    return new PyExpr.Slice(parts[0], parts[1], parts[2]);
  }

  private static PyExpr none() {
    return new PyExpr.Constant("None");
  }

  private List<PyExpr.Argument> args(PythonParser.ArgumentsContext ctx) {
    List<PyExpr.Argument> result = new ArrayList<>();
    for (PythonParser.ArgumentContext arg : ctx.argument()) {
      spend();
      if (arg.name() != null) {
        result.add(
            new PyExpr.Argument(
                PyExpr.Argument.Kind.KEYWORD,
                arg.name().getText(),
                any(arg.expression()),
                source(arg.expression())));
      } else if (arg.getChild(0) instanceof TerminalNode star) {
        PyExpr.Argument.Kind kind =
            star.getSymbol().getType() == PythonParser.STAR
                ? PyExpr.Argument.Kind.STAR
                : PyExpr.Argument.Kind.DOUBLE_STAR;
        result.add(
            new PyExpr.Argument(kind, null, any(arg.expression()), source(arg.expression())));
      } else {
        PyExpr value =
            arg.comprehension() != null
                ? comprehension("generator", arg.named_expression(), null, arg.comprehension())
                : any(arg.named_expression());
        result.add(
            new PyExpr.Argument(PyExpr.Argument.Kind.POSITIONAL, null, value, source(arg)));
      }
    }
    return result;
  }

  private PyExpr atom(PythonParser.AtomContext ctx) {
    spend();
    if (ctx.name() != null) {
      return new PyExpr.Name(ctx.name().getText());
    }
    if (ctx.TRUE() != null) {
      return new PyExpr.Constant("True");
    }
    if (ctx.FALSE() != null) {
      return new PyExpr.Constant("False");
    }
    if (ctx.NONE() != null) {
      return none();
    }
    if (ctx.ELLIPSIS() != null) {
      return new PyExpr.Constant("Ellipsis");
    }
    if (ctx.NUMBER() != null) {
      return new PyExpr.Num(ctx.NUMBER().getText());
    }
    if (ctx.strings() != null) {
      return strings(ctx.strings());
    }
    if (ctx.LPAR() != null) {
      if (ctx.yield_expr() != null) {
        return opaque(ctx);
      }
      List<PythonParser.Star_named_expressionContext> items = ctx.star_named_expression();
      if (items.isEmpty()) {
        return new PyExpr.Sequence("tuple", List.of());
      }
      if (ctx.comprehension() != null) {
        return comprehension("generator", items.get(0), null, ctx.comprehension());
      }
      if (items.size() == 1 && ctx.COMMA().isEmpty()) {
        return any(items.get(0));
      }
      return sequence("tuple", items);
    }
    if (ctx.LSQB() != null) {
      List<PythonParser.Star_named_expressionContext> items = ctx.star_named_expression();
      if (ctx.comprehension() != null) {
        return comprehension("list", items.get(0), null, ctx.comprehension());
      }
      return sequence("list", items);
    }
    PythonParser.Dict_or_setContext body = ctx.dict_or_set();
    if (body == null) {
      return new PyExpr.Dict(List.of(), List.of());
    }
    if (!body.dict_item().isEmpty()) {
      if (body.comprehension() != null) {
        PythonParser.Dict_itemContext item = body.dict_item(0);
        if (item.expression().size() != 2) {
          return opaque(ctx);
        }
        return comprehension(
            "dict", item.expression(0), item.expression(1), body.comprehension());
      }
      List<PyExpr> keys = new ArrayList<>();
      List<PyExpr> values = new ArrayList<>();
      for (PythonParser.Dict_itemContext item : body.dict_item()) {
        if (item.bitwise_or() != null) {
          keys.add(new PyExpr.Constant("**"));
          values.add(any(item.bitwise_or()));
        } else {
          keys.add(any(item.expression(0)));
          values.add(any(item.expression(1)));
        }
      }
      return new PyExpr.Dict(keys, values);
    }
    if (body.comprehension() != null) {
      return comprehension("set", body.star_named_expression(0), null, body.comprehension());
    }
    return sequence("set", body.star_named_expression());
  }

  private PyExpr sequence(String kind, List<? extends ParserRuleContext> items) {
    List<PyExpr> converted = new ArrayList<>(items.size());
    for (ParserRuleContext item : items) {
      converted.add(any(item));
    }
    return new PyExpr.Sequence(kind, converted);
  }

  private PyExpr comprehension(
      String kind,
      ParserRuleContext element,
      ParserRuleContext value,
      PythonParser.ComprehensionContext ctx) {
    List<PyExpr.For> generators = new ArrayList<>();
    for (PythonParser.Comp_forContext clause : ctx.comp_for()) {
      List<PythonParser.DisjunctionContext> parts = clause.disjunction();
      List<PyExpr> conditions = new ArrayList<>();
      for (int i = 1; i < parts.size(); i++) {
        conditions.add(any(parts.get(i)));
      }
      generators.add(
          new PyExpr.For(
              targets(clause.star_targets()), any(parts.get(0)), conditions, clause.ASYNC() != null));
    }
    return new PyExpr.Comprehension(
        kind, any(element), value == null ? null : any(value), generators);
  }

  /** Loop targets: a name, an attribute, or a tuple of targets. */
  static PyExpr convertTargets(PythonParser.Star_targetsContext ctx) {
    ExprConverter converter = new ExprConverter();
    converter.budget = NODE_BUDGET;
    try {
      return converter.targets(ctx);
    } catch (OverBudget tooLarge) {
      return tooLarge();
    }
  }

  /** One {@code with ... as} target. */
  static PyExpr convertTarget(PythonParser.Star_targetContext ctx) {
    ExprConverter converter = new ExprConverter();
    converter.budget = NODE_BUDGET;
    try {
      return converter.target(ctx);
    } catch (OverBudget tooLarge) {
      return tooLarge();
    }
  }

  private PyExpr targets(PythonParser.Star_targetsContext ctx) {
    List<PythonParser.Star_targetContext> items = ctx.star_target();
    if (items.size() == 1 && ctx.COMMA().isEmpty()) {
      return target(items.get(0));
    }
    List<PyExpr> converted = new ArrayList<>();
    for (PythonParser.Star_targetContext item : items) {
      converted.add(target(item));
    }
    return new PyExpr.Sequence("tuple", converted);
  }

  private PyExpr target(PythonParser.Star_targetContext ctx) {
    PyExpr inner = primary(ctx.primary());
    return ctx.STAR() != null ? new PyExpr.Starred(inner) : inner;
  }

  private PyExpr strings(PythonParser.StringsContext ctx) {
    StringBuilder value = new StringBuilder();
    Boolean bytes = null;
    List<PyExpr> parts = null;
    for (TerminalNode token : ctx.STRING()) {
      StringLiterals.Decoded decoded = StringLiterals.decode(token.getText());
      if (decoded == null) {
        List<StringLiterals.Piece> pieces = StringLiterals.fStringPieces(token.getText());
        if (pieces == null || Boolean.TRUE.equals(bytes)) {
          return opaque(ctx);
        }
        bytes = false;
        if (parts == null) {
          parts = new ArrayList<>();
        }
        flush(value, parts);
        for (StringLiterals.Piece piece : pieces) {
          if (piece.expression() == null) {
            value.append(piece.text());
            continue;
          }
          flush(value, parts);
          PyExpr field = fieldExpression(piece.expression());
          if (field == null) {
            return opaque(ctx);
          }
          parts.add(
              new PyExpr.FormattedValue(
                  field,
                  piece.conversion(),
                  piece.formatSpec(),
                  piece.debug() ? piece.text() : ""));
        }
        continue;
      }
      if (bytes != null && bytes != decoded.bytes()) {
        return opaque(ctx);
      }
      bytes = decoded.bytes();
      value.append(decoded.value());
    }
    if (parts != null) {
      flush(value, parts);
      return new PyExpr.FString(parts);
    }
    return Boolean.TRUE.equals(bytes)
        ? new PyExpr.Bytes(value.toString())
        : new PyExpr.Str(value.toString());
  }

  private static void flush(StringBuilder literal, List<PyExpr> parts) {
    if (literal.length() > 0) {
      parts.add(new PyExpr.Str(literal.toString()));
      literal.setLength(0);
    }
  }

  /** Parses the expression of an f-string field; null when it does not parse as one. */
  private PyExpr fieldExpression(String text) {
    spend();
    if (text.indexOf('\n') >= 0 || text.indexOf('#') >= 0) {
      return null;
    }
    ParseOutcome outcome = PythonParsing.parse("(" + text + ")\n", "<f-string>");
    if (!(outcome instanceof ParsedModule parsed)) {
      return null;
    }
    PythonParser.File_inputContext file = (PythonParser.File_inputContext) parsed.tree();
    if (file.statement().size() != 1 || file.statement(0).simple_stmts() == null) {
      return null;
    }
    PythonParser.Simple_stmtContext simple = file.statement(0).simple_stmts().simple_stmt(0);
    PythonParser.Expression_stmtContext expression = simple.expression_stmt();
    if (expression == null || !expression.assigned_value().isEmpty()) {
      return null;
    }
    return any(expression.star_expressions());
  }
}
