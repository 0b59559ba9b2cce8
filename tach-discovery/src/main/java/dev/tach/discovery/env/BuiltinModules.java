package dev.tach.discovery.env;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code sys.builtin_module_names} and the modules only the frozen importer provides, of CPython
 * 3.8 to 3.13 built with the default {@code Modules/Setup} (as pyenv and python.org build it;
 * checked against those interpreters). Distributions that link more modules into the interpreter
 * are covered by {@link ElfSymbols}.
 */
final class BuiltinModules {

  private static final List<String> COMMON =
      List.of(
          "_abc",
          "_ast",
          "_codecs",
          "_collections",
          "_functools",
          "_imp",
          "_io",
          "_locale",
          "_operator",
          "_signal",
          "_sre",
          "_stat",
          "_string",
          "_symtable",
          "_thread",
          "_tracemalloc",
          "_warnings",
          "_weakref",
          "atexit",
          "builtins",
          "errno",
          "faulthandler",
          "gc",
          "itertools",
          "marshal",
          "posix",
          "pwd",
          "sys",
          "time");

  private static final List<String> FROZEN_ONLY =
      List.of(
          "_frozen_importlib",
          "_frozen_importlib_external",
          "__hello__",
          "__phello__",
          "__phello__.spam");

  private static final List<String> FROZEN_ONLY_SINCE_3_11 =
      List.of(
          "__hello_alias__",
          "__hello_only__",
          "__phello__.ham",
          "__phello__.ham.eggs",
          "__phello_alias__",
          "__phello_alias__.spam");

  private BuiltinModules() {}

  /** The builtin module names of the default build of {@code version}. */
  static Set<String> builtin(PythonVersion version) {
    Set<String> names = new HashSet<>(COMMON);
    if (!version.isAtLeast(3, 12)) {
      names.add("xxsubtype");
    }
    if (version.major() == 3 && version.minor() == 9) {
      names.add("_peg_parser");
    }
    if (version.isAtLeast(3, 11)) {
      names.add("_tokenize");
    }
    if (version.isAtLeast(3, 12)) {
      names.add("_typing");
    }
    if (version.isAtLeast(3, 13)) {
      names.add("_suggestions");
      names.add("_sysconfig");
    }
    return names;
  }

  /** Modules found by the frozen importer that have no file in the standard library. */
  static Set<String> frozenOnly(PythonVersion version) {
    Set<String> names = new HashSet<>(FROZEN_ONLY);
    if (version.isAtLeast(3, 11)) {
      names.addAll(FROZEN_ONLY_SINCE_3_11);
    }
    return names;
  }

  /**
   * Names of builtins that have no {@code PyInit_} function (the interpreter core sets them up
   * itself), added to whatever the symbol table shows.
   */
  static Set<String> coreWithoutInitFunction() {
    return Set.of("builtins", "sys", "marshal", "_warnings", "_imp");
  }
}
