package dev.tach.resolver;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.model.FixtureDefinition;
import dev.tach.api.model.FixtureScope;

/**
 * A vertex of a test's fixture graph: one fixture definition. A name can appear more than once in a
 * graph when a definition overrides another and requests it (its own name).
 *
 * @param definition the definition that is set up
 */
@Api(Api.Status.EXPERIMENTAL)
public record FixtureNode(FixtureDefinition definition) {

  public FixtureNode {
    requireNonNull(definition, "definition is null");
  }

  /** The fixture's name. */
  public String name() {
    return definition.name();
  }

  /** The fixture's scope. */
  public FixtureScope scope() {
    return definition.scope();
  }

  /** {@code name (file:line)}. */
  @Override
  public String toString() {
    return definition.name() + " (" + definition.location() + ")";
  }
}
