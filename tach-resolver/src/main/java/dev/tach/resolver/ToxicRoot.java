package dev.tach.resolver;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;

/**
 * A module that makes its importers unfit for in-process isolation (snapshot rollback): it starts
 * threads or processes, or holds sockets, signal handlers or native state, at import or when used.
 *
 * @param module the dotted module name; its submodules are toxic too
 * @param reason why, a few words for the reason chain ({@code opens sockets})
 */
@Api(Api.Status.EXPERIMENTAL)
public record ToxicRoot(String module, String reason) {

  public ToxicRoot {
    requireNonNull(module, "module is null");
    requireNonNull(reason, "reason is null");
    if (module.isEmpty()) {
      throw new IllegalArgumentException("module is empty");
    }
  }

  /** Whether {@code moduleName} is this module or one of its submodules. */
  public boolean matches(String moduleName) {
    return moduleName.equals(module)
        || moduleName.startsWith(module) && moduleName.charAt(module.length()) == '.';
  }
}
