package dev.tach.discovery.extract;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Expands {@code @pytest.mark.parametrize} marks the way pytest's {@code Metafunc.parametrize}
 * does: each mark multiplies the calls made so far, in the order {@code iter_markers} yields the
 * marks, and adds one id piece per call.
 */
final class Parametrize {

  private Parametrize() {}

  /** One planned call: its id pieces (hidden ones left out) and the marks of its values. */
  record Call(List<String> ids, List<MarkRef> marks) {}

  /**
   * The expansion of a test's parametrize marks.
   *
   * @param calls the calls, or empty when {@code dynamic} or {@code error} is set
   * @param direct the argument names given values directly
   * @param indirect the argument names passed to fixtures ({@code indirect=})
   * @param dynamic why the calls could not be computed statically, or null
   * @param error the collection error pytest reports, or null
   * @param assumptions guesses the ids rely on
   */
  record Result(
      List<Call> calls,
      Set<String> direct,
      Set<String> indirect,
      String dynamic,
      String error,
      List<String> assumptions) {}

  /** The parsed arguments of one parametrize mark. */
  private record Spec(
      List<String> argnames,
      List<IdMaker.ParameterSet> sets,
      List<PyValue> ids,
      PyValue idFunction,
      Set<String> indirect) {}

  static Result expand(
      List<MarkRef> marks, List<String> functionArgs, LinkContext context) {
    Evaluator evaluator = context.evaluator();
    evaluator.clearAssumptions();
    Set<String> direct = new LinkedHashSet<>();
    Set<String> indirect = new LinkedHashSet<>();
    String dynamic = null;
    List<Spec> specs = new ArrayList<>();
    for (MarkRef mark : marks) {
      try {
        Spec spec = spec(mark, context);
        specs.add(spec);
        for (String name : spec.argnames()) {
          (spec.indirect().contains(name) ? indirect : direct).add(name);
        }
      } catch (Evaluator.NotStatic notStatic) {
        if (dynamic == null) {
          dynamic = "parametrize at " + mark.file() + ":" + mark.line() + ": " + notStatic.getMessage();
        }
        addArgnames(mark, context, direct);
      } catch (IdMaker.CollectError error) {
        return new Result(
            List.of(), direct, indirect, null, error.getMessage(), evaluator.assumptions());
      }
    }
    if (dynamic != null) {
      return new Result(List.of(), direct, indirect, dynamic, null, evaluator.assumptions());
    }
    List<Call> calls = new ArrayList<>();
    calls.add(new Call(List.of(), List.of()));
    Set<String> seen = new LinkedHashSet<>();
    IdMaker idMaker = new IdMaker(evaluator, context.options());
    try {
      for (Spec spec : specs) {
        for (String name : spec.argnames()) {
          if (!seen.add(name)) {
            throw new IdMaker.CollectError("duplicate parametrization of '" + name + "'");
          }
          if (name.equals("request")) {
            throw new IdMaker.CollectError(
                "'request' is a reserved name and cannot be used in @pytest.mark.parametrize");
          }
        }
        List<String> ids =
            idMaker.make(spec.argnames(), spec.sets(), spec.ids(), spec.idFunction());
        List<Call> next = new ArrayList<>(calls.size() * Math.max(1, ids.size()));
        for (Call call : calls) {
          for (int i = 0; i < ids.size(); i++) {
            List<String> pieces = new ArrayList<>(call.ids());
            if (ids.get(i) != null) {
              pieces.add(ids.get(i));
            }
            List<MarkRef> callMarks = new ArrayList<>(call.marks());
            callMarks.addAll(spec.sets().get(i).marks());
            next.add(new Call(pieces, callMarks));
          }
        }
        if (next.size() > Evaluator.MAX_ITEMS) {
          throw new Evaluator.NotStatic("more than " + Evaluator.MAX_ITEMS + " parameter sets");
        }
        calls = next;
      }
    } catch (Evaluator.NotStatic notStatic) {
      return new Result(
          List.of(), direct, indirect, "parametrize: " + notStatic.getMessage(), null,
          evaluator.assumptions());
    } catch (IdMaker.CollectError error) {
      return new Result(
          List.of(), direct, indirect, null, error.getMessage(), evaluator.assumptions());
    }
    return new Result(calls, direct, indirect, null, null, evaluator.assumptions());
  }

