package dev.tach.discovery.extract;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
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
  static final Set<String> NAMELESS_INSTANCES =
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
    return derived(unknown, ((PyValue.Unknown) unknown).why());
  }

  /** Whether a value is an object discovery does not model (an instance or an unknown). */
  private static boolean opaqueObject(PyValue value) {
    return value instanceof PyValue.Unknown || value instanceof PyValue.Instance;
  }

  /**
   * A value computed from an object discovery does not model: unknown, and presumed to have no
   * {@code __name__} when its source was (an instance, or a presumed object): attributes,
   * operators and calls on such objects give data, not functions or classes, in practice.
   */
  private static PyValue derived(PyValue from, String what) {
    if (from instanceof PyValue.Unknown unknown) {
      return new PyValue.Unknown(what, unknown.namelessAssumption());
    }
    if (from instanceof PyValue.Instance instance) {
      return new PyValue.Unknown(
          what, "assumes " + what + " (from an instance of " + instance.typeName() + ") has no __name__");
    }
    return new PyValue.Unknown(what, null);
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
      return Values.number(num.literal());
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
          items.addAll(Values.iterate(unpacked));
        } else {
          items.add(eval(item, env));
        }
        Values.checkSize(items.size());
      }
      if (sequence.kind().equals("set")) {
        return Values.set(items);
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
            Values.put(keys, dictValues, other.keys().get(j), other.values().get(j));
          }
        } else {
          Values.put(keys, dictValues, eval(key, env), eval(dict.values().get(i), env));
        }
      }
      return new PyValue.Dict(keys, dictValues);
    }
    if (expression instanceof PyExpr.Unary unary) {
      PyValue operand = eval(unary.operand(), env);
      return opaqueObject(operand)
          ? derived(operand, "the result of unary " + unary.op())
          : Values.unary(unary.op(), operand);
    }
    if (expression instanceof PyExpr.Binary binary) {
      PyValue left = eval(binary.left(), env);
      PyValue right = eval(binary.right(), env);
      if (opaqueObject(left) || opaqueObject(right)) {
        return derived(opaqueObject(left) ? left : right, "the result of operator " + binary.op());
      }
      return Values.binary(left, binary.op(), right);
    }
    if (expression instanceof PyExpr.BoolOp boolOp) {
      PyValue result = null;
      for (PyExpr operand : boolOp.values()) {
        result = eval(operand, env);
        boolean truth = Values.truth(result);
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
        if (!Values.compare(left, compare.ops().get(i), right)) {
          return PyValue.FALSE;
        }
        left = right;
      }
      return PyValue.TRUE;
    }
    if (expression instanceof PyExpr.IfElse ifElse) {
      return Values.truth(eval(ifElse.test(), env))
          ? eval(ifElse.body(), env)
          : eval(ifElse.orElse(), env);
    }
    if (expression instanceof PyExpr.Subscript subscript) {
      PyValue value = eval(subscript.value(), env);
      return opaqueObject(value)
          ? derived(value, "an item of " + Values.describeValue(value))
          : subscript(value, subscript.index(), env);
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
          case "r" -> value = new PyValue.Str(Values.repr(value));
          case "s" -> value = new PyValue.Str(Values.str(value));
          case "" -> {}
          default -> throw new NotStatic("f-string conversion !" + conversion);
        }
        text.append(PyFormat.format(value, field.formatSpec()));
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
    return derived(owner, "attribute " + attribute.attr() + " of " + Values.describeValue(owner));
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

  /**
   * An enum member as pytest's ids see it: a str-based member is its value, an int-based one
   * prints its value from Python 3.11 on ({@code IntEnum}), any other prints {@code Cls.NAME}.
   */
  private PyValue enumMember(Sym.Klass klass, String attr) throws NotStatic {
    ClassModel model = klass.scope().model(context);
    String shown = klass.scope().name() + "." + attr;
    if (model.incomplete() != null) {
      throw new NotStatic(shown + ": its enum class " + model.incomplete());
    }
    ClassModel.Lookup found = model.attribute(attr, context);
    if (found.definer() == null || !(found.symbol() instanceof Sym.Value value)
        || attr.startsWith("_")) {
      throw new NotStatic(shown + " is not a plain enum member");
    }
    boolean strBased = false;
    boolean intBased = false;
    boolean reprEnum = false;
    for (ClassModel.Entry entry : model.mro()) {
      String external = entry.external() == null ? "" : entry.external();
      strBased |= external.equals("builtins.str");
      intBased |= external.equals("builtins.int");
      reprEnum |= external.equals("enum.ReprEnum");
      if (external.equals("enum.Flag")) {
        throw new NotStatic("str() of " + shown + " depends on enum.Flag");
      }
    }
    String text = found.definer().name() + "." + attr;
    if (strBased) {
      PyValue member = assigned(value);
      if (!(member instanceof PyValue.Str)) {
        throw new NotStatic(shown + " has a value that is not a literal str");
      }
      return member;
    }
    if (intBased && reprEnum) {
      LinkOptions.PythonTarget target =
          context.options().target()
              .orElseThrow(() -> new NotStatic("str() of " + shown + " depends on the Python version"));
      if (target.major() > 3 || target.minor() >= 11) {
        if (!(assigned(value) instanceof PyValue.Int number)) {
          throw new NotStatic(shown + " has a value that is not a literal int");
        }
        return new PyValue.EnumMember(number.value().toString());
      }
    }
    return new PyValue.EnumMember(text);
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
        } else if (opaqueObject(callee)) {
          // calling an object (a numeric domain, a converter) often gives a number or a str
          return new PyValue.Unknown("the result of calling " + describe(function), null);
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
      if (opaqueObject(owner)) {
        return derived(owner, "the result of ." + method.attr() + "()");
      }
      return Builtins.callMethod(owner, method.attr(), arguments(call, env));
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

  private Builtins.Args arguments(PyExpr.Call call, Env env) throws NotStatic {
    List<PyValue> positional = new ArrayList<>();
    Map<String, PyValue> keywords = new HashMap<>();
    for (PyExpr.Argument argument : call.arguments()) {
      switch (argument.kind()) {
        case POSITIONAL -> positional.add(eval(argument.value(), env));
        case STAR -> positional.addAll(Values.iterate(eval(argument.value(), env)));
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
    return new Builtins.Args(positional, keywords);
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
      Builtins.Args args = arguments(call, env);
      for (PyValue argument : args.positional()) {
        if (argument instanceof PyValue.Unknown) {
          return lazy(argument);
        }
      }
      return Builtins.builtin(name.substring("builtins.".length()), args);
    }
    if (name.startsWith("itertools.")) {
      return Builtins.itertools(name.substring("itertools.".length()), arguments(call, env));
    }
    if (name.equals("re.compile")) {
      Builtins.Args args = arguments(call, env);
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
      Builtins.Args args = arguments(call, env);
      if (args.positional().size() == 1 && args.positional().get(0) instanceof PyValue.Str str) {
        return new PyValue.Str(Builtins.dedent(str.value()));
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
      return new PyValue.Unknown(
          "an instance of " + shown + ": " + model.incomplete(),
          "assumes an instance of " + shown + " has no __name__ (" + model.incomplete() + ")");
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
    if (model.attribute("__name__", context).symbol() != null) {
      throw new NotStatic("an instance of " + shown + ", which defines __name__");
    }
    for (String special : List.of("__getattr__", "__getattribute__")) {
      if (model.attribute(special, context).symbol() != null) {
        return new PyValue.Unknown(
            "an instance of " + shown + ", which defines " + special,
            "assumes an instance of " + shown + " has no __name__ although " + shown
                + " defines " + special);
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
        case STAR -> valuesOf.addAll(Values.iterate(eval(argument.value(), env)));
        case KEYWORD -> {
          if (argument.keyword().equals("id")) {
            id = eval(argument.value(), env);
          } else if (argument.keyword().equals("marks")) {
            PyValue markValue = eval(argument.value(), env);
            if (markValue instanceof PyValue.Mark mark) {
              marks.add(mark.mark());
            } else {
              for (PyValue item : Values.iterate(markValue)) {
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
        if (Values.same(dict.keys().get(i), key)) {
          return dict.values().get(i);
        }
      }
      throw new NotStatic("a key missing from a dict");
    }
    if (value instanceof PyValue.VersionInfo version) {
      int i = Values.integer(key).intValue();
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
      items = Values.iterate(value);
    } else {
      throw new NotStatic("an item of a computed value");
    }
    int i = Values.integer(key).intValue();
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
    return value instanceof PyValue.None ? null : Values.integer(value).intValue();
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
          Values.put(keys, vals, items.get(i), dictValues.get(i));
        }
        yield new PyValue.Dict(keys, vals);
      }
      case "set" -> Values.set(items);
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
      Values.checkSize(items.size());
      return;
    }
    PyExpr.For clause = comprehension.generators().get(level);
    if (clause.async()) {
      throw new NotStatic("an async comprehension");
    }
    for (PyValue item : Values.iterate(eval(clause.iterable(), env))) {
      Map<String, PyValue> bound = new HashMap<>();
      unpack(clause.target(), item, bound);
      Env inner = env.with(bound);
      boolean keep = true;
      for (PyExpr condition : clause.conditions()) {
        if (!Values.truth(eval(condition, inner))) {
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
      List<PyValue> items = Values.iterate(value);
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
