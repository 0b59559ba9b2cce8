package dev.tach.discovery.select;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.ErrorCode;
import dev.tach.api.TachException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code -k} or {@code -m} expression, parsed with pytest 9's grammar ({@code
 * _pytest/mark/expression.py}): {@code expr: and_expr ('or' and_expr)*}, {@code and_expr:
 * not_expr ('and' not_expr)*}, {@code not_expr: 'not' not_expr | '(' expr ')' | ident
 * kwargs?}; identifiers are runs of word characters and {@code : + - . [ ] \ /}; keyword
 * arguments take string literals, integers, {@code True}, {@code False} or {@code None}. An
 * empty expression matches nothing.
 */
@Api(Api.Status.EXPERIMENTAL)
public final class MatchExpression {

  /** Decides one identifier (with its keyword arguments, for {@code -m "name(k=v)"}). */
  @Api(Api.Status.EXPERIMENTAL)
  @FunctionalInterface
  public interface IdentMatcher {
    boolean matches(String ident, Map<String, Object> kwargs);
  }

  /** The value of a keyword argument written {@code None}. */
  public static final Object NONE = new Object() {
    @Override
    public String toString() {
      return "None";
    }
  };

  private sealed interface Node permits Or, And, Not, Ident, Constant {}

  private record Or(Node left, Node right) implements Node {}

  private record And(Node left, Node right) implements Node {}

  private record Not(Node operand) implements Node {}

  private record Ident(String name, Map<String, Object> kwargs) implements Node {}

  private record Constant(boolean value) implements Node {}

