package dev.tach.discovery.extract;

import java.util.List;

/**
 * A pytest mark as written: {@code pytest.mark.NAME} or {@code pytest.mark.NAME(args)}, with the
 * scope its arguments are evaluated in and where it is written.
 *
 * @param name the mark's name
 * @param arguments the call's arguments; empty for a bare mark
 * @param scope where the arguments are evaluated
 * @param file the rootdir-relative file it is written in
 * @param line the 1-based line it is written on
 */
record MarkRef(String name, List<PyExpr.Argument> arguments, Scope scope, String file, int line) {

  /** The value of keyword argument {@code keyword}, or null. */
  PyExpr keyword(String keyword) {
    for (PyExpr.Argument argument : arguments) {
      if (argument.kind() == PyExpr.Argument.Kind.KEYWORD && keyword.equals(argument.keyword())) {
        return argument.value();
      }
    }
    return null;
  }

  /** The {@code index}th positional argument, or null. */
  PyExpr positional(int index) {
    int seen = 0;
    for (PyExpr.Argument argument : arguments) {
      if (argument.kind() == PyExpr.Argument.Kind.POSITIONAL) {
        if (seen++ == index) {
          return argument.value();
        }
      }
    }
    return null;
  }

  /** Whether a {@code *args} or {@code **kwargs} argument hides what is passed. */
  boolean hasUnpacking() {
    for (PyExpr.Argument argument : arguments) {
      if (argument.kind() == PyExpr.Argument.Kind.STAR
          || argument.kind() == PyExpr.Argument.Kind.DOUBLE_STAR) {
        return true;
      }
    }
    return false;
  }
}
