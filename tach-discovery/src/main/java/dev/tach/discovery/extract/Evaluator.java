package dev.tach.discovery.extract;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates the expressions discovery needs (parametrize arguments, {@code if} tests, {@code
 * __all__}, {@code __test__}) without running Python: literals, containers, arithmetic,
 * comparisons, comprehensions, a few builtins and {@code itertools}, names and attributes that
 * resolve to project definitions or module constants. Anything else throws {@link NotStatic}
 * saying why. Where it must guess (an object from a module it cannot read is assumed to have a
 * {@code __name__}), it records the assumption so the caller can report it.
 */
final class Evaluator {

  /** The most items one evaluated container or iteration may have. */
  static final int MAX_ITEMS = 100_000;

  /** Why an expression has no value discovery can compute. */
  static final class NotStatic extends Exception {
    private static final long serialVersionUID = 1L;

    NotStatic(String why) {
      super(why, null, false, false);
    }
  }

  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  /** Module constants of the standard library (and numpy) with a fixed value. */
  private static final Map<String, PyValue> CONSTANTS =
      Map.ofEntries(
          Map.entry("math.pi", new PyValue.Float(Math.PI)),
          Map.entry("math.e", new PyValue.Float(Math.E)),
          Map.entry("math.tau", new PyValue.Float(2 * Math.PI)),
          Map.entry("math.inf", new PyValue.Float(Double.POSITIVE_INFINITY)),
          Map.entry("math.nan", new PyValue.Float(Double.NaN)),
          Map.entry("cmath.pi", new PyValue.Float(Math.PI)),
          Map.entry("cmath.e", new PyValue.Float(Math.E)),
          Map.entry("cmath.inf", new PyValue.Float(Double.POSITIVE_INFINITY)),
          Map.entry("cmath.nan", new PyValue.Float(Double.NaN)),
          Map.entry("numpy.pi", new PyValue.Float(Math.PI)),
          Map.entry("numpy.e", new PyValue.Float(Math.E)),
          Map.entry("numpy.inf", new PyValue.Float(Double.POSITIVE_INFINITY)),
          Map.entry("numpy.nan", new PyValue.Float(Double.NaN)),
          Map.entry("numpy.newaxis", PyValue.NONE),
          Map.entry("sys.maxsize", new PyValue.Int(LONG_MAX)),
          Map.entry("typing.TYPE_CHECKING", PyValue.FALSE),
          Map.entry("pytest.HIDDEN_PARAM", new PyValue.Hidden()),
          Map.entry("string.ascii_lowercase", new PyValue.Str("abcdefghijklmnopqrstuvwxyz")),
          Map.entry("string.ascii_uppercase", new PyValue.Str("ABCDEFGHIJKLMNOPQRSTUVWXYZ")),
          Map.entry(
              "string.ascii_letters",
              new PyValue.Str("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")),
          Map.entry("string.digits", new PyValue.Str("0123456789")),
          Map.entry("string.hexdigits", new PyValue.Str("0123456789abcdefABCDEF")),
          Map.entry("string.octdigits", new PyValue.Str("01234567")),
          Map.entry("os.sep", new PyValue.Str("/")),
          Map.entry("os.linesep", new PyValue.Str("\n")));

  /** Outside classes whose instances have no {@code __name__}. */
  private static final Set<String> NAMELESS_INSTANCES =
      Set.of(
          "decimal.Decimal",
          "fractions.Fraction",
          "datetime.date",
          "datetime.datetime",
          "datetime.time",
          "datetime.timedelta",
          "datetime.timezone",
          "pathlib.Path",
          "pathlib.PurePath",
          "pathlib.PosixPath",
          "pathlib.PurePosixPath",
          "pathlib.WindowsPath",
          "pathlib.PureWindowsPath",
          "collections.OrderedDict",
          "collections.defaultdict",
          "collections.Counter",
          "collections.deque",
          "collections.ChainMap",
          "types.SimpleNamespace",
          "uuid.UUID",
          "array.array",
          "functools.partial",
          "numpy.array",
          "numpy.asarray",
          "numpy.zeros",
          "numpy.ones",
          "numpy.empty",
          "numpy.full",
          "numpy.arange",
          "numpy.linspace",
          "numpy.eye",
          "numpy.identity",
          "numpy.dtype",
          "numpy.matrix",
          "numpy.random.default_rng",
          "numpy.random.RandomState",
          "scipy.sparse.csr_array",
          "scipy.sparse.csr_matrix",
          "scipy.sparse.csc_array",
          "scipy.sparse.csc_matrix",
          "scipy.sparse.coo_array",
          "scipy.sparse.coo_matrix",
          "scipy.sparse.lil_array",
          "scipy.sparse.lil_matrix",
          "scipy.sparse.dok_array",
          "scipy.sparse.dok_matrix",
          "io.StringIO",
          "io.BytesIO",
          "builtins.object",
          "builtins.iter",
          "builtins.map",
          "builtins.filter",
          "builtins.bytearray",
          "builtins.memoryview",
          "builtins.slice");

  private final LinkContext context;
  private final Map<String, Object> values = new HashMap<>();
  private final Set<String> assumptions = new LinkedHashSet<>();

  Evaluator(LinkContext context) {
    this.context = context;
  }

  /** Starts recording the guesses the next evaluations make. */
  void clearAssumptions() {
    assumptions.clear();
  }

  /** Calls a lambda with positional arguments. */
  PyValue callLambda(PyValue.Lambda function, List<PyValue> arguments) throws NotStatic {
    PyExpr.Lambda lambda = function.lambda();
    if (lambda.parameters() == null || lambda.parameters().size() != arguments.size()) {
      throw new NotStatic("calling " + lambda.source());
    }
    Map<String, PyValue> bound = new HashMap<>();
    for (int i = 0; i < arguments.size(); i++) {
      bound.put(lambda.parameters().get(i), arguments.get(i));
    }
    return eval(lambda.body(), new Env(function.scope(), function.closure()).with(bound));
  }

  /** A value computed from an unknown one: unknown too, and not presumed to be anything. */
  private static PyValue lazy(PyValue unknown) {
    return new PyValue.Unknown(((PyValue.Unknown) unknown).why(), null);
  }

  /** Records a guess a result relies on. */
  void assume(String assumption) {
    assumptions.add(assumption);
  }

  /** The guesses made since {@link #clearAssumptions()}. */
  List<String> assumptions() {
    return List.copyOf(assumptions);
  }

  /** The comprehension variables in scope; {@code parent} for nested comprehensions. */
  private record Env(Scope scope, Map<String, PyValue> locals) {
    Env with(Map<String, PyValue> more) {
      Map<String, PyValue> merged = new HashMap<>(locals);
      merged.putAll(more);
      return new Env(scope, merged);
    }
  }

  PyValue eval(PyExpr expression, Scope scope) throws NotStatic {
    return eval(expression, new Env(scope, Map.of()));
  }