  private static final Pattern IDENT = Pattern.compile("(:?\\w|:|\\+|-|\\.|\\[|\\]|\\\\|/)+", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Set<String> PYTHON_KEYWORDS =
      Set.of(
          "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
          "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
          "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
          "return", "try", "while", "with", "yield");

  private final String source;
  private final Node root;

  private MatchExpression(String source, Node root) {
    this.source = source;
    this.root = root;
  }

  /**
   * Parses {@code expression}.
   *
   * @param option {@code -k} or {@code -m}, for the error message
   * @throws TachException E002 with pytest's message when the expression is malformed
   */
  public static MatchExpression parse(String expression, String option) {
    requireNonNull(expression, "expression is null");
    Parser parser = new Parser(expression, option);
    return new MatchExpression(expression, parser.expression());
  }

  /** Whether the expression holds for a test, asking {@code matcher} about each identifier. */
  public boolean evaluate(IdentMatcher matcher) {
    return evaluate(root, matcher);
  }

  private static boolean evaluate(Node node, IdentMatcher matcher) {
    if (node instanceof Or or) {
      return evaluate(or.left(), matcher) || evaluate(or.right(), matcher);
    }
    if (node instanceof And and) {
      return evaluate(and.left(), matcher) && evaluate(and.right(), matcher);
    }
    if (node instanceof Not not) {
      return !evaluate(not.operand(), matcher);
    }
    if (node instanceof Ident ident) {
      return matcher.matches(ident.name(), ident.kwargs());
    }
    return ((Constant) node).value();
  }

  @Override
  public String toString() {
    return source;
  }

  private enum Type { LPAREN, RPAREN, OR, AND, NOT, IDENT, EOF, EQUAL, STRING, COMMA }

  private record Token(Type type, String value, int pos) {}

  private static final class Parser {
    private final String input;
    private final String option;
    private final List<Token> tokens;
    private int index;

    Parser(String input, String option) {
      this.input = input;
      this.option = option;
      this.tokens = lex();
    }

    private TachException error(int pos, String message) {
      return new TachException(
          ErrorCode.E002,
          "Wrong expression passed to '" + option + "': " + input + ": at column " + (pos + 1) + ": " + message,
          "see pytest's -k / -m syntax: and, or, not, parentheses, names");
    }

    private List<Token> lex() {
      List<Token> out = new ArrayList<>();
      int pos = 0;
      while (pos < input.length()) {
        char c = input.charAt(pos);
        if (c == ' ' || c == '\t') {
          pos++;
        } else if (c == '(' || c == ')' || c == '=' || c == ',') {
          Type type = c == '(' ? Type.LPAREN : c == ')' ? Type.RPAREN : c == '=' ? Type.EQUAL : Type.COMMA;
          out.add(new Token(type, String.valueOf(c), pos));
          pos++;
        } else if (c == '\'' || c == '"') {
          int end = input.indexOf(c, pos + 1);
          if (end < 0) {
            throw error(pos, "closing quote \"" + c + "\" is missing");
          }
          int backslash = input.indexOf('\\');
          if (backslash >= 0) {
            throw error(backslash, "escaping with \"\\\" not supported in marker expression");
          }
          out.add(new Token(Type.STRING, input.substring(pos, end + 1), pos));
          pos = end + 1;
        } else {
          java.util.regex.Matcher m = IDENT.matcher(input).region(pos, input.length());
          if (!m.lookingAt()) {
            throw error(pos, "unexpected character \"" + c + "\"");
          }
          String value = m.group();
          Type type = switch (value) {
            case "or" -> Type.OR;
            case "and" -> Type.AND;
            case "not" -> Type.NOT;
            default -> Type.IDENT;
          };
          out.add(new Token(type, value, pos));
          pos += value.length();
        }
      }
      out.add(new Token(Type.EOF, "", pos));
      return out;
    }

    private Token current() {
      return tokens.get(index);
    }

    private Token accept(Type type) {
      Token token = current();
      if (token.type() != type) {
        return null;
      }
      if (type != Type.EOF) {
        index++;
      }
      return token;
    }

    private Token expect(Type type) {
      Token token = accept(type);
      if (token == null) {
        throw reject(describe(type));
      }
      return token;
    }

    private TachException reject(String expected) {
      return error(current().pos(), "expected " + expected + "; got " + describe(current().type()));
    }

    private static String describe(Type type) {
      return switch (type) {
        case LPAREN -> "left parenthesis";
        case RPAREN -> "right parenthesis";
        case IDENT -> "identifier";
        case EOF -> "end of input";
        case STRING -> "string literal";
        case EQUAL -> "=";
        case COMMA -> ",";
        default -> type.name().toLowerCase();
      };
    }

    Node expression() {
      if (accept(Type.EOF) != null) {
        return new Constant(false);
      }
      Node node = expr();
      if (accept(Type.EOF) == null) {
        throw reject("end of input");
      }
      return node;
    }

    private Node expr() {
      Node node = andExpr();
      while (accept(Type.OR) != null) {
        node = new Or(node, andExpr());
      }
      return node;
    }

    private Node andExpr() {
      Node node = notExpr();
      while (accept(Type.AND) != null) {
        node = new And(node, notExpr());
      }
      return node;
    }

    private Node notExpr() {
      if (accept(Type.NOT) != null) {
        return new Not(notExpr());
      }
      if (accept(Type.LPAREN) != null) {
        Node node = expr();
        expect(Type.RPAREN);
        return node;
      }
      Token ident = accept(Type.IDENT);
      if (ident == null) {
        throw reject("not OR left parenthesis OR identifier");
      }
      Map<String, Object> kwargs = new LinkedHashMap<>();
      if (accept(Type.LPAREN) != null) {
        kwarg(kwargs);
        while (accept(Type.COMMA) != null) {
          kwarg(kwargs);
        }
        expect(Type.RPAREN);
      }
      return new Ident(ident.value(), kwargs);
    }

    private void kwarg(Map<String, Object> kwargs) {
      Token name = expect(Type.IDENT);
      if (!name.value().matches("[A-Za-z_]\\w*")) {
        throw error(name.pos(), "not a valid python identifier " + name.value());
      }
      if (PYTHON_KEYWORDS.contains(name.value())) {
        throw error(name.pos(), "unexpected reserved python keyword `" + name.value() + "`");
      }
      expect(Type.EQUAL);
      Token string = accept(Type.STRING);
      if (string != null) {
        kwargs.put(name.value(), string.value().substring(1, string.value().length() - 1));
        return;
      }
      Token value = expect(Type.IDENT);
      String text = value.value();
      if (text.matches("-?[0-9]+")) {
        kwargs.put(name.value(), new java.math.BigInteger(text));
      } else if (text.equals("True") || text.equals("False")) {
        kwargs.put(name.value(), Boolean.valueOf(text.equals("True")));
      } else if (text.equals("None")) {
        kwargs.put(name.value(), NONE);
      } else {
        throw error(value.pos(), "unexpected character/s \"" + text + "\"");
      }
    }
  }
}
