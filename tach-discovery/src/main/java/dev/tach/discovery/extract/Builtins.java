package dev.tach.discovery.extract;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The builtins, {@code itertools} functions and {@code str}/{@code bytes}/{@code dict} methods
 * that test modules use to build parametrize values, computed the way Python computes them.
 */
final class Builtins {

  private Builtins() {}

  /** Evaluated arguments of a call. */
  record Args(List<PyValue> positional, Map<String, PyValue> keywords) {
    PyValue keyword(String name) {
      return keywords.get(name);
    }
  }

  static PyValue builtin(String name, Args args) throws Evaluator.NotStatic {
    List<PyValue> p = args.positional();
    switch (name) {
      case "range" -> {
        List<BigInteger> ints = new ArrayList<>();
        for (PyValue value : p) {
          ints.add(Values.integer(value));
        }
        if (ints.isEmpty() || ints.size() > 3) {
          throw new Evaluator.NotStatic("range() with " + ints.size() + " arguments");
        }
        BigInteger start = ints.size() == 1 ? BigInteger.ZERO : ints.get(0);
        BigInteger stop = ints.size() == 1 ? ints.get(0) : ints.get(1);
        BigInteger step = ints.size() == 3 ? ints.get(2) : BigInteger.ONE;
        if (step.signum() == 0) {
          throw new Evaluator.NotStatic("range() step is zero");
        }
        return new PyValue.Range(start, stop, step);
      }
      case "list", "tuple" -> {
        return new PyValue.Seq(name, p.isEmpty() ? List.of() : Values.iterate(p.get(0)));
      }
      case "set", "frozenset" -> {
        return Values.set(p.isEmpty() ? List.of() : Values.iterate(p.get(0)));
      }
      case "dict" -> {
        List<PyValue> keys = new ArrayList<>();
        List<PyValue> dictValues = new ArrayList<>();
        if (!p.isEmpty()) {
          PyValue source = p.get(0);
          if (source instanceof PyValue.Dict dict) {
            for (int i = 0; i < dict.keys().size(); i++) {
              Values.put(keys, dictValues, dict.keys().get(i), dict.values().get(i));
            }
          } else {
            for (PyValue pair : Values.iterate(source)) {
              List<PyValue> kv = Values.iterate(pair);
              if (kv.size() != 2) {
                throw new Evaluator.NotStatic("dict() of items that are not pairs");
              }
              Values.put(keys, dictValues, kv.get(0), kv.get(1));
            }
          }
        }
        for (Map.Entry<String, PyValue> keyword : args.keywords().entrySet()) {
          Values.put(keys, dictValues, new PyValue.Str(keyword.getKey()), keyword.getValue());
        }
        return new PyValue.Dict(keys, dictValues);
      }
      case "zip" -> {
        List<List<PyValue>> sources = new ArrayList<>();
        int length = Integer.MAX_VALUE;
        for (PyValue value : p) {
          List<PyValue> items = Values.iterate(value);
          sources.add(items);
          length = Math.min(length, items.size());
        }
        List<PyValue> tuples = new ArrayList<>();
        for (int i = 0; i < (sources.isEmpty() ? 0 : length); i++) {
          List<PyValue> tuple = new ArrayList<>();
          for (List<PyValue> source : sources) {
            tuple.add(source.get(i));
          }
          tuples.add(new PyValue.Seq("tuple", tuple));
        }
        return new PyValue.Seq("iterator", tuples);
      }
      case "enumerate" -> {
        BigInteger start =
            p.size() > 1
                ? Values.integer(p.get(1))
                : args.keyword("start") != null ? Values.integer(args.keyword("start")) : BigInteger.ZERO;
        List<PyValue> tuples = new ArrayList<>();
        for (PyValue item : Values.iterate(p.get(0))) {
          tuples.add(new PyValue.Seq("tuple", List.of(new PyValue.Int(start), item)));
          start = start.add(BigInteger.ONE);
        }
        return new PyValue.Seq("iterator", tuples);
      }
      case "reversed" -> {
        List<PyValue> items = new ArrayList<>(Values.iterate(p.get(0)));
        java.util.Collections.reverse(items);
        return new PyValue.Seq("iterator", items);
      }
      case "sorted" -> {
        if (args.keyword("key") != null && !(args.keyword("key") instanceof PyValue.None)) {
          throw new Evaluator.NotStatic("sorted() with a key function");
        }
        List<PyValue> items = new ArrayList<>(Values.iterate(p.get(0)));
        Values.sort(items);
        if (args.keyword("reverse") != null && Values.truth(args.keyword("reverse"))) {
          java.util.Collections.reverse(items);
        }
        return new PyValue.Seq("list", items);
      }
      case "len" -> {
        PyValue value = p.get(0);
        if (value instanceof PyValue.Dict dict) {
          return PyValue.ofInt(dict.keys().size());
        }
        if (value instanceof PyValue.Str str) {
          return PyValue.ofInt(str.value().codePointCount(0, str.value().length()));
        }
        return PyValue.ofInt(Values.iterate(value).size());
      }
      case "str" -> {
        return new PyValue.Str(p.isEmpty() ? "" : Values.str(p.get(0)));
      }
      case "repr" -> {
        return new PyValue.Str(Values.repr(p.get(0)));
      }
      case "int" -> {
        if (p.isEmpty()) {
          return PyValue.ofInt(0);
        }
        PyValue value = p.get(0);
        if (value instanceof PyValue.Str str && p.size() == 1) {
          try {
            return new PyValue.Int(new BigInteger(str.value().strip().replace("_", "")));
          } catch (NumberFormatException e) {
            throw new Evaluator.NotStatic("int() of " + PyText.strRepr(str.value()));
          }
        }
        if (value instanceof PyValue.Float f && !Double.isNaN(f.value()) && !Double.isInfinite(f.value())) {
          return new PyValue.Int(new BigDecimal(f.value()).toBigInteger());
        }
        return new PyValue.Int(Values.integer(value));
      }
      case "float" -> {
        if (p.isEmpty()) {
          return new PyValue.Float(0);
        }
        PyValue value = p.get(0);
        if (value instanceof PyValue.Str str) {
          return new PyValue.Float(Values.parseFloat(str.value()));
        }
        return new PyValue.Float(Values.toDouble(value));
      }
      case "bool" -> {
        return PyValue.ofBool(!p.isEmpty() && Values.truth(p.get(0)));
      }
      case "complex" -> {
        PyValue real = p.isEmpty() ? args.keyword("real") : p.get(0);
        PyValue imag = p.size() > 1 ? p.get(1) : args.keyword("imag");
        if (real instanceof PyValue.Str) {
          throw new Evaluator.NotStatic("complex() of a string");
        }
        double[] a = real == null ? new double[] {0, 0} : Values.complex(real);
        double[] b = imag == null ? new double[] {0, 0} : Values.complex(imag);
        return new PyValue.Complex(a[0] - b[1], a[1] + b[0]);
      }
      case "abs" -> {
        PyValue value = p.get(0);
        if (value instanceof PyValue.Int i) {
          return new PyValue.Int(i.value().abs());
        }
        if (value instanceof PyValue.Float f) {
          return new PyValue.Float(Math.abs(f.value()));
        }
        throw new Evaluator.NotStatic("abs() of a value that is not a number");
      }
      case "min", "max" -> {
        List<PyValue> items = p.size() == 1 ? new ArrayList<>(Values.iterate(p.get(0))) : new ArrayList<>(p);
        if (items.isEmpty() || args.keyword("key") != null) {
          throw new Evaluator.NotStatic(name + "() of an empty or keyed sequence");
        }
        PyValue best = items.get(0);
        for (PyValue item : items.subList(1, items.size())) {
          int order = Values.order(item, best);
          if (name.equals("min") ? order < 0 : order > 0) {
            best = item;
          }
        }
        return best;
      }
      case "sum" -> {
        PyValue total = p.size() > 1 ? p.get(1) : PyValue.ofInt(0);
        for (PyValue item : Values.iterate(p.get(0))) {
          total = Values.binary(total, "+", item);
        }
        return total;
      }
      case "object" -> {
        return new PyValue.Instance("builtins.object");
      }
      default -> {
        if (Evaluator.NAMELESS_INSTANCES.contains("builtins." + name)) {
          return new PyValue.Instance("builtins." + name);
        }
        throw new Evaluator.NotStatic("the result of calling " + name + "()");
      }
    }
  }

