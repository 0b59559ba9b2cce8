package dev.tach.discovery.extract;

/** What a name or dotted expression refers to, as far as discovery can follow it. */
sealed interface Sym {

  /** A {@code def} in a module or class body of a project module. */
  record Function(Scope scope, FunctionSummary function) implements Sym {}

  /** A {@code class} statement of a project module. */
  record Klass(ClassScope scope) implements Sym {}

  /** A module; {@code view} is null when the module is not one discovery can read. */
  record Module(String name, ModuleView view) implements Sym {}

  /** A dotted name inside a module discovery cannot read, e.g. {@code pytest.mark.skip}. */
  record External(String dotted) implements Sym {}

  /** A builtin such as {@code int}, {@code range} or {@code ValueError}. */
  record Builtin(String name) implements Sym {}

  /** An assigned value, to evaluate in the scope where it is assigned. */
  record Value(Scope scope, String name, PyExpr expression) implements Sym {}

  /** Something discovery cannot follow; {@code why} says what. */
  record Unknown(String why) implements Sym {}
}
