package dev.tach.discovery.extract;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers questions about one module or class body: what a name refers to at a point of the
 * body, and which names the finished body holds in Python's namespace-dict order (first binding's
 * position, last binding's value). Bindings under {@code if} tests that evaluate to false for the
 * target interpreter are left out; bindings in {@code except} handlers count only for names bound
 * nowhere else.
 */
final class NamespaceView {

  private static final int[] NONE = new int[0];

  private final ModuleView module;
  private final ClassScope owner;
  private final Namespace namespace;
  private final Map<String, int[]> positions = new HashMap<>();
  private final Map<String, Boolean> boundOutsideHandlers = new HashMap<>();
  private final int[] stars;
  private final ClassScope[] classScopes;
  /** Per binding: 0 not yet decided, 1 runs, 2 never runs, 3 may run. */
  private final byte[] reach;

  NamespaceView(ModuleView module, ClassScope owner, Namespace namespace) {
    this.module = module;
    this.owner = owner;
    this.namespace = namespace;
    List<Binding> bindings = namespace.bindings();
    Map<String, List<Integer>> byName = new HashMap<>();
    List<Integer> starList = new ArrayList<>();
    for (int i = 0; i < bindings.size(); i++) {
      Binding binding = bindings.get(i);
      if (binding.kind() == Binding.Kind.STAR_IMPORT) {
        starList.add(i);
        continue;
      }
      byName.computeIfAbsent(binding.name(), k -> new ArrayList<>()).add(i);
      if (binding.flow() != Binding.Flow.EXCEPT) {
        boundOutsideHandlers.put(binding.name(), true);
      }
    }
    byName.forEach(
        (name, list) -> positions.put(name, list.stream().mapToInt(Integer::intValue).toArray()));
    this.stars = starList.stream().mapToInt(Integer::intValue).toArray();
    this.classScopes = new ClassScope[namespace.classes().size()];
    this.reach = new byte[bindings.size()];
  }

  ModuleView module() {
    return module;
  }

  /** The class whose body this is, or null for a module body. */
  ClassScope owner() {
    return owner;
  }

  Namespace namespace() {
    return namespace;
  }

  Binding binding(int index) {
    return namespace.bindings().get(index);
  }

  int size() {
    return namespace.bindings().size();
  }

  /** Whether {@code name} is bound anywhere in this body. */
  boolean binds(String name) {
    return positions.containsKey(name);
  }

  /**
   * What {@code name} refers to just before binding {@code limit} runs: null when this body has
   * not bound it (or deleted it) by then.
   */
  Sym lookup(String name, int limit, LinkContext context) {
    int found = lastBinding(name, limit, context);
    for (int s = stars.length - 1; s >= 0; s--) {
      int star = stars[s];
      if (star >= limit || star <= found || reach(star, context) == 2) {
        continue;
      }
      Sym.Module source = context.module(binding(star).module());
      if (context.exports(source, name)) {
        return context.moduleAttribute(source, name);
      }
    }
    if (found < 0) {
      return null;
    }
    return bindingSym(found, context);
  }

  /** The index of the last binding of {@code name} before {@code limit} that may run, or -1. */
  int lastBinding(String name, int limit, LinkContext context) {
    int[] indexes = positions.getOrDefault(name, NONE);
    boolean skipHandlers = boundOutsideHandlers.containsKey(name);
    for (int k = indexes.length - 1; k >= 0; k--) {
      int index = indexes[k];
      if (index >= limit) {
        continue;
      }
      Binding binding = binding(index);
      if (skipHandlers && binding.flow() == Binding.Flow.EXCEPT) {
        continue;
      }
      if (reach(index, context) == 2) {
        continue;
      }
      return binding.kind() == Binding.Kind.DELETE ? -1 : index;
    }
    return -1;
  }

