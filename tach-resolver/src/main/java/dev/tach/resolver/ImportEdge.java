package dev.tach.resolver;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;

/**
 * An edge of the {@link ImportGraph}: the source module imports the target. Edges compare by
 * identity, as JGraphT edges do; between two modules there is at most one, the strongest kind
 * ({@link Kind#DEFERRED} only when nothing else imports it).
 */
@Api(Api.Status.EXPERIMENTAL)
public final class ImportEdge {

  /** How the import happens. */
  @Api(Api.Status.EXPERIMENTAL)
  public enum Kind {
    /** an import statement or {@code pytest.importorskip} in the module or a class body. */
    IMPORT,
    /** importing a submodule imports its package first: {@code a.b} to {@code a}. */
    PARENT_PACKAGE,
    /** a {@code pytest_plugins} entry, which pytest imports with the module. */
    PYTEST_PLUGINS,
    /** an import inside a function: runs only if the function does. */
    DEFERRED
  }

  private final Kind kind;
  private final int line;

  ImportEdge(Kind kind, int line) {
    this.kind = requireNonNull(kind, "kind is null");
    this.line = line;
  }

  /** How the import happens. */
  public Kind kind() {
    return kind;
  }

  /** The 1-based line of the statement in the importing module, 0 when there is none. */
  public int line() {
    return line;
  }

  /** Whether the target is imported whenever the source is: every kind but {@code DEFERRED}. */
  public boolean atImportTime() {
    return kind != Kind.DEFERRED;
  }

  @Override
  public String toString() {
    return line > 0 ? kind + ":" + line : kind.toString();
  }
}