  private PyValue eval(PyExpr expression, Env env) throws NotStatic {
    if (expression instanceof PyExpr.Str str) {
      return new PyValue.Str(str.value());
    }
    if (expression instanceof PyExpr.Num num) {
      return number(num.literal());
    }
    if (expression instanceof PyExpr.Constant constant) {
      return switch (constant.name()) {
        case "True" -> PyValue.TRUE;
        case "False" -> PyValue.FALSE;
        case "None" -> PyValue.NONE;
        default -> new PyValue.Instance("ellipsis");
      };
    }
    if (expression instanceof PyExpr.Bytes bytes) {
      return new PyValue.Bytes(bytes.value());
    }
    if (expression instanceof PyExpr.Name name) {
      PyValue local = env.locals().get(name.id());
      if (local != null) {
        return local;
      }
      Sym symbol = context.resolveName(name.id(), env.scope());
      if (symbol == null) {
        throw new NotStatic("name " + name.id() + " is not defined");
      }
      return valueOf(symbol, env.scope());
    }
    if (expression instanceof PyExpr.Attribute attribute) {
      return attribute(attribute, env);
    }
    if (expression instanceof PyExpr.Call call) {
      return call(call, env);
    }
    if (expression instanceof PyExpr.Sequence sequence) {
      List<PyValue> items = new ArrayList<>();
      for (PyExpr item : sequence.items()) {
        if (item instanceof PyExpr.Starred starred) {
          PyValue unpacked = eval(starred.value(), env);
          if (unpacked instanceof PyValue.Unknown) {
            return lazy(unpacked);
          }
          items.addAll(iterate(unpacked));
        } else {
          items.add(eval(item, env));
        }
        checkSize(items.size());
      }
      if (sequence.kind().equals("set")) {
        return set(items);
      }
      return new PyValue.Seq(sequence.kind(), items);
    }
    if (expression instanceof PyExpr.Dict dict) {
      List<PyValue> keys = new ArrayList<>();
      List<PyValue> dictValues = new ArrayList<>();
      for (int i = 0; i < dict.keys().size(); i++) {
        PyExpr key = dict.keys().get(i);
        if (key instanceof PyExpr.Constant constant && constant.name().equals("**")) {
          PyValue merged = eval(dict.values().get(i), env);
          if (!(merged instanceof PyValue.Dict other)) {
            throw new NotStatic("** of a value that is not a known dict");
          }
          for (int j = 0; j < other.keys().size(); j++) {
            put(keys, dictValues, other.keys().get(j), other.values().get(j));
          }
        } else {
          put(keys, dictValues, eval(key, env), eval(dict.values().get(i), env));
        }
      }
      return new PyValue.Dict(keys, dictValues);
    }
    if (expression instanceof PyExpr.Unary unary) {
      PyValue operand = eval(unary.operand(), env);
      return operand instanceof PyValue.Unknown ? lazy(operand) : unary(unary.op(), operand);
    }
    if (expression instanceof PyExpr.Binary binary) {
      PyValue left = eval(binary.left(), env);
      PyValue right = eval(binary.right(), env);
      if (left instanceof PyValue.Unknown || right instanceof PyValue.Unknown) {
        return lazy(left instanceof PyValue.Unknown ? left : right);
      }
      return binary(left, binary.op(), right);
    }
    if (expression instanceof PyExpr.BoolOp boolOp) {
      PyValue result = null;
      for (PyExpr operand : boolOp.values()) {
        result = eval(operand, env);
        boolean truth = truth(result);
        if (boolOp.op().equals("and") ? !truth : truth) {
          return result;
        }
      }
      return result;
    }
    if (expression instanceof PyExpr.Compare compare) {
      PyValue left = eval(compare.left(), env);
      for (int i = 0; i < compare.ops().size(); i++) {
        PyValue right = eval(compare.comparators().get(i), env);
        if (!compare(left, compare.ops().get(i), right)) {
          return PyValue.FALSE;
        }
        left = right;
      }
      return PyValue.TRUE;
    }
    if (expression instanceof PyExpr.IfElse ifElse) {
      return truth(eval(ifElse.test(), env))
          ? eval(ifElse.body(), env)
          : eval(ifElse.orElse(), env);
    }
    if (expression instanceof PyExpr.Subscript subscript) {
      PyValue value = eval(subscript.value(), env);
      return value instanceof PyValue.Unknown ? lazy(value) : subscript(value, subscript.index(), env);
    }
    if (expression instanceof PyExpr.Comprehension comprehension) {
      return comprehension(comprehension, env);
    }
    if (expression instanceof PyExpr.Lambda lambda) {
      return new PyValue.Lambda(lambda, env.scope(), env.locals());
    }
    if (expression instanceof PyExpr.FString fString) {
      StringBuilder text = new StringBuilder();
      for (PyExpr part : fString.parts()) {
        if (part instanceof PyExpr.Str literal) {
          text.append(literal.value());
          continue;
        }
        PyExpr.FormattedValue field = (PyExpr.FormattedValue) part;
        PyValue value = eval(field.value(), env);
        if (value instanceof PyValue.Unknown) {
          return lazy(value);
        }
        text.append(field.debugText());
        String conversion = field.conversion();
        if (conversion.isEmpty() && !field.debugText().isEmpty() && field.formatSpec().isEmpty()) {
          conversion = "r";
        }
        switch (conversion) {
          case "r" -> value = new PyValue.Str(repr(value));
          case "s" -> value = new PyValue.Str(str(value));
          case "" -> {}
          default -> throw new NotStatic("f-string conversion !" + conversion);
        }
        text.append(PyFormat.format(value, field.formatSpec(), this));
      }
      return new PyValue.Str(text.toString());
    }
    if (expression instanceof PyExpr.Opaque opaque) {
      throw new NotStatic("cannot evaluate " + opaque.source());
    }
    throw new NotStatic("cannot evaluate " + expression.getClass().getSimpleName());
  }

  // names and attributes

  /** The value a symbol stands for. */
  PyValue valueOf(Sym symbol, Scope at) throws NotStatic {
    if (symbol instanceof Sym.Function function) {
      return new PyValue.Named(function.function().name(), symbol);
    }
    if (symbol instanceof Sym.Klass klass) {
      return new PyValue.Named(klass.scope().name(), symbol);
    }
    if (symbol instanceof Sym.Module module) {
      return new PyValue.Named(module.name(), symbol);
    }
    if (symbol instanceof Sym.Builtin builtin) {
      return switch (builtin.name()) {
        case "__debug__" -> PyValue.TRUE;
        case "NotImplemented" -> new PyValue.Instance("NotImplementedType");
        case "Ellipsis" -> new PyValue.Instance("ellipsis");
        default -> new PyValue.Named(builtin.name(), symbol);
      };
    }
    if (symbol instanceof Sym.External external) {
      return external(LinkContext.canonical(external.dotted()), symbol, at);
    }
    if (symbol instanceof Sym.Value value) {
      return assigned(value);
    }
    throw new NotStatic(((Sym.Unknown) symbol).why());
  }

  private PyValue assigned(Sym.Value value) throws NotStatic {
    Scope scope = value.scope();
    String key =
        scope.module().moduleName()
            + "\0"
            + (scope.owner() == null ? "" : scope.owner().qualname())
            + "\0"
            + scope.position()
            + "\0"
            + value.name();
    Object cached = values.get(key);
    if (cached instanceof Cached hit) {
      assumptions.addAll(hit.assumptions());
      if (hit.failure() != null) {
        throw new NotStatic(hit.failure());
      }
      return hit.value();
    }
    if (!context.enter(key)) {
      throw new NotStatic(value.name() + " refers to itself");
    }
    Set<String> outer = new LinkedHashSet<>(assumptions);
    assumptions.clear();
    try {
      PyValue result = eval(value.expression(), value.scope());
      values.put(key, new Cached(result, null, List.copyOf(assumptions)));
      return result;
    } catch (NotStatic notStatic) {
      String why = value.name() + ": " + notStatic.getMessage();
      values.put(key, new Cached(null, why, List.copyOf(assumptions)));
      throw new NotStatic(why);
    } finally {
      context.leave(key);
      Set<String> inner = new LinkedHashSet<>(assumptions);
      assumptions.clear();
      assumptions.addAll(outer);
      assumptions.addAll(inner);
    }
  }

  private record Cached(PyValue value, String failure, List<String> assumptions) {}

  private PyValue external(String dotted, Sym symbol, Scope at) throws NotStatic {
    PyValue constant = CONSTANTS.get(dotted);
    if (constant != null) {
      return constant;
    }
    if (dotted.startsWith("pytest.mark.") && dotted.indexOf('.', "pytest.mark.".length()) < 0) {
      return new PyValue.Mark(
          new MarkRef(
              dotted.substring("pytest.mark.".length()),
              List.of(),
              at,
              at.module().path(),
              0));
    }
    switch (dotted) {
      case "sys.version_info" -> {
        LinkOptions.PythonTarget target =
            context.options().target().orElseThrow(() -> new NotStatic("target Python unknown"));
        return new PyValue.VersionInfo(target.major(), target.minor());
      }
      case "sys.platform" -> {
        LinkOptions.PythonTarget target =
            context.options().target().orElseThrow(() -> new NotStatic("target platform unknown"));
        return new PyValue.Str(target.platform());
      }
      default -> {}
    }
    String last = dotted.substring(dotted.lastIndexOf('.') + 1);
    if (last.chars().anyMatch(Character::isLetter)
        && last.chars().allMatch(c -> c == '_' || Character.isDigit(c) || Character.isUpperCase(c))
        && last.length() > 1) {
      throw new NotStatic("the value of " + dotted + " is not known statically");
    }
    return new PyValue.Named(
        last, symbol, "assumes " + dotted + " is a function or class named " + last);
  }

  /** Whether an outside name has a value this evaluator knows (not just a name). */
  private static boolean isKnownValue(String dotted) {
    String name = LinkContext.canonical(dotted);
    return CONSTANTS.containsKey(name) || name.equals("sys.platform") || name.equals("sys.version_info");
  }

