package dev.tach.api.model;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A test as static discovery sees it: one function or method, once per statically known
 * parameter set.
 *
 * @param baseId the node id without parameters, e.g. {@code pkg/test_a.py::TestX::test_y}
 * @param idParts the parameter-set id pieces in pytest's order (joined with {@code -} inside
 *     {@code [...]}); empty for a test that is not parametrized
 * @param function the test function's name
 * @param classes the enclosing classes, outermost first
 * @param location the file and the line of the {@code def}
 * @param kind function, method of a {@code Test*} class, or {@code unittest.TestCase} method
 * @param async whether it is an {@code async def}
 * @param markers the markers that apply, closest first: the function's, then each enclosing
 *     class's (innermost first), then the module's {@code pytestmark}
 * @param requests the fixtures it requests by name: {@code usefixtures} first, then its
 *     parameters that no direct parametrize and no {@code @patch} supplies ({@code self} and
 *     {@code cls} excluded)
 * @param parametrizedArgs every argument name that a parametrize mark gives a value, direct or
 *     indirect; a fixture of that name does not add its own {@code params}
 * @param dynamic why its id set may be incomplete or differ at run time, if it may
 */
@Api(Api.Status.EXPERIMENTAL)
public record TestCase(
    String baseId,
    List<String> idParts,
    String function,
    List<String> classes,
    SourceLocation location,
    Kind kind,
    boolean async,
    List<Marker> markers,
    List<String> requests,
    List<String> parametrizedArgs,
    Optional<String> dynamic) {

  /** What kind of Python object the test is. */
  @Api(Api.Status.EXPERIMENTAL)
  public enum Kind {
    /** a module-level function. */
    FUNCTION,
    /** a method of a {@code python_classes} class. */
    METHOD,
    /** a method of a {@code unittest.TestCase} subclass. */
    UNITTEST
  }

  public TestCase {
    requireNonNull(baseId, "baseId is null");
    idParts = List.copyOf(idParts);
    requireNonNull(function, "function is null");
    classes = List.copyOf(classes);
    requireNonNull(location, "location is null");
    requireNonNull(kind, "kind is null");
    markers = List.copyOf(markers);
    requests = List.copyOf(requests);
    parametrizedArgs = List.copyOf(parametrizedArgs);
    requireNonNull(dynamic, "dynamic is null");
  }

  /** pytest's node id: {@code baseId[part1-part2]}, or {@code baseId} without parameters. */
  public String nodeId() {
    return idParts.isEmpty() ? baseId : baseId + "[" + String.join("-", idParts) + "]";
  }

  /** The module part of the node id: everything before the first {@code ::}. */
  public String file() {
    int sep = baseId.indexOf("::");
    return sep < 0 ? baseId : baseId.substring(0, sep);
  }

  /** Whether any marker of this name applies. */
  public boolean hasMarker(String name) {
    return markers.stream().anyMatch(m -> m.name().equals(name));
  }

  /** This test with {@code part} inserted into its id pieces at {@code index}. */
  public TestCase withIdPart(int index, String part) {
    List<String> parts = new ArrayList<>(idParts);
    parts.add(index, part);
    return new TestCase(
        baseId, parts, function, classes, location, kind, async, markers, requests,
        parametrizedArgs, dynamic);
  }

  /** This test with {@code reason} recorded as why its ids may differ at run time. */
  public TestCase withDynamic(String reason) {
    return new TestCase(
        baseId, idParts, function, classes, location, kind, async, markers, requests,
        parametrizedArgs, Optional.of(reason));
  }
}
