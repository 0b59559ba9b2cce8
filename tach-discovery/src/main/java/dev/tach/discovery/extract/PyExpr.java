package dev.tach.discovery.extract;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.tach.api.Api;
import java.util.List;

/**
 * A Python expression as a {@link ModuleSummary} keeps it: the syntax only, names unresolved, so
 * that the summary depends on nothing but the file. Only the expressions discovery may need to
 * evaluate are kept (decorators, class bases, module- and class-level assignments); anything
 * this model does not cover is an {@link Opaque} that keeps its source text.
 */
@Api(Api.Status.EXPERIMENTAL)
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "t")
@JsonSubTypes({
  @JsonSubTypes.Type(value = PyExpr.Name.class, name = "name"),
  @JsonSubTypes.Type(value = PyExpr.Attribute.class, name = "attr"),
  @JsonSubTypes.Type(value = PyExpr.Call.class, name = "call"),
  @JsonSubTypes.Type(value = PyExpr.Str.class, name = "str"),
  @JsonSubTypes.Type(value = PyExpr.Bytes.class, name = "bytes"),
  @JsonSubTypes.Type(value = PyExpr.Num.class, name = "num"),
  @JsonSubTypes.Type(value = PyExpr.Constant.class, name = "const"),
  @JsonSubTypes.Type(value = PyExpr.Sequence.class, name = "seq"),
  @JsonSubTypes.Type(value = PyExpr.Dict.class, name = "dict"),
  @JsonSubTypes.Type(value = PyExpr.Unary.class, name = "unary"),
  @JsonSubTypes.Type(value = PyExpr.Binary.class, name = "binary"),
  @JsonSubTypes.Type(value = PyExpr.BoolOp.class, name = "boolop"),
  @JsonSubTypes.Type(value = PyExpr.Compare.class, name = "compare"),
  @JsonSubTypes.Type(value = PyExpr.IfElse.class, name = "ifelse"),
  @JsonSubTypes.Type(value = PyExpr.Subscript.class, name = "subscript"),
  @JsonSubTypes.Type(value = PyExpr.Slice.class, name = "slice"),
  @JsonSubTypes.Type(value = PyExpr.Starred.class, name = "starred"),
  @JsonSubTypes.Type(value = PyExpr.Comprehension.class, name = "comp"),
  @JsonSubTypes.Type(value = PyExpr.Lambda.class, name = "lambda"),
  @JsonSubTypes.Type(value = PyExpr.FString.class, name = "fstring"),
  @JsonSubTypes.Type(value = PyExpr.FormattedValue.class, name = "fvalue"),
  @JsonSubTypes.Type(value = PyExpr.Opaque.class, name = "opaque")
})
public sealed interface PyExpr {

  /** A name, e.g. {@code pytest}. */
  record Name(String id) implements PyExpr {
    public Name {
      requireNonNull(id, "id is null");
    }
  }

  /** {@code value.attr}. */
  record Attribute(PyExpr value, String attr) implements PyExpr {
    public Attribute {
      requireNonNull(value, "value is null");
      requireNonNull(attr, "attr is null");
    }
  }

  /** {@code function(arguments)}. */
  record Call(PyExpr function, List<Argument> arguments) implements PyExpr {
    public Call {
      requireNonNull(function, "function is null");
      arguments = List.copyOf(arguments);
    }
  }

  /** A {@code str} literal (adjacent literals joined, escapes decoded). */
  record Str(String value) implements PyExpr {
    public Str {
      requireNonNull(value, "value is null");
    }
  }

  /** A {@code bytes} literal; each char of {@code value} is one byte (0-255). */
  record Bytes(String value) implements PyExpr {
    public Bytes {
      requireNonNull(value, "value is null");
    }
  }

  /** A number literal as written ({@code 1_000}, {@code 0x1f}, {@code 1e3}, {@code 2j}). */
  record Num(String literal) implements PyExpr {
    public Num {
      requireNonNull(literal, "literal is null");
    }
  }

  /** {@code True}, {@code False}, {@code None} or {@code Ellipsis} (for {@code ...}). */
  record Constant(String name) implements PyExpr {
    public Constant {
      requireNonNull(name, "name is null");
    }
  }

  /** A tuple, list or set display ({@code kind} is {@code tuple}, {@code list} or {@code set}). */
  record Sequence(String kind, List<PyExpr> items) implements PyExpr {
    public Sequence {
      requireNonNull(kind, "kind is null");
      items = List.copyOf(items);
    }
  }

  /** A dict display; the key {@code Constant("**")} marks a {@code **mapping} entry. */
  record Dict(List<PyExpr> keys, List<PyExpr> values) implements PyExpr {
    public Dict {
      keys = List.copyOf(keys);
      values = List.copyOf(values);
    }
  }

  /** A unary operation: {@code -}, {@code +}, {@code ~} or {@code not}. */
  record Unary(String op, PyExpr operand) implements PyExpr {
    public Unary {
      requireNonNull(op, "op is null");
      requireNonNull(operand, "operand is null");
    }
  }