  private PyValue attribute(PyExpr.Attribute attribute, Env env) throws NotStatic {
    if (!computedRoot(attribute, env)) {
      Sym owner = context.resolveExpr(attribute.value(), env.scope());
      if (owner instanceof Sym.Klass klass && klass.scope().model(context).enumBase() != null) {
        return enumMember(klass, attribute.attr());
      }
      if (owner instanceof Sym.Module
          || owner instanceof Sym.External
          || owner instanceof Sym.Builtin
          || owner instanceof Sym.Klass) {
        return valueOf(context.attribute(owner, attribute.attr()), env.scope());
      }
    }
    PyValue owner = eval(attribute.value(), env);
    if (owner instanceof PyValue.VersionInfo version) {
      switch (attribute.attr()) {
        case "major" -> {
          return PyValue.ofInt(version.major());
        }
        case "minor" -> {
          return PyValue.ofInt(version.minor());
        }
        default -> throw new NotStatic("sys.version_info." + attribute.attr() + " is not known");
      }
    }
    if (owner instanceof PyValue.Named named && named.symbol() != null) {
      return valueOf(context.attribute(named.symbol(), attribute.attr()), env.scope());
    }
    if (owner instanceof PyValue.Complex complex) {
      if (attribute.attr().equals("real")) {
        return new PyValue.Float(complex.real());
      }
      if (attribute.attr().equals("imag")) {
        return new PyValue.Float(complex.imag());
      }
    }
    if (owner instanceof PyValue.Unknown unknown) {
      return new PyValue.Unknown(unknown.why(), null);
    }
    return new PyValue.Unknown(
        "attribute " + attribute.attr() + " of " + describeValue(owner), null);
  }

  /** Whether a dotted expression starts at a comprehension variable or a computed value. */
  private static boolean computedRoot(PyExpr expression, Env env) {
    PyExpr root = expression;
    while (root instanceof PyExpr.Attribute attribute) {
      root = attribute.value();
    }
    return root instanceof PyExpr.Name name && env.locals().containsKey(name.id())
        || !(root instanceof PyExpr.Name);
  }

  private PyValue enumMember(Sym.Klass klass, String attr) throws NotStatic {
    ClassModel model = klass.scope().model(context);
    if (!model.enumBase().equals("enum.Enum") || model.incomplete() != null) {
      throw new NotStatic(
          "str() of " + klass.scope().name() + "." + attr + " depends on " + model.enumBase());
    }
    ClassModel.Lookup found = model.attribute(attr, context);
    if (found.definer() == null || !(found.symbol() instanceof Sym.Value)) {
      throw new NotStatic(klass.scope().name() + "." + attr + " is not a plain enum member");
    }
    if (attr.startsWith("_")) {
      throw new NotStatic(klass.scope().name() + "." + attr + " is not an enum member");
    }
    return new PyValue.EnumMember(found.definer().name() + "." + attr);
  }

  // calls

  private PyValue call(PyExpr.Call call, Env env) throws NotStatic {
    PyExpr function = call.function();
    if (function instanceof PyExpr.Name || function instanceof PyExpr.Attribute) {
      if (!computedRoot(function, env)) {
        MarkRef mark = Marks.markOf(call, env.scope(), env.scope().module().path(), 0, context);
        if (mark != null) {
          return new PyValue.Mark(mark);
        }
      }
      Sym symbol = calleeSymbol(function, env);
      if (symbol instanceof Sym.Value value) {
        PyValue callee = assigned(value);
        if (callee instanceof PyValue.Named named && named.symbol() != null) {
          symbol = named.symbol();
        } else if (callee instanceof PyValue.Lambda lambda) {
          return callLambda(lambda, arguments(call, env).positional());
        }
      }
      if (symbol != null && !(symbol instanceof Sym.Value)) {
        return callSymbol(symbol, call, env);
      }
    }
    if (function instanceof PyExpr.Attribute method) {
      PyValue owner = eval(method.value(), env);
      if (owner instanceof PyValue.Named named && named.symbol() != null) {
        return callSymbol(context.attribute(named.symbol(), method.attr()), call, env);
      }
      return callMethod(owner, method.attr(), arguments(call, env));
    }
    return new PyValue.Unknown("the result of calling " + describe(function), null);
  }

  /**
   * What a called name refers to, or null when it is a method of a computed value (such as
   * {@code CASES.items}) or of a comprehension variable.
   */
  private Sym calleeSymbol(PyExpr function, Env env) {
    if (computedRoot(function, env)) {
      return null;
    }
    if (function instanceof PyExpr.Attribute attribute) {
      Sym owner = context.resolveExpr(attribute.value(), env.scope());
      if (owner instanceof Sym.External external && isKnownValue(external.dotted())) {
        return null; // a method of a known constant, such as sys.platform.startswith
      }
      if (owner instanceof Sym.Module
          || owner instanceof Sym.External
          || owner instanceof Sym.Builtin
          || owner instanceof Sym.Klass) {
        return context.attribute(owner, attribute.attr());
      }
      return null;
    }
    return context.resolveExpr(function, env.scope());
  }

  /** Evaluated arguments of a call. */
  private record Args(List<PyValue> positional, Map<String, PyValue> keywords) {
    PyValue keyword(String name) {
      return keywords.get(name);
    }
  }

  private Args arguments(PyExpr.Call call, Env env) throws NotStatic {
    List<PyValue> positional = new ArrayList<>();
    Map<String, PyValue> keywords = new HashMap<>();
    for (PyExpr.Argument argument : call.arguments()) {
      switch (argument.kind()) {
        case POSITIONAL -> positional.add(eval(argument.value(), env));
        case STAR -> positional.addAll(iterate(eval(argument.value(), env)));
        case KEYWORD -> keywords.put(argument.keyword(), eval(argument.value(), env));
        case DOUBLE_STAR -> {
          PyValue mapping = eval(argument.value(), env);
          if (!(mapping instanceof PyValue.Dict dict)) {
            throw new NotStatic("** of a value that is not a known dict");
          }
          for (int i = 0; i < dict.keys().size(); i++) {
            if (!(dict.keys().get(i) instanceof PyValue.Str key)) {
              throw new NotStatic("** with keys that are not strings");
            }
            keywords.put(key.value(), dict.values().get(i));
          }
        }
      }
    }
    return new Args(positional, keywords);
  }

  private PyValue callSymbol(Sym symbol, PyExpr.Call call, Env env) throws NotStatic {
    String name = LinkContext.qualifiedName(symbol);
    if (name.equals("pytest.param")) {
      return param(call, env);
    }
    if (symbol instanceof Sym.Klass klass) {
      return instance(klass);
    }
    if (name.startsWith("builtins.")) {
      Args args = arguments(call, env);
      for (PyValue argument : args.positional()) {
        if (argument instanceof PyValue.Unknown) {
          return lazy(argument);
        }
      }
      return builtin(name.substring("builtins.".length()), args);
    }
    if (name.startsWith("itertools.")) {
      return itertools(name.substring("itertools.".length()), arguments(call, env));
    }
    if (name.equals("re.compile")) {
      Args args = arguments(call, env);
      if (!args.positional().isEmpty() && args.positional().get(0) instanceof PyValue.Str str) {
        return new PyValue.Pattern(str.value());
      }
      if (!args.positional().isEmpty() && args.positional().get(0) instanceof PyValue.Bytes) {
        throw new NotStatic("a bytes pattern");
      }
    }
    if (NAMELESS_INSTANCES.contains(name)) {
      return new PyValue.Instance(name);
    }
    if (name.equals("textwrap.dedent")) {
      Args args = arguments(call, env);
      if (args.positional().size() == 1 && args.positional().get(0) instanceof PyValue.Str str) {
        return new PyValue.Str(dedent(str.value()));
      }
    }
    if (symbol instanceof Sym.Function function) {
      return new PyValue.Unknown(
          "the result of calling " + function.function().name() + "()",
          "assumes " + function.function().name() + "() returns an object without a __name__");
    }
    if (symbol instanceof Sym.Unknown unknown) {
      return new PyValue.Unknown(unknown.why(), null);
    }
    return new PyValue.Unknown(
        "the result of calling " + (name.isEmpty() ? describe(call.function()) : name), null);
  }

