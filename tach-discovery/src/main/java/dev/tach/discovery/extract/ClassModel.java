package dev.tach.discovery.extract;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A project class as Python builds it: its method resolution order (C3, as {@code __mro__}), with
 * classes outside the project as named entries, and the properties pytest looks at: whether it
 * is a {@code unittest.TestCase}, an enum, abstract, or has its own {@code __init__}/{@code
 * __new__}.
 */
final class ClassModel {

  /**
   * One class of an MRO: a project class ({@code scope} set) or a class discovery cannot read
   * ({@code external} set).
   */
  record Entry(ClassScope scope, String external) {
    String key() {
      return scope != null ? scope.fullName() : external;
    }
  }

  /**
   * Where an attribute was found in the MRO.
   *
   * @param symbol what it is, or null when no class discovery can read defines it
   * @param complete false when an unreadable base may define it
   * @param definer the project class whose body binds it, or null
   */
  record Lookup(Sym symbol, boolean complete, ClassScope definer) {}

  /** Classes outside the project whose MRO and properties are known. */
  private static final Map<String, List<String>> KNOWN_MRO =
      Map.ofEntries(
          Map.entry("builtins.object", List.of()),
          Map.entry("unittest.TestCase", List.of()),
          Map.entry("unittest.IsolatedAsyncioTestCase", List.of("unittest.TestCase")),
          Map.entry("abc.ABC", List.of()),
          Map.entry("typing.Generic", List.of()),
          Map.entry("enum.Enum", List.of()),
          Map.entry("enum.IntEnum", List.of("builtins.int", "enum.ReprEnum", "enum.Enum")),
          Map.entry("enum.StrEnum", List.of("builtins.str", "enum.ReprEnum", "enum.Enum")),
          Map.entry("enum.Flag", List.of("enum.Enum")),
          Map.entry("enum.IntFlag", List.of("builtins.int", "enum.ReprEnum", "enum.Flag", "enum.Enum")));

  private static final Set<String> UNITTEST_BASES =
      Set.of("unittest.TestCase", "unittest.IsolatedAsyncioTestCase");

  private static final Set<String> DATACLASS_DECORATORS =
      Set.of(
          "dataclasses.dataclass",
          "attr.s",
          "attr.attrs",
          "attr.define",
          "attr.frozen",
          "attr.mutable",
          "attr.dataclass",
          "attrs.define",
          "attrs.frozen",
          "attrs.mutable");

  private final ClassScope scope;
  private final List<Entry> mro;
  private final String incomplete;
  private List<MarkRef> marks;
  private List<String> markProblems;

  private ClassModel(ClassScope scope, List<Entry> mro, String incomplete) {
    this.scope = scope;
    this.mro = mro;
    this.incomplete = incomplete;
  }