  static PyValue itertools(String name, Args args) throws Evaluator.NotStatic {
    List<PyValue> p = args.positional();
    switch (name) {
      case "product" -> {
        int repeat = args.keyword("repeat") == null ? 1 : Values.integer(args.keyword("repeat")).intValue();
        List<List<PyValue>> pools = new ArrayList<>();
        for (int r = 0; r < repeat; r++) {
          for (PyValue value : p) {
            pools.add(Values.iterate(value));
          }
        }
        List<List<PyValue>> result = new ArrayList<>();
        result.add(List.of());
        for (List<PyValue> pool : pools) {
          List<List<PyValue>> next = new ArrayList<>();
          for (List<PyValue> prefix : result) {
            for (PyValue item : pool) {
              List<PyValue> tuple = new ArrayList<>(prefix);
              tuple.add(item);
              next.add(tuple);
              Values.checkSize(next.size());
            }
          }
          result = next;
        }
        return tuples(result);
      }
      case "combinations", "permutations" -> {
        List<PyValue> pool = Values.iterate(p.get(0));
        PyValue rValue = p.size() > 1 ? p.get(1) : args.keyword("r");
        int r = rValue == null || rValue instanceof PyValue.None ? pool.size() : Values.integer(rValue).intValue();
        if (name.equals("combinations") && rValue == null) {
          throw new Evaluator.NotStatic("combinations() needs r");
        }
        List<List<PyValue>> result = new ArrayList<>();
        choose(pool, r, name.equals("permutations"), new ArrayList<>(), new boolean[pool.size()], 0, result);
        return tuples(result);
      }
      case "chain" -> {
        List<PyValue> items = new ArrayList<>();
        for (PyValue value : p) {
          items.addAll(Values.iterate(value));
          Values.checkSize(items.size());
        }
        return new PyValue.Seq("iterator", items);
      }
      case "chain.from_iterable" -> {
        List<PyValue> items = new ArrayList<>();
        for (PyValue value : Values.iterate(p.get(0))) {
          items.addAll(Values.iterate(value));
          Values.checkSize(items.size());
        }
        return new PyValue.Seq("iterator", items);
      }
      case "repeat" -> {
        PyValue times = p.size() > 1 ? p.get(1) : args.keyword("times");
        if (times == null) {
          throw new Evaluator.NotStatic("an endless itertools.repeat()");
        }
        int count = Values.integer(times).intValue();
        Values.checkSize(count);
        List<PyValue> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          items.add(p.get(0));
        }
        return new PyValue.Seq("iterator", items);
      }
      default -> throw new Evaluator.NotStatic("the result of itertools." + name + "()");
    }
  }

  static void choose(
      List<PyValue> pool,
      int r,
      boolean ordered,
      List<PyValue> prefix,
      boolean[] used,
      int from,
      List<List<PyValue>> out)
      throws Evaluator.NotStatic {
    if (prefix.size() == r) {
      out.add(List.copyOf(prefix));
      Values.checkSize(out.size());
      return;
    }
    for (int i = ordered ? 0 : from; i < pool.size(); i++) {
      if (used[i]) {
        continue;
      }
      used[i] = true;
      prefix.add(pool.get(i));
      choose(pool, r, ordered, prefix, used, i + 1, out);
      prefix.remove(prefix.size() - 1);
      used[i] = false;
    }
  }

  static PyValue tuples(List<List<PyValue>> rows) {
    List<PyValue> items = new ArrayList<>(rows.size());
    for (List<PyValue> row : rows) {
      items.add(new PyValue.Seq("tuple", row));
    }
    return new PyValue.Seq("iterator", items);
  }

  static PyValue callMethod(PyValue owner, String method, Args args) throws Evaluator.NotStatic {
    List<PyValue> p = args.positional();
    if (owner instanceof PyValue.Dict dict) {
      switch (method) {
        case "keys" -> {
          return new PyValue.Seq("iterator", dict.keys());
        }
        case "values" -> {
          return new PyValue.Seq("iterator", dict.values());
        }
        case "items" -> {
          List<PyValue> pairs = new ArrayList<>();
          for (int i = 0; i < dict.keys().size(); i++) {
            pairs.add(new PyValue.Seq("tuple", List.of(dict.keys().get(i), dict.values().get(i))));
          }
          return new PyValue.Seq("iterator", pairs);
        }
        case "copy" -> {
          return dict;
        }
        default -> {}
      }
    }
    if (owner instanceof PyValue.Bytes bytes && method.equals("decode") && p.isEmpty()
        && args.keywords().isEmpty()) {
      try {
        return new PyValue.Str(
            java.nio.charset.StandardCharsets.UTF_8
                .newDecoder()
                .decode(java.nio.ByteBuffer.wrap(bytes.bytes()))
                .toString());
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new Evaluator.NotStatic("bytes that are not UTF-8");
      }
    }
    if (owner instanceof PyValue.Str str) {
      String text = str.value();
      switch (method) {
        case "encode" -> {
          if (p.isEmpty() && args.keywords().isEmpty()) {
            byte[] encoded = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            StringBuilder latin = new StringBuilder();
            for (byte b : encoded) {
              latin.append((char) (b & 0xFF));
            }
            return new PyValue.Bytes(latin.toString());
          }
        }
        case "split" -> {
          PyValue separator = p.isEmpty() ? args.keyword("sep") : p.get(0);
          if (p.size() > 1 || args.keyword("maxsplit") != null) {
            throw new Evaluator.NotStatic("str.split() with maxsplit");
          }
          List<PyValue> parts = new ArrayList<>();
          if (separator == null || separator instanceof PyValue.None) {
            for (String part : text.strip().split("[\\s]+")) {
              if (!part.isEmpty()) {
                parts.add(new PyValue.Str(part));
              }
            }
          } else if (separator instanceof PyValue.Str sep && !sep.value().isEmpty()) {
            for (String part : text.split(java.util.regex.Pattern.quote(sep.value()), -1)) {
              parts.add(new PyValue.Str(part));
            }
          } else {
            throw new Evaluator.NotStatic("str.split() with an odd separator");
          }
          return new PyValue.Seq("list", parts);
        }
        case "join" -> {
          StringBuilder joined = new StringBuilder();
          List<PyValue> items = Values.iterate(p.get(0));
          for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof PyValue.Str part)) {
              throw new Evaluator.NotStatic("str.join() of items that are not strings");
            }
            if (i > 0) {
              joined.append(text);
            }
            joined.append(part.value());
          }
          return new PyValue.Str(joined.toString());
        }
        case "startswith", "endswith" -> {
          if (p.size() == 1) {
            List<PyValue> options =
                p.get(0) instanceof PyValue.Seq seq && seq.kind().equals("tuple")
                    ? seq.items()
                    : List.of(p.get(0));
            for (PyValue option : options) {
              if (!(option instanceof PyValue.Str affix)) {
                throw new Evaluator.NotStatic("str." + method + "() of a value that is not a str");
              }
              boolean hit =
                  method.equals("startswith")
                      ? text.startsWith(affix.value())
                      : text.endsWith(affix.value());
              if (hit) {
                return PyValue.TRUE;
              }
            }
            return PyValue.FALSE;
          }
        }
        case "format" -> {
          return new PyValue.Str(StrFormat.format(text, p, args.keywords()));
        }
        case "upper" -> {
          return new PyValue.Str(text.toUpperCase(Locale.ROOT));
        }
        case "lower" -> {
          return new PyValue.Str(text.toLowerCase(Locale.ROOT));
        }
        case "strip" -> {
          if (p.isEmpty()) {
            return new PyValue.Str(text.strip());
          }
        }
        case "replace" -> {
          if (p.size() == 2
              && p.get(0) instanceof PyValue.Str from
              && p.get(1) instanceof PyValue.Str to) {
            return new PyValue.Str(text.replace(from.value(), to.value()));
          }
        }
        default -> {}
      }
    }
    if (owner instanceof PyValue.Unknown unknown) {
      return new PyValue.Unknown(unknown.why(), null);
    }
    return new PyValue.Unknown(
        "the result of ." + method + "() on " + Values.describeValue(owner), null);
  }

  /** {@code textwrap.dedent}: removes the whitespace prefix all non-blank lines share. */
  static String dedent(String text) {
    String[] lines = text.split("\n", -1);
    String margin = null;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        lines[i] = "";
        continue;
      }
      int indent = 0;
      while (indent < line.length() && (line.charAt(indent) == ' ' || line.charAt(indent) == '\t')) {
        indent++;
      }
      String prefix = line.substring(0, indent);
      if (margin == null || prefix.startsWith(margin)) {
        margin = margin == null ? prefix : margin;
      } else if (margin.startsWith(prefix)) {
        margin = prefix;
      } else {
        int common = 0;
        while (common < margin.length() && common < prefix.length()
            && margin.charAt(common) == prefix.charAt(common)) {
          common++;
        }
        margin = margin.substring(0, common);
      }
    }
    if (margin == null || margin.isEmpty()) {
      return String.join("\n", lines);
    }
    for (int i = 0; i < lines.length; i++) {
      if (!lines[i].isEmpty()) {
        lines[i] = lines[i].substring(margin.length());
      }
    }
    return String.join("\n", lines);
  }
}