  /** The argument names of a mark whose values could not be read, when they can be. */
  private static void addArgnames(MarkRef mark, LinkContext context, Set<String> into) {
    PyExpr argnames = argument(mark, 0, "argnames");
    if (argnames == null) {
      return;
    }
    try {
      into.addAll(argnames(context.evaluator().eval(argnames, mark.scope())));
    } catch (Evaluator.NotStatic ignored) {
      // the names stay unknown; the test is reported dynamic anyway
    }
  }

  private static PyExpr argument(MarkRef mark, int position, String keyword) {
    PyExpr value = mark.positional(position);
    return value != null ? value : mark.keyword(keyword);
  }

  private static Spec spec(MarkRef mark, LinkContext context)
      throws Evaluator.NotStatic, IdMaker.CollectError {
    if (mark.hasUnpacking()) {
      throw new Evaluator.NotStatic("its arguments are unpacked with * or **");
    }
    Evaluator evaluator = context.evaluator();
    PyExpr argnamesExpr = argument(mark, 0, "argnames");
    PyExpr argvaluesExpr = argument(mark, 1, "argvalues");
    if (argnamesExpr == null || argvaluesExpr == null) {
      throw new IdMaker.CollectError("parametrize() needs argnames and argvalues");
    }
    PyValue argnamesValue = evaluator.eval(argnamesExpr, mark.scope());
    List<String> argnames = argnames(argnamesValue);
    boolean forceTuple = argnamesValue instanceof PyValue.Str && argnames.size() == 1;
    List<PyValue> argvalues = Values.iterate(evaluator.eval(argvaluesExpr, mark.scope()));
    List<IdMaker.ParameterSet> sets = new ArrayList<>();
    for (PyValue item : argvalues) {
      if (item instanceof PyValue.Param param) {
        List<MarkRef> marks = new ArrayList<>();
        for (MarkRef paramMark : param.marks()) {
          marks.add(
              paramMark.line() > 0
                  ? paramMark
                  : new MarkRef(
                      paramMark.name(),
                      paramMark.arguments(),
                      paramMark.scope(),
                      mark.file(),
                      mark.line()));
        }
        sets.add(new IdMaker.ParameterSet(param.values(), marks, param.id()));
      } else if (forceTuple) {
        sets.add(new IdMaker.ParameterSet(List.of(item), List.of(), null));
      } else {
        if (item instanceof PyValue.Unknown unknown) {
          throw new Evaluator.NotStatic(unknown.why());
        }
        List<PyValue> values = PyValue.iterate(item, Evaluator.MAX_ITEMS);
        if (values == null) {
          throw new IdMaker.CollectError(
              "a parameter set is not a sequence of " + argnames.size() + " values");
        }
        sets.add(new IdMaker.ParameterSet(values, List.of(), null));
      }
    }
    for (IdMaker.ParameterSet set : sets) {
      if (set.values().size() != argnames.size()) {
        throw new IdMaker.CollectError(
            "in \"parametrize\" the number of names ("
                + argnames.size()
                + ") must be equal to the number of values ("
                + set.values().size()
                + ")");
      }
    }
    if (sets.isEmpty()) {
      String markName = context.options().emptyParameterSetMark();
      if (markName.equals("fail_at_collect")) {
        throw new IdMaker.CollectError("Empty parameter set in '" + mark.name() + "'");
      }
      List<PyValue> notSet = new ArrayList<>();
      for (int i = 0; i < argnames.size(); i++) {
        notSet.add(new PyValue.Instance("NotSetType"));
      }
      MarkRef emptyMark =
          new MarkRef(
              markName.equals("xfail") ? "xfail" : "skip",
              List.of(
                  new PyExpr.Argument(
                      PyExpr.Argument.Kind.KEYWORD,
                      "reason",
                      new PyExpr.Str(
                          "got empty parameter set for (" + String.join(", ", argnames) + ")"),
                      PyText.strRepr(
                          "got empty parameter set for (" + String.join(", ", argnames) + ")"))),
              mark.scope(),
              mark.file(),
              mark.line());
      sets.add(new IdMaker.ParameterSet(notSet, List.of(emptyMark), new PyValue.Str("NOTSET")));
    }
    List<PyValue> ids = null;
    PyValue idFunction = null;
    PyExpr idsExpr = argument(mark, 3, "ids");
    if (idsExpr != null) {
      PyValue idsValue = evaluator.eval(idsExpr, mark.scope());
      if (idsValue instanceof PyValue.Named || idsValue instanceof PyValue.Lambda) {
        idFunction = idsValue;
      } else if (!(idsValue instanceof PyValue.None)) {
        ids = Values.iterate(idsValue);
        boolean sized = !(idsValue instanceof PyValue.Seq seq && seq.kind().equals("iterator"));
        if (sized && !ids.isEmpty() && ids.size() != sets.size()) {
          throw new IdMaker.CollectError(
              sets.size() + " parameter sets specified, with different number of ids: " + ids.size());
        }
        if (!sized && ids.size() > sets.size()) {
          ids = ids.subList(0, sets.size());
        }
      }
    }
    Set<String> indirect = new LinkedHashSet<>();
    PyExpr indirectExpr = argument(mark, 2, "indirect");
    if (indirectExpr != null) {
      PyValue indirectValue = evaluator.eval(indirectExpr, mark.scope());
      if (indirectValue instanceof PyValue.Bool flag) {
        if (flag.value()) {
          indirect.addAll(argnames);
        }
      } else {
        for (PyValue name : Values.iterate(indirectValue)) {
          if (!(name instanceof PyValue.Str str)) {
            throw new Evaluator.NotStatic("indirect= holds something that is not a name");
          }
          if (!argnames.contains(str.value())) {
            throw new IdMaker.CollectError(
                "indirect fixture '" + str.value() + "' doesn't exist");
          }
          indirect.add(str.value());
        }
      }
    }
    return new Spec(argnames, sets, ids, idFunction, indirect);
  }

