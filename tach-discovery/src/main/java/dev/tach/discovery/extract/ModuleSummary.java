package dev.tach.discovery.extract;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.discovery.SyntaxError;
import java.util.List;

/**
 * What one Python file says, as far as test discovery cares, read from its syntax alone: it
 * depends only on the file's content, its dotted module name and whether it is a package's
 * {@code __init__.py}, so it can be cached per file (it round-trips through Jackson). {@link
 * ModuleLinker} turns summaries into {@link dev.tach.api.model.TestModule}s.
 *
 * @param format the summary format version, {@link #FORMAT}; a cache drops other versions
 * @param moduleName the dotted name the file is imported under
 * @param packageInit whether the file is a package's {@code __init__.py} (relative imports
 *     then resolve against the module itself)
 * @param syntaxError why the file did not parse, or {@code null}; then everything else is empty
 * @param namespace the module's top-level names in binding order, with its functions and classes
 * @param imports every import statement, in source order, function bodies included
 * @param importOrSkips {@code pytest.importorskip(...)} calls that run at import time
 * @param skips {@code pytest.skip(..., allow_module_level=True)} calls (and {@code raise
 *     SkipTest}) that run at import time
 * @param notes what the file does that only running it could tell (tests made in loops, {@code
 *     globals()} writes, ...)
 */
@Api(Api.Status.EXPERIMENTAL)
public record ModuleSummary(
    int format,
    String moduleName,
    boolean packageInit,
    SyntaxError syntaxError,
    Namespace namespace,
    List<ImportStatement> imports,
    List<ImportOrSkipCall> importOrSkips,
    List<SkipCall> skips,
    List<Note> notes) {

  /** The current summary format; bump it when the summary's meaning changes. */
  public static final int FORMAT = 2;

  public ModuleSummary {
    requireNonNull(moduleName, "moduleName is null");
    requireNonNull(namespace, "namespace is null");
    imports = List.copyOf(imports);
    importOrSkips = List.copyOf(importOrSkips);
    skips = List.copyOf(skips);
    notes = List.copyOf(notes);
  }

  /** The summary of a file that did not parse. */
  public static ModuleSummary ofSyntaxError(
      String moduleName, boolean packageInit, SyntaxError error) {
    requireNonNull(error, "error is null");
    return new ModuleSummary(
        FORMAT,
        moduleName,
        packageInit,
        error,
        Namespace.EMPTY,
        List.of(),
        List.of(),
        List.of(),
        List.of());
  }

  /**
   * One {@code import} or {@code from ... import} statement.
   *
   * @param module the absolute module name, relative imports resolved; for a relative import
   *     that climbs above the top-level package, the dots and name as written
   * @param names the imported names of a {@code from} import ({@code *} for a star import),
   *     empty for {@code import M}
   * @param line the 1-based line
   * @param atImportTime whether it runs when the module is imported (not in a function body)
   * @param guarded whether it sits in a {@code try} block or under {@code if}/a loop
   * @param resolved false when a relative import climbs above the top-level package
   */
  @Api(Api.Status.EXPERIMENTAL)
  public record ImportStatement(
      String module,
      List<String> names,
      int line,
      boolean atImportTime,
      boolean guarded,
      boolean resolved) {
    public ImportStatement {
      requireNonNull(module, "module is null");
      names = List.copyOf(names);
    }
  }

  /**
   * A {@code pytest.importorskip(...)} call that runs at import time (module level, or the body
   * of a module-level class).
   *
   * @param module the module name, or {@code null} when it is not a literal
   * @param minVersion the {@code minversion} argument, or {@code null}
   * @param line the 1-based line
   * @param guarded whether it sits under {@code if}, in a {@code try} or a loop, so it may not
   *     run
   */
  @Api(Api.Status.EXPERIMENTAL)
  public record ImportOrSkipCall(String module, String minVersion, int line, boolean guarded) {}

  /**
   * A module-level skip: {@code pytest.skip(..., allow_module_level=True)} or {@code raise
   * unittest.SkipTest(...)} at import time.
   *
   * @param line the 1-based line
   * @param guarded whether it sits under {@code if}, in a {@code try} or a loop
   * @param reason the reason's source text, or {@code ""}
   */
  @Api(Api.Status.EXPERIMENTAL)
  public record SkipCall(int line, boolean guarded, String reason) {
    public SkipCall {
      requireNonNull(reason, "reason is null");
    }
  }

  /**
   * Something the file does that discovery cannot follow without running it.
   *
   * @param line the 1-based line
   * @param reason what it is, one line
   */
  @Api(Api.Status.EXPERIMENTAL)
  public record Note(int line, String reason) {
    public Note {
      requireNonNull(reason, "reason is null");
    }
  }
}
