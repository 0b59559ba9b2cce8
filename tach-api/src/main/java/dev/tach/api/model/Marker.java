package dev.tach.api.model;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code @pytest.mark.NAME(...)} applied to a test, a class or a module ({@code pytestmark}).
 *
 * @param name the marker's name, e.g. {@code skipif}
 * @param args the positional arguments as Python source text
 * @param keywords the keyword arguments as Python source text, in source order
 * @param location where the marker is written
 */
@Api(Api.Status.EXPERIMENTAL)
public record Marker(
    String name, List<String> args, Map<String, String> keywords, SourceLocation location) {

  public Marker {
    requireNonNull(name, "name is null");
    args = List.copyOf(args);
    keywords = Collections.unmodifiableMap(new LinkedHashMap<>(keywords));
    requireNonNull(location, "location is null");
  }
}
