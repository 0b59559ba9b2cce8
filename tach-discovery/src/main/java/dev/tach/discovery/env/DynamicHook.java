package dev.tach.discovery.env;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Code the interpreter runs at startup that can change what is importable: an {@code import} line
 * of a {@code .pth} file, or a {@code sitecustomize}/{@code usercustomize} module.
 *
 * @param source the {@code .pth} file or the customize module
 * @param code the line (or the module name)
 * @param onlyModules the top-level modules it can provide, when known (setuptools' editable
 *     finders, the distutils shim); empty when it could provide any module
 * @param resolved whether the hook was read and its effect is part of the static answers (the
 *     packages of a setuptools editable finder's {@code MAPPING})
 */
@Api(Api.Status.EXPERIMENTAL)
public record DynamicHook(
    Path source, String code, Optional<Set<String>> onlyModules, boolean resolved) {
  public DynamicHook {
    requireNonNull(source, "source is null");
    requireNonNull(code, "code is null");
    onlyModules = onlyModules.map(Set::copyOf);
  }

  /** Whether it could make top-level module {@code name} importable. */
  public boolean mayProvide(String name) {
    return !resolved && onlyModules.map(m -> m.contains(name)).orElse(true);
  }
}