  static ClassModel of(ClassScope scope, LinkContext context) {
    String key = scope.fullName() + "\0mro";
    if (!context.enter(key)) {
      return new ClassModel(
          scope,
          List.of(new Entry(scope, null), new Entry(null, "builtins.object")),
          "its bases form a cycle");
    }
    try {
      List<List<Entry>> sequences = new ArrayList<>();
      List<Entry> bases = new ArrayList<>();
      String incomplete = null;
      for (PyExpr.Argument argument : scope.summary().bases()) {
        if (argument.kind() != PyExpr.Argument.Kind.POSITIONAL) {
          if (argument.kind() != PyExpr.Argument.Kind.KEYWORD) {
            incomplete = "its bases are unpacked from " + argument.source();
          }
          continue;
        }
        Sym base = context.resolveExpr(argument.value(), scope.definedIn());
        String known = base == null ? "" : LinkContext.qualifiedName(base);
        if (base instanceof Sym.Klass && KNOWN_MRO.containsKey(known)) {
          // the standard library's own source, when the lookup reads it: use what is known
          sequences.add(externalMro(known));
          bases.add(sequences.get(sequences.size() - 1).get(0));
          continue;
        }
        if (base instanceof Sym.Klass klass) {
          ClassModel model = klass.scope().model(context);
          sequences.add(model.mro);
          bases.add(model.mro.get(0));
          if (model.incomplete != null && incomplete == null) {
            incomplete = model.incomplete;
          }
          continue;
        }
        String name = base == null ? "" : LinkContext.qualifiedName(base);
        if (!name.isEmpty() && KNOWN_MRO.containsKey(name)) {
          sequences.add(externalMro(name));
        } else if (base instanceof Sym.Builtin builtin) {
          sequences.add(List.of(new Entry(null, "builtins." + builtin.name()), objectEntry()));
        } else {
          String shown = name.isEmpty() ? argument.source() : name;
          if (incomplete == null) {
            incomplete = "its base " + shown + " is not a class discovery can read";
          }
          sequences.add(List.of(new Entry(null, shown), objectEntry()));
        }
        bases.add(sequences.get(sequences.size() - 1).get(0));
      }
      if (bases.isEmpty()) {
        sequences.add(List.of(objectEntry()));
        bases.add(objectEntry());
      }
      sequences.add(bases);
      List<Entry> merged = merge(sequences);
      List<Entry> mro = new ArrayList<>();
      mro.add(new Entry(scope, null));
      if (merged == null) {
        incomplete = "its bases have no consistent method resolution order";
        for (List<Entry> sequence : sequences) {
          for (Entry entry : sequence) {
            if (mro.stream().noneMatch(e -> e.key().equals(entry.key()))) {
              mro.add(entry);
            }
          }
        }
      } else {
        mro.addAll(merged);
      }
      return new ClassModel(scope, List.copyOf(mro), incomplete);
    } finally {
      context.leave(key);
    }
  }

  private static Entry objectEntry() {
    return new Entry(null, "builtins.object");
  }

  private static List<Entry> externalMro(String name) {
    List<Entry> result = new ArrayList<>();
    result.add(new Entry(null, name));
    for (String base : KNOWN_MRO.get(name)) {
      result.add(new Entry(null, base));
    }
    if (!name.equals("builtins.object")) {
      result.add(objectEntry());
    }
    return result;
  }

  /** C3 merge; null when no consistent order exists. */
  private static List<Entry> merge(List<List<Entry>> sequences) {
    List<List<Entry>> work = new ArrayList<>();
    for (List<Entry> sequence : sequences) {
      work.add(new ArrayList<>(sequence));
    }
    List<Entry> result = new ArrayList<>();
    while (true) {
      work.removeIf(List::isEmpty);
      if (work.isEmpty()) {
        return result;
      }
      Entry next = null;
      for (List<Entry> sequence : work) {
        Entry candidate = sequence.get(0);
        boolean inTail = false;
        for (List<Entry> other : work) {
          for (int i = 1; i < other.size() && !inTail; i++) {
            inTail = other.get(i).key().equals(candidate.key());
          }
        }
        if (!inTail) {
          next = candidate;
          break;
        }
      }
      if (next == null) {
        return null;
      }
      result.add(next);
      String key = next.key();
      for (List<Entry> sequence : work) {
        if (!sequence.isEmpty() && sequence.get(0).key().equals(key)) {
          sequence.remove(0);
        }
      }
    }
  }

  List<Entry> mro() {
    return mro;
  }

  /** Why the MRO may be wrong or incomplete, or null when every base was read. */
  String incomplete() {
    return incomplete;
  }

  /** Metaclasses that do not change a class's namespace. */
  private static final Set<String> PLAIN_METACLASSES =
      Set.of("builtins.type", "abc.ABCMeta", "enum.EnumMeta", "enum.EnumType");

