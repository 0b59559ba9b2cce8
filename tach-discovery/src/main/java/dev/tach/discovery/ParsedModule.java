package dev.tach.discovery;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * A file that parsed: its syntax tree (the {@code file_input} rule of the grammar) and whether
 * the fast SLL prediction sufficed or the full LL pass was needed.
 */
@Api(Api.Status.EXPERIMENTAL)
public record ParsedModule(String fileName, ParseTree tree, boolean neededFullLl)
    implements ParseOutcome {

  public ParsedModule {
    requireNonNull(fileName, "fileName is null");
    requireNonNull(tree, "tree is null");
  }
}
