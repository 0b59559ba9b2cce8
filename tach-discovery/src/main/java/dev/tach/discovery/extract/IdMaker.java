package dev.tach.discovery.extract;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * pytest 9's parameter-set ids ({@code _pytest.python.IdMaker}): an explicit {@code id=}, else
 * an entry of {@code ids=}, else one piece per value joined with {@code -}; then duplicates are
 * numbered. A hidden id ({@code pytest.HIDDEN_PARAM}) is a {@code null} entry.
 */
final class IdMaker {

  /** One parameter set: its values, its marks and its explicit id (null, a Str or Hidden). */
  record ParameterSet(List<PyValue> values, List<MarkRef> marks, PyValue id) {}

  /** pytest failed (a collection error); the message says why. */
  static final class CollectError extends Exception {
    private static final long serialVersionUID = 1L;

    CollectError(String message) {
      super(message, null, false, false);
    }
  }

  private final Evaluator evaluator;
  private final boolean escape;
  private final boolean strict;

  IdMaker(Evaluator evaluator, LinkOptions options) {
    this.evaluator = evaluator;
    this.escape = !options.disableTestIdEscaping();
    this.strict = options.strictParametrizationIds();
  }

  /**
   * The unique ids of {@code sets}.
   *
   * @param ids the {@code ids=} list (entries may be None), or null
   * @param idFunction the {@code ids=} callable, or null
   */
  List<String> make(
      List<String> argnames, List<ParameterSet> sets, List<PyValue> ids, PyValue idFunction)
      throws Evaluator.NotStatic, CollectError {
    List<String> resolved = new ArrayList<>(sets.size());
    for (int index = 0; index < sets.size(); index++) {
      ParameterSet set = sets.get(index);
      if (set.id() != null) {
        resolved.add(set.id() instanceof PyValue.Hidden ? null : escaped((PyValue.Str) set.id()));
      } else if (ids != null
          && index < ids.size()
          && !(ids.get(index) instanceof PyValue.None)) {
        PyValue explicit = ids.get(index);
        if (explicit instanceof PyValue.Hidden) {
          resolved.add(null);
        } else {
          String id = fromValue(explicit);
          if (id == null) {
            throw new CollectError(
                "ids contains unsupported value " + Values.describeValue(explicit) + " at index " + index);
          }
          resolved.add(id);
        }
      } else {
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < argnames.size(); i++) {
          if (i > 0) {
            joined.append('-');
          }
          joined.append(piece(set.values().get(i), argnames.get(i), index, idFunction));
        }
        resolved.add(joined.toString());
      }
    }
    return unique(argnames, resolved);
  }

  private String piece(PyValue value, String argname, int index, PyValue idFunction)
      throws Evaluator.NotStatic {
    if (idFunction != null) {
      PyValue returned = call(idFunction, value);
      if (!(returned instanceof PyValue.None)) {
        String id = fromValue(returned);
        if (id != null) {
          return id;
        }
      }
    }
    String id = fromValue(value);
    return id != null ? id : argname + index;
  }

  /** {@code ids=callable} applied to one value, for the callables discovery can run. */
  private PyValue call(PyValue function, PyValue value) throws Evaluator.NotStatic {
    if (function instanceof PyValue.Lambda lambda) {
      return evaluator.callLambda(lambda, List.of(value));
    }
    if (function instanceof PyValue.Named named && named.symbol() instanceof Sym.Builtin builtin) {
      switch (builtin.name()) {
        case "str" -> {
          return new PyValue.Str(Values.str(value));
        }
        case "repr" -> {
          return new PyValue.Str(Values.repr(value));
        }
        default -> {}
      }
    }
    throw new Evaluator.NotStatic(
        "ids= is a function ("
            + (function instanceof PyValue.Named named ? named.name() : "computed")
            + ") that only running it can apply");
  }

  /** {@code IdMaker._idval_from_value}: null when the value gives no id of its own. */
  private String fromValue(PyValue value) throws Evaluator.NotStatic {
    if (value instanceof PyValue.Str str) {
      return escaped(str);
    }
    if (value instanceof PyValue.Bytes bytes) {
      if (!escape) {
        throw new Evaluator.NotStatic("a bytes id with escaping disabled");
      }
      return PyText.asciiEscaped(bytes.bytes());
    }
    if (value instanceof PyValue.None
        || value instanceof PyValue.Bool
        || value instanceof PyValue.Int
        || value instanceof PyValue.Float
        || value instanceof PyValue.Complex) {
      return Values.str(value);
    }
    if (value instanceof PyValue.Pattern pattern) {
      return PyText.asciiEscaped(pattern.pattern());
    }
    if (value instanceof PyValue.EnumMember member) {
      return member.text();
    }
    if (value instanceof PyValue.Hidden) {
      return "_HiddenParam.token";
    }
    if (value instanceof PyValue.Lambda) {
      return "<lambda>";
    }
    if (value instanceof PyValue.Named named) {
      if (named.assumption() != null) {
        evaluator.assume(named.assumption());
      }
      return named.name();
    }
    if (value instanceof PyValue.Unknown unknown) {
      if (unknown.namelessAssumption() == null) {
        throw new Evaluator.NotStatic(unknown.why());
      }
      evaluator.assume(unknown.namelessAssumption());
      return null;
    }
    if (value instanceof PyValue.Seq seq && seq.kind().equals("generator")) {
      return "<genexpr>";
    }
    return null;
  }

  private String escaped(PyValue.Str value) {
    return escape ? PyText.asciiEscaped(value.value()) : value.value();
  }

  /** {@code make_unique_parameterset_ids}: duplicates get a counter, {@code _} after a digit. */
  private List<String> unique(List<String> argnames, List<String> resolved) throws CollectError {
    Map<String, Integer> counts = new HashMap<>();
    int hidden = 0;
    for (String id : resolved) {
      if (id == null) {
        hidden++;
      } else {
        counts.merge(id, 1, Integer::sum);
      }
    }
    boolean duplicates = hidden > 1 || counts.values().stream().anyMatch(c -> c > 1);
    if (!duplicates) {
      return resolved;
    }
    if (strict) {
      throw new CollectError(
          "Duplicate parametrization IDs detected, but strict_parametrization_ids is set ("
              + String.join(", ", argnames)
              + ")");
    }
    if (hidden > 1) {
      throw new CollectError(
          "multiple instances of HIDDEN_PARAM cannot be used in the same parametrize call");
    }
    List<String> result = new ArrayList<>(resolved);
    Map<String, Integer> present = new HashMap<>(counts);
    Map<String, Integer> suffixes = new HashMap<>();
    for (int index = 0; index < result.size(); index++) {
      String id = result.get(index);
      if (id == null || counts.get(id) <= 1) {
        continue;
      }
      String separator =
          !id.isEmpty() && Character.isDigit(id.codePointBefore(id.length())) ? "_" : "";
      int suffix = suffixes.getOrDefault(id, 0);
      String renamed = id + separator + suffix;
      while (present.getOrDefault(renamed, 0) > 0) {
        suffix++;
        renamed = id + separator + suffix;
      }
      result.set(index, renamed);
      present.merge(id, -1, Integer::sum);
      present.merge(renamed, 1, Integer::sum);
      suffixes.put(id, suffix + 1);
    }
    return result;
  }
}