  /**
   * Why the class's methods may differ from its body at run time: a metaclass of the project's
   * or an unknown one, or an {@code __init_subclass__} in a base class; null otherwise.
   */
  String rewrittenBy(LinkContext context) {
    for (Entry entry : mro) {
      if (entry.scope() == null) {
        continue;
      }
      for (PyExpr.Argument argument : entry.scope().summary().bases()) {
        if ("metaclass".equals(argument.keyword())) {
          Sym meta = context.resolveExpr(argument.value(), entry.scope().definedIn());
          String name = meta == null ? argument.source() : LinkContext.qualifiedName(meta);
          if (!PLAIN_METACLASSES.contains(name)) {
            return "class " + entry.scope().name() + " has metaclass " + argument.source()
                + ", which may add or replace methods at run time";
          }
        }
      }
      if (entry.scope() != scope && entry.scope().namespace().binds("__init_subclass__")) {
        return "base class " + entry.scope().name()
            + " defines __init_subclass__, which may add or replace methods at run time";
      }
    }
    return null;
  }

  /** Whether a base is {@code unittest.TestCase}. */
  boolean unittest() {
    for (Entry entry : mro) {
      if (entry.external() != null && UNITTEST_BASES.contains(entry.external())) {
        return true;
      }
    }
    return false;
  }

  /** The enum base class ({@code enum.Enum}, {@code enum.IntEnum}...), or null. */
  String enumBase() {
    for (Entry entry : mro) {
      if (entry.external() != null && entry.external().startsWith("enum.")) {
        return entry.external();
      }
    }
    return null;
  }

  /** The first class of the MRO whose namespace binds {@code name}. */
  Lookup attribute(String name, LinkContext context) {
    for (Entry entry : mro) {
      if (entry.scope() != null) {
        Sym assigned = assignedLater(entry.scope(), name);
        if (assigned != null) {
          return new Lookup(assigned, true, entry.scope());
        }
        Sym found = entry.scope().namespace().lookup(name, Integer.MAX_VALUE, context);
        if (found != null) {
          return new Lookup(found, true, entry.scope());
        }
      }
    }
    return new Lookup(null, incomplete == null, null);
  }

  /**
   * {@code Cls.name = value} written after the class statement in the body that defines it
   * (such as {@code TestX.__test__ = False}), or null.
   */
  private static Sym assignedLater(ClassScope klass, String name) {
    Scope definedIn = klass.definedIn();
    Namespace namespace =
        definedIn.owner() == null
            ? klass.module().summary().namespace()
            : definedIn.owner().summary().namespace();
    Namespace.AttributeAssignment last = null;
    for (Namespace.AttributeAssignment assignment : namespace.attributeAssignments()) {
      if (assignment.target().equals(klass.name())
          && assignment.attribute().equals(name)
          && assignment.position() > definedIn.position()) {
        last = assignment;
      }
    }
    if (last == null) {
      return null;
    }
    return new Sym.Value(
        new Scope(klass.module(), definedIn.owner(), last.position()), name, last.value());
  }

  /**
   * pytest's {@code hasinit}/{@code hasnew}: the constructor the class would use is not {@code
   * object}'s. Returns the offending method's name, or null.
   */
  String constructor(LinkContext context) {
    for (Decorator decorator : scope.decorators()) {
      PyExpr expression = decorator.expression();
      PyExpr function =
          expression instanceof PyExpr.Call call ? call.function() : expression;
      Sym symbol = context.resolveExpr(function, scope.definedIn());
      if (symbol != null && DATACLASS_DECORATORS.contains(LinkContext.qualifiedName(symbol))) {
        boolean noInit =
            expression instanceof PyExpr.Call call
                && call.arguments().stream()
                    .anyMatch(
                        a ->
                            "init".equals(a.keyword())
                                && a.value() instanceof PyExpr.Constant c
                                && c.name().equals("False"));
        if (!noInit) {
          return "__init__";
        }
      }
    }
    for (String method : List.of("__init__", "__new__")) {
      for (Entry entry : mro) {
        if (entry.scope() != null) {
          if (entry.scope().namespace().binds(method)) {
            return method;
          }
        } else if (entry.external().equals("builtins.object")) {
          break;
        } else if (entry.external().startsWith("builtins.")) {
          return method;
        }
        // other outside classes: known ones define no constructor that matters here, and
        // unknown ones make the model incomplete, which callers report
      }
    }
    return null;
  }