  /** pytest's argnames parsing: {@code "a, b"} or a list/tuple of names. */
  static List<String> argnames(PyValue value) throws Evaluator.NotStatic {
    List<String> names = new ArrayList<>();
    if (value instanceof PyValue.Str str) {
      for (String part : str.value().split(",", -1)) {
        String name = part.strip();
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
      return names;
    }
    List<PyValue> items = PyValue.iterate(value, Evaluator.MAX_ITEMS);
    if (items == null || value instanceof PyValue.Dict) {
      throw new Evaluator.NotStatic("argnames is not a string or a sequence of names");
    }
    for (PyValue item : items) {
      if (!(item instanceof PyValue.Str str)) {
        throw new Evaluator.NotStatic("argnames holds something that is not a string");
      }
      names.add(str.value());
    }
    return names;
  }

  /**
   * The ids a fixture's {@code params=} give (pytest parametrizes the fixture's name with them,
   * indirectly), or null with the reason in {@code why[0]} when they cannot be computed.
   */
  static List<String> fixtureIds(
      String fixtureName, PyExpr params, PyExpr ids, Scope scope, LinkContext context, String[] why) {
    Evaluator evaluator = context.evaluator();
    try {
      List<IdMaker.ParameterSet> sets = new ArrayList<>();
      for (PyValue item : Values.iterate(evaluator.eval(params, scope))) {
        if (item instanceof PyValue.Param param) {
          sets.add(new IdMaker.ParameterSet(param.values(), param.marks(), param.id()));
        } else {
          sets.add(new IdMaker.ParameterSet(List.of(item), List.of(), null));
        }
      }
      for (IdMaker.ParameterSet set : sets) {
        if (set.values().size() != 1) {
          why[0] = "a fixture param with " + set.values().size() + " values";
          return null;
        }
      }
      if (sets.isEmpty()) {
        return List.of("NOTSET");
      }
      List<PyValue> idList = null;
      PyValue idFunction = null;
      if (ids != null) {
        PyValue idsValue = evaluator.eval(ids, scope);
        if (idsValue instanceof PyValue.Named || idsValue instanceof PyValue.Lambda) {
          idFunction = idsValue;
        } else if (!(idsValue instanceof PyValue.None)) {
          idList = Values.iterate(idsValue);
          if (!idList.isEmpty() && idList.size() != sets.size()) {
            why[0] = sets.size() + " params with " + idList.size() + " ids";
            return null;
          }
        }
      }
      List<String> result =
          new IdMaker(evaluator, context.options())
              .make(List.of(fixtureName), sets, idList, idFunction);
      List<String> visible = new ArrayList<>();
      for (String id : result) {
        visible.add(id == null ? "" : id);
      }
      return visible;
    } catch (Evaluator.NotStatic notStatic) {
      why[0] = notStatic.getMessage();
      return null;
    } catch (IdMaker.CollectError error) {
      why[0] = error.getMessage();
      return null;
    }
  }
}