  /** What binding {@code index} binds its name to. */
  Sym bindingSym(int index, LinkContext context) {
    Binding binding = binding(index);
    Scope scope = new Scope(module, owner, index);
    return switch (binding.kind()) {
      case FUNCTION -> new Sym.Function(scope, namespace.functions().get(binding.index()));
      case CLASS -> new Sym.Klass(classScope(binding.index(), index));
      case IMPORT -> context.module(binding.module());
      case FROM_IMPORT -> {
        if (owner == null && binding.module().equals(module.moduleName())) {
          // from <this package> import name: what is bound so far, else the submodule
          Sym prior = lookup(binding.attribute(), index, context);
          yield prior != null ? prior : context.submodule(binding.module(), binding.attribute());
        }
        yield context.importFrom(binding.module(), binding.attribute());
      }
      case STAR_IMPORT, DELETE -> new Sym.Unknown("no single value");
      case ASSIGN -> {
        PyExpr value = binding.value();
        String imported = importOrSkipTarget(value);
        if (imported != null) {
          yield context.module(imported);
        }
        if (value instanceof PyExpr.Name || value instanceof PyExpr.Attribute) {
          Sym alias = context.resolveExpr(value, scope);
          if (alias != null && !(alias instanceof Sym.Unknown)) {
            yield alias;
          }
        }
        yield new Sym.Value(scope, binding.name(), value);
      }
      case UNKNOWN -> new Sym.Unknown(
          binding.name()
              + " is bound by "
              + (binding.value() instanceof PyExpr.Opaque opaque ? opaque.source() : "code"));
    };
  }

  /** The module {@code x = pytest.importorskip("module")} binds, or null. */
  private static String importOrSkipTarget(PyExpr value) {
    if (value instanceof PyExpr.Call call
        && !call.arguments().isEmpty()
        && call.arguments().get(0).kind() == PyExpr.Argument.Kind.POSITIONAL
        && call.arguments().get(0).value() instanceof PyExpr.Str name) {
      PyExpr function = call.function();
      boolean importOrSkip =
          function instanceof PyExpr.Attribute attribute
                  && attribute.attr().equals("importorskip")
              || function instanceof PyExpr.Name n && n.id().equals("importorskip");
      return importOrSkip ? name.value() : null;
    }
    return null;
  }

  private ClassScope classScope(int classIndex, int bindingIndex) {
    if (classScopes[classIndex] == null) {
      classScopes[classIndex] =
          new ClassScope(
              module,
              namespace.classes().get(classIndex),
              new Scope(module, owner, bindingIndex),
              bindingIndex);
    }
    return classScopes[classIndex];
  }

  /**
   * Whether binding {@code index} runs: 1 yes, 2 never (an {@code if} test is false for the
   * target), 3 maybe (an undecidable test, a loop, a {@code match} case or an {@code except}
   * handler).
   */
  int reach(int index, LinkContext context) {
    if (reach[index] == 0) {
      reach[index] = 3; // while the guards are evaluated
      Binding binding = binding(index);
      int result =
          binding.flow() == Binding.Flow.ALWAYS || binding.flow() == Binding.Flow.TRY ? 1 : 3;
      for (Binding.Guard guard : binding.guards()) {
        Boolean truth = context.truth(guard.test(), new Scope(module, owner, index));
        if (truth == null) {
          result = Math.max(result, 3);
        } else if (truth != guard.expected()) {
          result = 2;
          break;
        }
      }
      reach[index] = (byte) result;
    }
    return reach[index];
  }

  /**
   * The names the finished body holds, in namespace-dict order, each with the index of the
   * binding that gave it its first position (a star import's index for names it brought).
   */
  LinkedHashMap<String, Integer> dictOrder(LinkContext context) {
    LinkedHashMap<String, Integer> order = new LinkedHashMap<>();
    List<Binding> bindings = namespace.bindings();
    for (int i = 0; i < bindings.size(); i++) {
      Binding binding = bindings.get(i);
      if (reach(i, context) == 2) {
        continue;
      }
      if (binding.flow() == Binding.Flow.EXCEPT
          && boundOutsideHandlers.containsKey(binding.name())) {
        continue;
      }
      switch (binding.kind()) {
        case DELETE -> order.remove(binding.name());
        case STAR_IMPORT -> {
          for (String name : context.exportedNames(context.module(binding.module()))) {
            order.putIfAbsent(name, i);
          }
        }
        default -> order.putIfAbsent(binding.name(), i);
      }
    }
    return order;
  }
}