  /** An instance of a project class, when Python gives it no {@code __name__}. */
  private PyValue instance(Sym.Klass klass) throws NotStatic {
    ClassModel model = klass.scope().model(context);
    String shown = klass.scope().name();
    if (model.incomplete() != null) {
      throw new NotStatic("an instance of " + shown + ", whose " + model.incomplete());
    }
    if (model.enumBase() != null) {
      throw new NotStatic("an enum value made by calling " + shown);
    }
    for (ClassModel.Entry entry : model.mro()) {
      if (entry.external() != null
          && entry.external().startsWith("builtins.")
          && !entry.external().equals("builtins.object")) {
        throw new NotStatic("an instance of " + shown + ", a subclass of " + entry.external());
      }
    }
    for (String special : List.of("__name__", "__getattr__", "__getattribute__")) {
      if (model.attribute(special, context).symbol() != null) {
        throw new NotStatic("an instance of " + shown + ", which defines " + special);
      }
    }
    return new PyValue.Instance(klass.scope().fullName());
  }

  private PyValue param(PyExpr.Call call, Env env) throws NotStatic {
    List<PyValue> valuesOf = new ArrayList<>();
    List<MarkRef> marks = new ArrayList<>();
    PyValue id = null;
    for (PyExpr.Argument argument : call.arguments()) {
      switch (argument.kind()) {
        case POSITIONAL -> valuesOf.add(eval(argument.value(), env));
        case STAR -> valuesOf.addAll(iterate(eval(argument.value(), env)));
        case KEYWORD -> {
          if (argument.keyword().equals("id")) {
            id = eval(argument.value(), env);
          } else if (argument.keyword().equals("marks")) {
            PyValue markValue = eval(argument.value(), env);
            if (markValue instanceof PyValue.Mark mark) {
              marks.add(mark.mark());
            } else {
              for (PyValue item : iterate(markValue)) {
                if (!(item instanceof PyValue.Mark mark)) {
                  throw new NotStatic("pytest.param marks= holds something that is not a mark");
                }
                marks.add(mark.mark());
              }
            }
          } else {
            throw new NotStatic("pytest.param() got an unexpected keyword " + argument.keyword());
          }
        }
        case DOUBLE_STAR -> throw new NotStatic("pytest.param(**...)");
      }
    }
    if (id instanceof PyValue.None) {
      id = null;
    }
    if (id != null && !(id instanceof PyValue.Str) && !(id instanceof PyValue.Hidden)) {
      throw new NotStatic("pytest.param id= must be a string");
    }
    return new PyValue.Param(valuesOf, marks, id);
  }

  private PyValue builtin(String name, Args args) throws NotStatic {
    List<PyValue> p = args.positional();
    switch (name) {
      case "range" -> {
        List<BigInteger> ints = new ArrayList<>();
        for (PyValue value : p) {
          ints.add(integer(value));
        }
        if (ints.isEmpty() || ints.size() > 3) {
          throw new NotStatic("range() with " + ints.size() + " arguments");
        }
        BigInteger start = ints.size() == 1 ? BigInteger.ZERO : ints.get(0);
        BigInteger stop = ints.size() == 1 ? ints.get(0) : ints.get(1);
        BigInteger step = ints.size() == 3 ? ints.get(2) : BigInteger.ONE;
        if (step.signum() == 0) {
          throw new NotStatic("range() step is zero");
        }
        return new PyValue.Range(start, stop, step);
      }
      case "list", "tuple" -> {
        return new PyValue.Seq(name, p.isEmpty() ? List.of() : iterate(p.get(0)));
      }
      case "set", "frozenset" -> {
        return set(p.isEmpty() ? List.of() : iterate(p.get(0)));
      }
      case "dict" -> {
        List<PyValue> keys = new ArrayList<>();
        List<PyValue> dictValues = new ArrayList<>();
        if (!p.isEmpty()) {
          PyValue source = p.get(0);
          if (source instanceof PyValue.Dict dict) {
            for (int i = 0; i < dict.keys().size(); i++) {
              put(keys, dictValues, dict.keys().get(i), dict.values().get(i));
            }
          } else {
            for (PyValue pair : iterate(source)) {
              List<PyValue> kv = iterate(pair);
              if (kv.size() != 2) {
                throw new NotStatic("dict() of items that are not pairs");
              }
              put(keys, dictValues, kv.get(0), kv.get(1));
            }
          }
        }
        for (Map.Entry<String, PyValue> keyword : args.keywords().entrySet()) {
          put(keys, dictValues, new PyValue.Str(keyword.getKey()), keyword.getValue());
        }
        return new PyValue.Dict(keys, dictValues);
      }
      case "zip" -> {
        List<List<PyValue>> sources = new ArrayList<>();
        int length = Integer.MAX_VALUE;
        for (PyValue value : p) {
          List<PyValue> items = iterate(value);
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
                ? integer(p.get(1))
                : args.keyword("start") != null ? integer(args.keyword("start")) : BigInteger.ZERO;
        List<PyValue> tuples = new ArrayList<>();
        for (PyValue item : iterate(p.get(0))) {
          tuples.add(new PyValue.Seq("tuple", List.of(new PyValue.Int(start), item)));
          start = start.add(BigInteger.ONE);
        }
        return new PyValue.Seq("iterator", tuples);
      }
      case "reversed" -> {
        List<PyValue> items = new ArrayList<>(iterate(p.get(0)));
        java.util.Collections.reverse(items);
        return new PyValue.Seq("iterator", items);
      }
      case "sorted" -> {
        if (args.keyword("key") != null && !(args.keyword("key") instanceof PyValue.None)) {
          throw new NotStatic("sorted() with a key function");
        }
        List<PyValue> items = new ArrayList<>(iterate(p.get(0)));
        sort(items);
        if (args.keyword("reverse") != null && truth(args.keyword("reverse"))) {
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
        return PyValue.ofInt(iterate(value).size());
      }
      case "str" -> {
        return new PyValue.Str(p.isEmpty() ? "" : str(p.get(0)));
      }
      case "repr" -> {
        return new PyValue.Str(repr(p.get(0)));
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
            throw new NotStatic("int() of " + PyText.strRepr(str.value()));
          }
        }
        if (value instanceof PyValue.Float f && !Double.isNaN(f.value()) && !Double.isInfinite(f.value())) {
          return new PyValue.Int(new BigDecimal(f.value()).toBigInteger());
        }
        return new PyValue.Int(integer(value));
      }
      case "float" -> {
        if (p.isEmpty()) {
          return new PyValue.Float(0);
        }
        PyValue value = p.get(0);
        if (value instanceof PyValue.Str str) {
          return new PyValue.Float(parseFloat(str.value()));
        }
        return new PyValue.Float(toDouble(value));
      }
      case "bool" -> {
        return PyValue.ofBool(!p.isEmpty() && truth(p.get(0)));
      }
      case "complex" -> {
        PyValue real = p.isEmpty() ? args.keyword("real") : p.get(0);
        PyValue imag = p.size() > 1 ? p.get(1) : args.keyword("imag");
        if (real instanceof PyValue.Str) {
          throw new NotStatic("complex() of a string");
        }
        double[] a = real == null ? new double[] {0, 0} : complex(real);
        double[] b = imag == null ? new double[] {0, 0} : complex(imag);
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
        throw new NotStatic("abs() of a value that is not a number");
      }
      case "min", "max" -> {
        List<PyValue> items = p.size() == 1 ? new ArrayList<>(iterate(p.get(0))) : new ArrayList<>(p);
        if (items.isEmpty() || args.keyword("key") != null) {
          throw new NotStatic(name + "() of an empty or keyed sequence");
        }
        PyValue best = items.get(0);
        for (PyValue item : items.subList(1, items.size())) {
          int order = order(item, best);
          if (name.equals("min") ? order < 0 : order > 0) {
            best = item;
          }
        }
        return best;
      }
      case "sum" -> {
        PyValue total = p.size() > 1 ? p.get(1) : PyValue.ofInt(0);
        for (PyValue item : iterate(p.get(0))) {
          total = binary(total, "+", item);
        }
        return total;
      }
      case "object" -> {
        return new PyValue.Instance("builtins.object");
      }
      default -> {
        if (NAMELESS_INSTANCES.contains("builtins." + name)) {
          return new PyValue.Instance("builtins." + name);
        }
        throw new NotStatic("the result of calling " + name + "()");
      }
    }
  }

