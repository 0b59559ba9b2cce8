package dev.tach.discovery.extract;

/**
 * A point in a module or class body where an expression is evaluated: names resolve to the
 * bindings made before {@code position} (a binding index of the class body when {@code owner} is
 * set, else of the module body), then to the module's bindings before the class statement, then
 * to builtins.
 *
 * @param module the module
 * @param owner the class whose body it is in, or null at module level
 * @param position how many bindings of that body precede the point
 */
record Scope(ModuleView module, ClassScope owner, int position) {

  /** The end of a module: every binding made. */
  static Scope endOf(ModuleView module) {
    return new Scope(module, null, Integer.MAX_VALUE);
  }

  /** The module-level position names of this scope fall back to. */
  int modulePosition() {
    return owner == null ? position : owner.modulePosition();
  }
}
