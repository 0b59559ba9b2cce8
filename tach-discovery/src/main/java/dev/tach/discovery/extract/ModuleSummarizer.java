package dev.tach.discovery.extract;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.discovery.ParseOutcome;
import dev.tach.discovery.ParsedModule;
import dev.tach.discovery.PythonParsing;
import dev.tach.discovery.SyntaxError;
import dev.tach.discovery.grammar.PythonParser;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Step one of discovery: reads a parsed file once and keeps what discovery needs as a {@link
 * ModuleSummary}. The summary depends only on the file's text, its module name and whether it is
 * a package {@code __init__.py}; the parse tree can be dropped right after.
 */
@Api(Api.Status.EXPERIMENTAL)
public final class ModuleSummarizer {

  private ModuleSummarizer() {}

  /**
   * Summarizes a parse outcome; a {@link SyntaxError} gives a summary that only holds the error.
   *
   * @param moduleName the dotted name the file is imported under, e.g. {@code pkg.tests.test_a}
   * @param packageInit whether the file is a package's {@code __init__.py}
   */
  public static ModuleSummary summarize(
      ParseOutcome outcome, String moduleName, boolean packageInit) {
    requireNonNull(outcome, "outcome is null");
    requireNonNull(moduleName, "moduleName is null");
    if (outcome instanceof SyntaxError error) {
      return ModuleSummary.ofSyntaxError(moduleName, packageInit, error);
    }
    ParsedModule parsed = (ParsedModule) outcome;
    return SummaryBuilder.build(
        (PythonParser.File_inputContext) parsed.tree(), moduleName, packageInit);
  }

  /** Parses and summarizes {@code source}; {@code fileName} labels a syntax error. */
  public static ModuleSummary summarize(
      String source, String fileName, String moduleName, boolean packageInit) {
    return summarize(PythonParsing.parse(source, fileName), moduleName, packageInit);
  }

  /**
   * The dotted module name pytest's default {@code prepend} import mode gives {@code file}: its
   * stem, preceded by the names of the enclosing directories that hold an {@code __init__.py}
   * ({@code pkg/tests/test_a.py} with both directories packages is {@code pkg.tests.test_a}; a
   * package's {@code __init__.py} is the package itself).
   */
  public static String moduleName(Path file) {
    requireNonNull(file, "file is null");
    Path absolute = file.toAbsolutePath().normalize();
    String stem = absolute.getFileName().toString();
    if (stem.endsWith(".py")) {
      stem = stem.substring(0, stem.length() - 3);
    }
    StringBuilder name = new StringBuilder(stem.equals("__init__") ? "" : stem);
    Path directory = absolute.getParent();
    while (directory != null
        && directory.getFileName() != null
        && Files.isRegularFile(directory.resolve("__init__.py"))) {
      name.insert(0, name.length() == 0 ? directory.getFileName().toString()
          : directory.getFileName() + ".");
      directory = directory.getParent();
    }
    return name.toString();
  }

  /** Whether {@code file} is a package's {@code __init__.py}. */
  public static boolean isPackageInit(Path file) {
    return file.getFileName() != null && file.getFileName().toString().equals("__init__.py");
  }
}