  /**
   * Whether {@code inspect.isabstract} holds: an {@code abc} class with an abstract method that
   * the MRO does not override.
   */
  boolean isAbstract(LinkContext context) {
    boolean abcClass = false;
    for (Entry entry : mro) {
      if ("abc.ABC".equals(entry.external())) {
        abcClass = true;
      }
      if (entry.scope() != null) {
        for (PyExpr.Argument argument : entry.scope().summary().bases()) {
          if ("metaclass".equals(argument.keyword())) {
            Sym meta = context.resolveExpr(argument.value(), entry.scope().definedIn());
            abcClass |= meta != null && LinkContext.qualifiedName(meta).equals("abc.ABCMeta");
          }
        }
      }
    }
    if (!abcClass) {
      return false;
    }
    Set<String> seen = new HashSet<>();
    for (Entry entry : mro) {
      if (entry.scope() == null) {
        continue;
      }
      Namespace namespace = entry.scope().summary().namespace();
      for (Binding binding : namespace.bindings()) {
        if (!seen.add(binding.name())) {
          continue;
        }
        int last = entry.scope().namespace().lastBinding(binding.name(), Integer.MAX_VALUE, context);
        if (last < 0) {
          continue;
        }
        Binding effective = entry.scope().namespace().binding(last);
        if (effective.kind() == Binding.Kind.FUNCTION
            && abstractMethod(
                namespace.functions().get(effective.index()),
                new Scope(entry.scope().module(), entry.scope(), last),
                context)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean abstractMethod(
      FunctionSummary function, Scope scope, LinkContext context) {
    for (Decorator decorator : function.decorators()) {
      Sym symbol = context.resolveExpr(decorator.expression(), scope);
      if (symbol != null && LinkContext.qualifiedName(symbol).startsWith("abc.abstract")) {
        return true;
      }
    }
    return false;
  }

  /**
   * pytest's {@code get_unpacked_marks(cls)}: the {@code pytestmark} of every class in reversed
   * MRO order, so that base classes' marks come first.
   */
  List<MarkRef> marks(LinkContext context) {
    if (marks == null) {
      List<MarkRef> all = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      for (int i = mro.size() - 1; i >= 0; i--) {
        ClassScope klass = mro.get(i).scope();
        if (klass != null) {
          Marks.Result own = Marks.classMarks(klass, context);
          all.addAll(own.marks());
          problems.addAll(own.problems());
        }
      }
      marks = List.copyOf(all);
      markProblems = List.copyOf(problems);
    }
    return marks;
  }

  /** Why some class marks could not be read (after {@link #marks}). */
  List<String> markProblems(LinkContext context) {
    marks(context);
    return markProblems;
  }

  /**
   * The names every class of the MRO binds, each once, in Python's {@code dir()} order (sorted),
   * with the class whose binding wins.
   */
  Map<String, ClassScope> dir(LinkContext context) {
    Map<String, ClassScope> owners = new LinkedHashMap<>();
    for (Entry entry : mro) {
      if (entry.scope() == null) {
        continue;
      }
      for (String name : entry.scope().namespace().dictOrder(context).keySet()) {
        owners.putIfAbsent(name, entry.scope());
      }
    }
    List<String> names = new ArrayList<>(owners.keySet());
    names.sort(PyText::compareCodePoints);
    Map<String, ClassScope> sorted = new LinkedHashMap<>();
    for (String name : names) {
      sorted.put(name, owners.get(name));
    }
    return sorted;
  }
}