  /** A binary arithmetic or bitwise operation, e.g. {@code +} or {@code **}. */
  record Binary(PyExpr left, String op, PyExpr right) implements PyExpr {
    public Binary {
      requireNonNull(left, "left is null");
      requireNonNull(op, "op is null");
      requireNonNull(right, "right is null");
    }
  }

  /** {@code a and b and ...} or {@code a or b or ...}. */
  record BoolOp(String op, List<PyExpr> values) implements PyExpr {
    public BoolOp {
      requireNonNull(op, "op is null");
      values = List.copyOf(values);
    }
  }

  /** A comparison chain; {@code ops} are {@code ==}, {@code in}, {@code not in}, {@code is not}. */
  record Compare(PyExpr left, List<String> ops, List<PyExpr> comparators) implements PyExpr {
    public Compare {
      requireNonNull(left, "left is null");
      ops = List.copyOf(ops);
      comparators = List.copyOf(comparators);
    }
  }

  /** {@code body if test else orElse}. */
  record IfElse(PyExpr test, PyExpr body, PyExpr orElse) implements PyExpr {
    public IfElse {
      requireNonNull(test, "test is null");
      requireNonNull(body, "body is null");
      requireNonNull(orElse, "orElse is null");
    }
  }

  /** {@code value[index]}; several indexes make a tuple. */
  record Subscript(PyExpr value, PyExpr index) implements PyExpr {
    public Subscript {
      requireNonNull(value, "value is null");
      requireNonNull(index, "index is null");
    }
  }

  /** {@code lower:upper:step} inside a subscript; absent parts are {@code None} constants. */
  record Slice(PyExpr lower, PyExpr upper, PyExpr step) implements PyExpr {
    public Slice {
      requireNonNull(lower, "lower is null");
      requireNonNull(upper, "upper is null");
      requireNonNull(step, "step is null");
    }
  }

  /** {@code *value} inside a display or a call. */
  record Starred(PyExpr value) implements PyExpr {
    public Starred {
      requireNonNull(value, "value is null");
    }
  }

  /**
   * A comprehension: {@code kind} is {@code list}, {@code set}, {@code dict} or {@code
   * generator}; {@code value} is the dict value ({@code null} otherwise).
   */
  record Comprehension(String kind, PyExpr element, PyExpr value, List<For> generators)
      implements PyExpr {
    public Comprehension {
      requireNonNull(kind, "kind is null");
      requireNonNull(element, "element is null");
      generators = List.copyOf(generators);
    }
  }

  /** One {@code for target in iterable if condition...} clause of a comprehension. */
  record For(PyExpr target, PyExpr iterable, List<PyExpr> conditions, boolean async) {
    public For {
      requireNonNull(target, "target is null");
      requireNonNull(iterable, "iterable is null");
      conditions = List.copyOf(conditions);
    }
  }

  /**
   * A {@code lambda}; its function's {@code __name__} is {@code <lambda>}.
   *
   * @param parameters its parameter names, when they are all plain positional names; otherwise
   *     {@code null}
   * @param body its body, or {@code null} with {@code parameters}
   * @param source its source text
   */
  record Lambda(List<String> parameters, PyExpr body, String source) implements PyExpr {
    public Lambda {
      parameters = parameters == null ? null : List.copyOf(parameters);
      requireNonNull(source, "source is null");
    }
  }

  /** An f-string with replacement fields: literal {@link Str} parts and {@link FormattedValue}s. */
  record FString(List<PyExpr> parts) implements PyExpr {
    public FString {
      parts = List.copyOf(parts);
    }
  }

  /**
   * One replacement field of an f-string.
   *
   * @param value the field's expression
   * @param conversion {@code r}, {@code s}, {@code a}, or empty
   * @param formatSpec the format spec after {@code :}, or empty
   * @param debugText for a self-documenting {@code {x=}} field, the text printed before the
   *     value ({@code x=}); otherwise empty
   */
  record FormattedValue(PyExpr value, String conversion, String formatSpec, String debugText)
      implements PyExpr {
    public FormattedValue {
      requireNonNull(value, "value is null");
      requireNonNull(conversion, "conversion is null");
      requireNonNull(formatSpec, "formatSpec is null");
      requireNonNull(debugText, "debugText is null");
    }
  }

  /** Anything else ({@code await}, walrus, ...): its source text. */
  record Opaque(String source) implements PyExpr {
    public Opaque {
      requireNonNull(source, "source is null");
    }
  }

  /**
   * One argument of a call or of a class statement.
   *
   * @param kind how it is passed
   * @param keyword the keyword for {@link Kind#KEYWORD}, otherwise {@code null}
   * @param value the argument's expression
   * @param source the argument's source text as written, keyword and stars excluded
   */
  record Argument(Kind kind, String keyword, PyExpr value, String source) {

    /** How an argument is passed. */
    public enum Kind {
      POSITIONAL,
      KEYWORD,
      STAR,
      DOUBLE_STAR
    }

    public Argument {
      requireNonNull(kind, "kind is null");
      requireNonNull(value, "value is null");
      requireNonNull(source, "source is null");
    }
  }
}
