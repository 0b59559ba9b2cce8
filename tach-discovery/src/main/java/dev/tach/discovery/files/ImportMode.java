package dev.tach.discovery.files;

import dev.tach.api.Api;

/** pytest's {@code --import-mode}, which decides the module names of test files and conftests. */
@Api(Api.Status.EXPERIMENTAL)
public enum ImportMode {
  /**
   * the default: the first directory above the {@code __init__.py} chain goes first on sys.path.
   */
  PREPEND,
  /** as {@code prepend}, but appended to sys.path; the same module names. */
  APPEND,
  /** no sys.path change; files outside packages get a name derived from the rootdir. */
  IMPORTLIB;

  /** The mode named as on pytest's command line ({@code prepend}, {@code append}, ...). */
  public static ImportMode of(String name) {
    return switch (name) {
      case "prepend" -> PREPEND;
      case "append" -> APPEND;
      case "importlib" -> IMPORTLIB;
      default ->
          throw new IllegalArgumentException(
              "argument --import-mode: invalid choice: '"
                  + name
                  + "' (choose from prepend, append, importlib)");
    };
  }
}