  private PyValue itertools(String name, Args args) throws NotStatic {
    List<PyValue> p = args.positional();
    switch (name) {
      case "product" -> {
        int repeat = args.keyword("repeat") == null ? 1 : integer(args.keyword("repeat")).intValue();
        List<List<PyValue>> pools = new ArrayList<>();
        for (int r = 0; r < repeat; r++) {
          for (PyValue value : p) {
            pools.add(iterate(value));
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
              checkSize(next.size());
            }
          }
          result = next;
        }
        return tuples(result);
      }
      case "combinations", "permutations" -> {
        List<PyValue> pool = iterate(p.get(0));
        PyValue rValue = p.size() > 1 ? p.get(1) : args.keyword("r");
        int r = rValue == null || rValue instanceof PyValue.None ? pool.size() : integer(rValue).intValue();
        if (name.equals("combinations") && rValue == null) {
          throw new NotStatic("combinations() needs r");
        }
        List<List<PyValue>> result = new ArrayList<>();
        choose(pool, r, name.equals("permutations"), new ArrayList<>(), new boolean[pool.size()], 0, result);
        return tuples(result);
      }
      case "chain" -> {
        List<PyValue> items = new ArrayList<>();
        for (PyValue value : p) {
          items.addAll(iterate(value));
          checkSize(items.size());
        }
        return new PyValue.Seq("iterator", items);
      }
      case "chain.from_iterable" -> {
        List<PyValue> items = new ArrayList<>();
        for (PyValue value : iterate(p.get(0))) {
          items.addAll(iterate(value));
          checkSize(items.size());
        }
        return new PyValue.Seq("iterator", items);
      }
      case "repeat" -> {
        PyValue times = p.size() > 1 ? p.get(1) : args.keyword("times");
        if (times == null) {
          throw new NotStatic("an endless itertools.repeat()");
        }
        int count = integer(times).intValue();
        checkSize(count);
        List<PyValue> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          items.add(p.get(0));
        }
        return new PyValue.Seq("iterator", items);
      }
      default -> throw new NotStatic("the result of itertools." + name + "()");
    }
  }

  private void choose(
      List<PyValue> pool,
      int r,
      boolean ordered,
      List<PyValue> prefix,
      boolean[] used,
      int from,
      List<List<PyValue>> out)
      throws NotStatic {
    if (prefix.size() == r) {
      out.add(List.copyOf(prefix));
      checkSize(out.size());
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

  private static PyValue tuples(List<List<PyValue>> rows) {
    List<PyValue> items = new ArrayList<>(rows.size());
    for (List<PyValue> row : rows) {
      items.add(new PyValue.Seq("tuple", row));
    }
    return new PyValue.Seq("iterator", items);
  }

  private PyValue callMethod(PyValue owner, String method, Args args) throws NotStatic {
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
        throw new NotStatic("bytes that are not UTF-8");
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
            throw new NotStatic("str.split() with maxsplit");
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
            throw new NotStatic("str.split() with an odd separator");
          }
          return new PyValue.Seq("list", parts);
        }
        case "join" -> {
          StringBuilder joined = new StringBuilder();
          List<PyValue> items = iterate(p.get(0));
          for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof PyValue.Str part)) {
              throw new NotStatic("str.join() of items that are not strings");
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
                throw new NotStatic("str." + method + "() of a value that is not a str");
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
          return new PyValue.Str(StrFormat.format(text, p, args.keywords(), this));
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
        "the result of ." + method + "() on " + describeValue(owner), null);
  }

  // operators

  private PyValue unary(String op, PyValue value) throws NotStatic {
    switch (op) {
      case "not" -> {
        return PyValue.ofBool(!truth(value));
      }
      case "-" -> {
        if (value instanceof PyValue.Bool || value instanceof PyValue.Int) {
          return new PyValue.Int(integer(value).negate());
        }
        if (value instanceof PyValue.Float f) {
          return new PyValue.Float(-f.value());
        }
        if (value instanceof PyValue.Complex c) {
          return new PyValue.Complex(-c.real(), -c.imag());
        }
      }
      case "+" -> {
        if (value instanceof PyValue.Bool || value instanceof PyValue.Int) {
          return new PyValue.Int(integer(value));
        }
        if (value instanceof PyValue.Float || value instanceof PyValue.Complex) {
          return value;
        }
      }
      case "~" -> {
        if (value instanceof PyValue.Bool || value instanceof PyValue.Int) {
          return new PyValue.Int(integer(value).not());
        }
      }
      default -> {}
    }
    throw new NotStatic("unary " + op + " of a value that is not a number");
  }

  private PyValue binary(PyValue left, String op, PyValue right) throws NotStatic {
    if (isNumber(left) && isNumber(right)) {
      return arithmetic(left, op, right);
    }
    if (op.equals("+")) {
      if (left instanceof PyValue.Str a && right instanceof PyValue.Str b) {
        return new PyValue.Str(a.value() + b.value());
      }
      if (left instanceof PyValue.Bytes a && right instanceof PyValue.Bytes b) {
        return new PyValue.Bytes(a.value() + b.value());
      }
      if (left instanceof PyValue.Seq a
          && right instanceof PyValue.Seq b
          && a.kind().equals(b.kind())
          && !a.kind().equals("set")
          && !a.kind().equals("iterator")) {
        List<PyValue> items = new ArrayList<>(a.items());
        items.addAll(b.items());
        checkSize(items.size());
        return new PyValue.Seq(a.kind(), items);
      }
    }
    if (op.equals("*")) {
      if (isInteger(right) && !isNumber(left)) {
        return repeat(left, integer(right));
      }
      if (isInteger(left) && !isNumber(right)) {
        return repeat(right, integer(left));
      }
    }
    if (op.equals("%") && left instanceof PyValue.Str format) {
      return new PyValue.Str(StrFormat.percent(format.value(), right, this));
    }
    if (op.equals("|") && left instanceof PyValue.Dict a && right instanceof PyValue.Dict b) {
      List<PyValue> keys = new ArrayList<>(a.keys());
      List<PyValue> dictValues = new ArrayList<>(a.values());
      for (int i = 0; i < b.keys().size(); i++) {
        put(keys, dictValues, b.keys().get(i), b.values().get(i));
      }
      return new PyValue.Dict(keys, dictValues);
    }
    for (PyValue side : List.of(left, right)) {
      if (side instanceof PyValue.Unknown unknown) {
        throw new NotStatic(unknown.why());
      }
    }
    throw new NotStatic("operator " + op + " on these values");
  }

  private PyValue repeat(PyValue value, BigInteger times) throws NotStatic {
    int count = Math.max(0, times.min(BigInteger.valueOf(MAX_ITEMS + 1L)).intValue());
    if (value instanceof PyValue.Str str) {
      checkSize((long) str.value().length() * count);
      return new PyValue.Str(str.value().repeat(count));
    }
    if (value instanceof PyValue.Bytes bytes) {
      checkSize((long) bytes.value().length() * count);
      return new PyValue.Bytes(bytes.value().repeat(count));
    }
    if (value instanceof PyValue.Seq seq
        && (seq.kind().equals("list") || seq.kind().equals("tuple"))) {
      checkSize((long) seq.items().size() * count);
      List<PyValue> items = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        items.addAll(seq.items());
      }
      return new PyValue.Seq(seq.kind(), items);
    }
    throw new NotStatic("operator * on these values");
  }

  private static boolean isNumber(PyValue value) {
    return value instanceof PyValue.Int
        || value instanceof PyValue.Bool
        || value instanceof PyValue.Float
        || value instanceof PyValue.Complex;
  }

  private static boolean isInteger(PyValue value) {
    return value instanceof PyValue.Int || value instanceof PyValue.Bool;
  }

  private PyValue arithmetic(PyValue left, String op, PyValue right) throws NotStatic {
    if (left instanceof PyValue.Complex || right instanceof PyValue.Complex) {
      double[] a = complex(left);
      double[] b = complex(right);
      switch (op) {
        case "+" -> {
          return new PyValue.Complex(a[0] + b[0], a[1] + b[1]);
        }
        case "-" -> {
          return new PyValue.Complex(a[0] - b[0], a[1] - b[1]);
        }
        case "*" -> {
          return new PyValue.Complex(a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]);
        }
        default -> throw new NotStatic("complex operator " + op);
      }
    }
    if (left instanceof PyValue.Float || right instanceof PyValue.Float || op.equals("/")) {
      double a = toDouble(left);
      double b = toDouble(right);
      switch (op) {
        case "+" -> {
          return new PyValue.Float(a + b);
        }
        case "-" -> {
          return new PyValue.Float(a - b);
        }
        case "*" -> {
          return new PyValue.Float(a * b);
        }
        case "/" -> {
          if (b == 0) {
            throw new NotStatic("division by zero");
          }
          if (isInteger(left) && isInteger(right)) {
            return new PyValue.Float(exactDivide(integer(left), integer(right)));
          }
          return new PyValue.Float(a / b);
        }
        case "**" -> {
          if (a < 0 && b != Math.rint(b)) {
            throw new NotStatic("a negative number to a fractional power");
          }
          return new PyValue.Float(Math.pow(a, b));
        }
        case "//" -> {
          if (b == 0) {
            throw new NotStatic("division by zero");
          }
          return new PyValue.Float(Math.floor(a / b));
        }
        case "%" -> {
          if (b == 0) {
            throw new NotStatic("division by zero");
          }
          double mod = a % b;
          if (mod != 0 && (mod < 0) != (b < 0)) {
            mod += b;
          }
          return new PyValue.Float(mod);
        }
        default -> throw new NotStatic("float operator " + op);
      }
    }
    BigInteger a = integer(left);
    BigInteger b = integer(right);
    switch (op) {
      case "+" -> {
        return new PyValue.Int(a.add(b));
      }
      case "-" -> {
        return new PyValue.Int(a.subtract(b));
      }
      case "*" -> {
        return new PyValue.Int(a.multiply(b));
      }
      case "//", "%" -> {
        if (b.signum() == 0) {
          throw new NotStatic("division by zero");
        }
        BigInteger[] qr = a.divideAndRemainder(b);
        if (qr[1].signum() != 0 && qr[1].signum() != b.signum()) {
          qr[0] = qr[0].subtract(BigInteger.ONE);
          qr[1] = qr[1].add(b);
        }
        return new PyValue.Int(op.equals("//") ? qr[0] : qr[1]);
      }
      case "**" -> {
        if (b.signum() < 0) {
          return new PyValue.Float(Math.pow(a.doubleValue(), b.doubleValue()));
        }
        if (b.bitLength() > 16 || a.bitLength() * b.longValue() > 100_000) {
          throw new NotStatic("a power too large to compute");
        }
        return new PyValue.Int(a.pow(b.intValue()));
      }
      case "<<" -> {
        if (b.signum() < 0 || b.bitLength() > 16) {
          throw new NotStatic("a shift out of range");
        }
        return new PyValue.Int(a.shiftLeft(b.intValue()));
      }
      case ">>" -> {
        if (b.signum() < 0) {
          throw new NotStatic("a negative shift");
        }
        return new PyValue.Int(a.shiftRight(b.min(BigInteger.valueOf(1 << 20)).intValue()));
      }
      case "&" -> {
        return new PyValue.Int(a.and(b));
      }
      case "|" -> {
        return new PyValue.Int(a.or(b));
      }
      case "^" -> {
        return new PyValue.Int(a.xor(b));
      }
      default -> throw new NotStatic("int operator " + op);
    }
  }

  /** int / int rounded once, as Python does. */
  private static double exactDivide(BigInteger a, BigInteger b) {
    if (a.bitLength() <= 53 && b.bitLength() <= 53) {
      return a.doubleValue() / b.doubleValue();
    }
    return new BigDecimal(a).divide(new BigDecimal(b), java.math.MathContext.DECIMAL128).doubleValue();
  }

  private double[] complex(PyValue value) throws NotStatic {
    if (value instanceof PyValue.Complex c) {
      return new double[] {c.real(), c.imag()};
    }
    return new double[] {toDouble(value), 0};
  }

  private static double toDouble(PyValue value) throws NotStatic {
    if (value instanceof PyValue.Float f) {
      return f.value();
    }
    if (value instanceof PyValue.Int i) {
      return i.value().doubleValue();
    }
    if (value instanceof PyValue.Bool b) {
      return b.value() ? 1 : 0;
    }
    throw new NotStatic("a value that is not a real number");
  }

  private static BigInteger integer(PyValue value) throws NotStatic {
    if (value instanceof PyValue.Int i) {
      return i.value();
    }
    if (value instanceof PyValue.Bool b) {
      return b.value() ? BigInteger.ONE : BigInteger.ZERO;
    }
    throw new NotStatic("a value that is not an int");
  }

  private static double parseFloat(String text) throws NotStatic {
    String t = text.strip().toLowerCase(Locale.ROOT).replace("_", "");
    switch (t) {
      case "inf", "+inf", "infinity", "+infinity" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf", "-infinity" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "nan", "+nan", "-nan" -> {
        return Double.NaN;
      }
      default -> {
        try {
          if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?")) {
            throw new NumberFormatException(t);
          }
          return Double.parseDouble(t);
        } catch (NumberFormatException e) {
          throw new NotStatic("float() of " + PyText.strRepr(text));
        }
      }
    }
  }

  /** The value of a number literal. */
  static PyValue number(String literal) throws NotStatic {
    String text = literal.replace("_", "").toLowerCase(Locale.ROOT);
    if (text.endsWith("j")) {
      return new PyValue.Complex(0, Double.parseDouble(text.substring(0, text.length() - 1)));
    }
    if (text.startsWith("0x")) {
      return new PyValue.Int(new BigInteger(text.substring(2), 16));
    }
    if (text.startsWith("0o")) {
      return new PyValue.Int(new BigInteger(text.substring(2), 8));
    }
    if (text.startsWith("0b")) {
      return new PyValue.Int(new BigInteger(text.substring(2), 2));
    }
    if (text.contains(".") || text.contains("e")) {
      return new PyValue.Float(Double.parseDouble(text));
    }
    try {
      return new PyValue.Int(new BigInteger(text));
    } catch (NumberFormatException e) {
      throw new NotStatic("a number literal " + literal);
    }
  }

  // comparisons

  private boolean compare(PyValue left, String op, PyValue right) throws NotStatic {
    switch (op) {
      case "==" -> {
        return same(left, right);
      }
      case "!=" -> {
        return !same(left, right);
      }
      case "in" -> {
        return contains(right, left);
      }
      case "not in" -> {
        return !contains(right, left);
      }
      case "is", "is not" -> {
        boolean singletonLeft = left instanceof PyValue.None || left instanceof PyValue.Bool;
        boolean singletonRight = right instanceof PyValue.None || right instanceof PyValue.Bool;
        if (!singletonLeft && !singletonRight) {
          throw new NotStatic("identity of computed values");
        }
        boolean identical = singletonLeft && singletonRight && same(left, right);
        return op.equals("is") == identical;
      }
      default -> {
        int order = order(left, right);
        return switch (op) {
          case "<" -> order < 0;
          case "<=" -> order <= 0;
          case ">" -> order > 0;
          case ">=" -> order >= 0;
          default -> throw new NotStatic("comparison " + op);
        };
      }
    }
  }

  private boolean contains(PyValue container, PyValue item) throws NotStatic {
    if (container instanceof PyValue.Str haystack) {
      if (item instanceof PyValue.Str needle) {
        return haystack.value().contains(needle.value());
      }
      throw new NotStatic("'in <str>' of a value that is not a str");
    }
    for (PyValue candidate : iterate(container)) {
      if (same(candidate, item)) {
        return true;
      }
    }
    return false;
  }

  /** Python's {@code ==} for the values this evaluator knows. */
  boolean same(PyValue a, PyValue b) throws NotStatic {
    if (isNumber(a) && isNumber(b)) {
      if (a instanceof PyValue.Complex || b instanceof PyValue.Complex) {
        double[] x = complex(a);
        double[] y = complex(b);
        return x[0] == y[0] && x[1] == y[1];
      }
      if (isInteger(a) && isInteger(b)) {
        return integer(a).equals(integer(b));
      }
      return toDouble(a) == toDouble(b);
    }
    if (a instanceof PyValue.Str x && b instanceof PyValue.Str y) {
      return x.value().equals(y.value());
    }
    if (a instanceof PyValue.Bytes x && b instanceof PyValue.Bytes y) {
      return x.value().equals(y.value());
    }
    if (a instanceof PyValue.None || b instanceof PyValue.None) {
      return a instanceof PyValue.None && b instanceof PyValue.None;
    }
    if (a instanceof PyValue.Seq x && b instanceof PyValue.Seq y) {
      if (category(x) == null || category(y) == null) {
        throw new NotStatic("comparison of iterators");
      }
      if (!x.kind().equals(y.kind())) {
        return false;
      }
      if (x.items().size() != y.items().size()) {
        return false;
      }
      for (int i = 0; i < x.items().size(); i++) {
        if (!same(x.items().get(i), y.items().get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof PyValue.VersionInfo || b instanceof PyValue.VersionInfo) {
      return order(a, b) == 0;
    }
    if (a instanceof PyValue.Dict x && b instanceof PyValue.Dict y) {
      if (x.keys().size() != y.keys().size()) {
        return false;
      }
      for (int i = 0; i < x.keys().size(); i++) {
        boolean found = false;
        for (int j = 0; j < y.keys().size() && !found; j++) {
          found =
              same(x.keys().get(i), y.keys().get(j)) && same(x.values().get(i), y.values().get(j));
        }
        if (!found) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof PyValue.Named x
        && b instanceof PyValue.Named y
        && x.symbol() != null
        && y.symbol() != null) {
      return x.name().equals(y.name())
          && LinkContext.qualifiedName(x.symbol()).equals(LinkContext.qualifiedName(y.symbol()));
    }
    if (presumedObject(a) && presumedObject(b)) {
      return a == b; // objects without __eq__ compare by identity
    }
    for (PyValue side : List.of(a, b)) {
      if (side instanceof PyValue.Unknown unknown) {
        throw new NotStatic(unknown.why());
      }
    }
    String left = category(a);
    String right = category(b);
    if (left != null && right != null && !left.equals(right)) {
      return false;
    }
    throw new NotStatic("equality of computed values");
  }

  private static boolean presumedObject(PyValue value) {
    return value instanceof PyValue.Instance
        || value instanceof PyValue.Unknown unknown && unknown.namelessAssumption() != null;
  }

  /** The kind of a value whose equality with other kinds is always false, or null. */
  private static String category(PyValue value) {
    if (isNumber(value)) {
      return "number";
    }
    if (value instanceof PyValue.Seq seq) {
      return seq.kind().equals("iterator") || seq.kind().equals("generator") ? null : seq.kind();
    }
    if (value instanceof PyValue.Instance
        || value instanceof PyValue.EnumMember
        || value instanceof PyValue.Unknown) {
      return null;
    }
    return value.getClass().getSimpleName();
  }

  /** Python's ordering for numbers, strings, bytes and sequences; throws for anything else. */
  int order(PyValue a, PyValue b) throws NotStatic {
    if (a instanceof PyValue.VersionInfo version) {
      return versionOrder(version, b);
    }
    if (b instanceof PyValue.VersionInfo version) {
      return -versionOrder(version, a);
    }
    if (isNumber(a) && isNumber(b)) {
      if (a instanceof PyValue.Complex || b instanceof PyValue.Complex) {
        throw new NotStatic("ordering of complex numbers");
      }
      if (isInteger(a) && isInteger(b)) {
        return integer(a).compareTo(integer(b));
      }
      double x = toDouble(a);
      double y = toDouble(b);
      if (Double.isNaN(x) || Double.isNaN(y)) {
        throw new NotStatic("ordering with nan");
      }
      return Double.compare(x == 0 ? 0 : x, y == 0 ? 0 : y);
    }
    if (a instanceof PyValue.Str x && b instanceof PyValue.Str y) {
      return PyText.compareCodePoints(x.value(), y.value());
    }
    if (a instanceof PyValue.Bytes x && b instanceof PyValue.Bytes y) {
      return x.value().compareTo(y.value());
    }
    if (a instanceof PyValue.Seq x
        && b instanceof PyValue.Seq y
        && x.kind().equals(y.kind())
        && (x.kind().equals("tuple") || x.kind().equals("list"))) {
      for (int i = 0; i < Math.min(x.items().size(), y.items().size()); i++) {
        if (!same(x.items().get(i), y.items().get(i))) {
          return order(x.items().get(i), y.items().get(i));
        }
      }
      return Integer.compare(x.items().size(), y.items().size());
    }
    throw new NotStatic("ordering of these values");
  }

  /** {@code sys.version_info} against a tuple; its micro version is unknown. */
  private int versionOrder(PyValue.VersionInfo version, PyValue other) throws NotStatic {
    if (!(other instanceof PyValue.Seq tuple) || !tuple.kind().equals("tuple")) {
      throw new NotStatic("sys.version_info compared with a value that is not a tuple");
    }
    int[] known = {version.major(), version.minor()};
    for (int i = 0; i < tuple.items().size(); i++) {
      if (i >= 2) {
        throw new NotStatic("the target's micro version is unknown");
      }
      int order = BigInteger.valueOf(known[i]).compareTo(integer(tuple.items().get(i)));
      if (order != 0) {
        return order;
      }
    }
    return 1;
  }

  private void sort(List<PyValue> items) throws NotStatic {
    for (int i = 1; i < items.size(); i++) {
      PyValue item = items.get(i);
      int j = i - 1;
      while (j >= 0 && order(items.get(j), item) > 0) {
        items.set(j + 1, items.get(j));
        j--;
      }
      items.set(j + 1, item);
    }
  }

  // subscripts and comprehensions

  private PyValue subscript(PyValue value, PyExpr index, Env env) throws NotStatic {
    if (index instanceof PyExpr.Slice slice) {
      Integer lower = sliceBound(slice.lower(), env);
      Integer upper = sliceBound(slice.upper(), env);
      Integer step = sliceBound(slice.step(), env);
      if (value instanceof PyValue.VersionInfo version && lower == null && upper != null && step == null) {
        List<PyValue> parts = new ArrayList<>();
        int[] known = {version.major(), version.minor()};
        for (int i = 0; i < Math.min(upper, 2); i++) {
          parts.add(PyValue.ofInt(known[i]));
        }
        if (upper > 2) {
          throw new NotStatic("the target's micro version is unknown");
        }
        return new PyValue.Seq("tuple", parts);
      }
      int s = step == null ? 1 : step;
      if (s == 0) {
        throw new NotStatic("slice step is zero");
      }
      if (value instanceof PyValue.Str str) {
        int[] cps = str.value().codePoints().toArray();
        StringBuilder out = new StringBuilder();
        for (int i : sliceIndexes(cps.length, lower, upper, s)) {
          out.appendCodePoint(cps[i]);
        }
        return new PyValue.Str(out.toString());
      }
      if (value instanceof PyValue.Bytes bytes) {
        StringBuilder out = new StringBuilder();
        for (int i : sliceIndexes(bytes.value().length(), lower, upper, s)) {
          out.append(bytes.value().charAt(i));
        }
        return new PyValue.Bytes(out.toString());
      }
      if (value instanceof PyValue.Seq seq
          && (seq.kind().equals("list") || seq.kind().equals("tuple"))) {
        List<PyValue> items = new ArrayList<>();
        for (int i : sliceIndexes(seq.items().size(), lower, upper, s)) {
          items.add(seq.items().get(i));
        }
        return new PyValue.Seq(seq.kind(), items);
      }
      throw new NotStatic("a slice of a computed value");
    }
    PyValue key = eval(index, env);
    if (value instanceof PyValue.Dict dict) {
      for (int i = 0; i < dict.keys().size(); i++) {
        if (same(dict.keys().get(i), key)) {
          return dict.values().get(i);
        }
      }
      throw new NotStatic("a key missing from a dict");
    }
    if (value instanceof PyValue.VersionInfo version) {
      int i = integer(key).intValue();
      if (i == 0) {
        return PyValue.ofInt(version.major());
      }
      if (i == 1) {
        return PyValue.ofInt(version.minor());
      }
      throw new NotStatic("the target's micro version is unknown");
    }
    List<PyValue> items;
    if (value instanceof PyValue.Seq seq && !seq.kind().equals("set") && !seq.kind().equals("iterator")) {
      items = seq.items();
    } else if (value instanceof PyValue.Str || value instanceof PyValue.Range) {
      items = iterate(value);
    } else {
      throw new NotStatic("an item of a computed value");
    }
    int i = integer(key).intValue();
    if (i < 0) {
      i += items.size();
    }
    if (i < 0 || i >= items.size()) {
      throw new NotStatic("an index out of range");
    }
    return items.get(i);
  }

  private Integer sliceBound(PyExpr bound, Env env) throws NotStatic {
    PyValue value = eval(bound, env);
    return value instanceof PyValue.None ? null : integer(value).intValue();
  }

  private static List<Integer> sliceIndexes(int length, Integer lower, Integer upper, int step) {
    int start;
    int stop;
    if (step > 0) {
      start = lower == null ? 0 : clamp(lower < 0 ? lower + length : lower, 0, length);
      stop = upper == null ? length : clamp(upper < 0 ? upper + length : upper, 0, length);
    } else {
      start = lower == null ? length - 1 : clamp(lower < 0 ? lower + length : lower, -1, length - 1);
      stop = upper == null ? -1 : clamp(upper < 0 ? upper + length : upper, -1, length - 1);
    }
    List<Integer> indexes = new ArrayList<>();
    for (int i = start; step > 0 ? i < stop : i > stop; i += step) {
      indexes.add(i);
    }
    return indexes;
  }

  private static int clamp(int value, int low, int high) {
    return Math.max(low, Math.min(high, value));
  }

  private PyValue comprehension(PyExpr.Comprehension comprehension, Env env) throws NotStatic {
    List<PyValue> items = new ArrayList<>();
    List<PyValue> dictValues = new ArrayList<>();
    generate(comprehension, 0, env, items, dictValues);
    return switch (comprehension.kind()) {
      case "dict" -> {
        List<PyValue> keys = new ArrayList<>();
        List<PyValue> vals = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
          put(keys, vals, items.get(i), dictValues.get(i));
        }
        yield new PyValue.Dict(keys, vals);
      }
      case "set" -> set(items);
      case "generator" -> new PyValue.Seq("generator", items);
      default -> new PyValue.Seq("list", items);
    };
  }

  private void generate(
      PyExpr.Comprehension comprehension,
      int level,
      Env env,
      List<PyValue> items,
      List<PyValue> dictValues)
      throws NotStatic {
    if (level == comprehension.generators().size()) {
      items.add(eval(comprehension.element(), env));
      if (comprehension.value() != null) {
        dictValues.add(eval(comprehension.value(), env));
      }
      checkSize(items.size());
      return;
    }
    PyExpr.For clause = comprehension.generators().get(level);
    if (clause.async()) {
      throw new NotStatic("an async comprehension");
    }
    for (PyValue item : iterate(eval(clause.iterable(), env))) {
      Map<String, PyValue> bound = new HashMap<>();
      unpack(clause.target(), item, bound);
      Env inner = env.with(bound);
      boolean keep = true;
      for (PyExpr condition : clause.conditions()) {
        if (!truth(eval(condition, inner))) {
          keep = false;
          break;
        }
      }
      if (keep) {
        generate(comprehension, level + 1, inner, items, dictValues);
      }
    }
  }

  private void unpack(PyExpr target, PyValue value, Map<String, PyValue> bound) throws NotStatic {
    if (target instanceof PyExpr.Name name) {
      bound.put(name.id(), value);
      return;
    }
    if (target instanceof PyExpr.Sequence sequence) {
      List<PyValue> items = iterate(value);
      if (sequence.items().stream().anyMatch(PyExpr.Starred.class::isInstance)) {
        throw new NotStatic("a starred comprehension target");
      }
      if (items.size() != sequence.items().size()) {
        throw new NotStatic("unpacking a value of the wrong length");
      }
      for (int i = 0; i < items.size(); i++) {
        unpack(sequence.items().get(i), items.get(i), bound);
      }
      return;
    }
    throw new NotStatic("a comprehension target that is not a name");
  }

  // helpers

  /** The items of an iterable value. */
  List<PyValue> iterate(PyValue value) throws NotStatic {
    List<PyValue> items = PyValue.iterate(value, MAX_ITEMS);
    if (value instanceof PyValue.Unknown unknown) {
      throw new NotStatic(unknown.why());
    }
    if (items == null) {
      if (value instanceof PyValue.Seq seq && seq.kind().equals("set")) {
        throw new NotStatic("iteration order of a set");
      }
      throw new NotStatic("iterating a value that is not a known sequence");
    }
    return items;
  }

  private PyValue set(List<PyValue> items) throws NotStatic {
    List<PyValue> unique = new ArrayList<>();
    for (PyValue item : items) {
      boolean seen = false;
      for (PyValue kept : unique) {
        if (same(kept, item)) {
          seen = true;
          break;
        }
      }
      if (!seen) {
        unique.add(item);
      }
    }
    return new PyValue.Seq("set", unique);
  }

  private void put(List<PyValue> keys, List<PyValue> dictValues, PyValue key, PyValue value)
      throws NotStatic {
    for (int i = 0; i < keys.size(); i++) {
      if (same(keys.get(i), key)) {
        dictValues.set(i, value);
        return;
      }
    }
    keys.add(key);
    dictValues.add(value);
    checkSize(keys.size());
  }

  private static void checkSize(long size) throws NotStatic {
    if (size > MAX_ITEMS) {
      throw new NotStatic("more than " + MAX_ITEMS + " items");
    }
  }

  /** Python's truth value. */
  boolean truth(PyValue value) throws NotStatic {
    if (value instanceof PyValue.None) {
      return false;
    }
    if (value instanceof PyValue.Bool b) {
      return b.value();
    }
    if (value instanceof PyValue.Int i) {
      return i.value().signum() != 0;
    }
    if (value instanceof PyValue.Float f) {
      return f.value() != 0;
    }
    if (value instanceof PyValue.Complex c) {
      return c.real() != 0 || c.imag() != 0;
    }
    if (value instanceof PyValue.Str s) {
      return !s.value().isEmpty();
    }
    if (value instanceof PyValue.Bytes b) {
      return !b.value().isEmpty();
    }
    if (value instanceof PyValue.Seq seq) {
      return seq.kind().equals("iterator") || !seq.items().isEmpty();
    }
    if (value instanceof PyValue.Dict dict) {
      return !dict.keys().isEmpty();
    }
    if (value instanceof PyValue.Range range) {
      return !iterate(range).isEmpty();
    }
    if (value instanceof PyValue.Instance instance) {
      throw new NotStatic("the truth of an instance of " + instance.typeName());
    }
    if (value instanceof PyValue.Unknown unknown) {
      throw new NotStatic(unknown.why());
    }
    return true;
  }

  /** Python's {@code str(value)}. */
  String str(PyValue value) throws NotStatic {
    if (value instanceof PyValue.Str s) {
      return s.value();
    }
    if (value instanceof PyValue.EnumMember member) {
      return member.text();
    }
    return repr(value);
  }

  /** Python's {@code repr(value)} for literal values. */
  String repr(PyValue value) throws NotStatic {
    if (value instanceof PyValue.None) {
      return "None";
    }
    if (value instanceof PyValue.Bool b) {
      return b.value() ? "True" : "False";
    }
    if (value instanceof PyValue.Int i) {
      return i.value().toString();
    }
    if (value instanceof PyValue.Float f) {
      return PyText.floatRepr(f.value());
    }
    if (value instanceof PyValue.Complex c) {
      return PyText.complexRepr(c.real(), c.imag());
    }
    if (value instanceof PyValue.Str s) {
      return PyText.strRepr(s.value());
    }
    if (value instanceof PyValue.Bytes b) {
      return PyText.bytesRepr(b.bytes());
    }
    if (value instanceof PyValue.Seq seq) {
      StringBuilder out = new StringBuilder();
      String open;
      String close;
      switch (seq.kind()) {
        case "tuple" -> {
          open = "(";
          close = seq.items().size() == 1 ? ",)" : ")";
        }
        case "list" -> {
          open = "[";
          close = "]";
        }
        case "set" -> {
          if (seq.items().isEmpty()) {
            return "set()";
          }
          if (seq.items().size() > 1) {
            throw new NotStatic("repr() of a set");
          }
          open = "{";
          close = "}";
        }
        default -> throw new NotStatic("repr() of an iterator");
      }
      out.append(open);
      for (int i = 0; i < seq.items().size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        out.append(repr(seq.items().get(i)));
      }
      return out.append(close).toString();
    }
    if (value instanceof PyValue.Dict dict) {
      StringBuilder out = new StringBuilder("{");
      for (int i = 0; i < dict.keys().size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        out.append(repr(dict.keys().get(i))).append(": ").append(repr(dict.values().get(i)));
      }
      return out.append('}').toString();
    }
    if (value instanceof PyValue.Range range) {
      return "range("
          + range.start()
          + ", "
          + range.stop()
          + (range.step().equals(BigInteger.ONE) ? "" : ", " + range.step())
          + ")";
    }
    throw new NotStatic("repr() of " + describeValue(value));
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

  static String describeValue(PyValue value) {
    if (value instanceof PyValue.Unknown unknown) {
      return unknown.why();
    }
    if (value instanceof PyValue.Named named) {
      return named.name();
    }
    if (value instanceof PyValue.Lambda) {
      return "<lambda>";
    }
    if (value instanceof PyValue.Instance instance) {
      return "an instance of " + instance.typeName();
    }
    return value.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }

  static String describe(PyExpr expression) {
    if (expression instanceof PyExpr.Name name) {
      return name.id();
    }
    if (expression instanceof PyExpr.Attribute attribute) {
      return describe(attribute.value()) + "." + attribute.attr();
    }
    if (expression instanceof PyExpr.Opaque opaque) {
      return opaque.source();
    }
    return "an expression";
  }
}
