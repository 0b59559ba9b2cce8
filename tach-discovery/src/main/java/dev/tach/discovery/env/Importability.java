package dev.tach.discovery.env;

import dev.tach.api.Api;

/** Whether {@code importlib.util.find_spec(name)} would find a module. */
@Api(Api.Status.EXPERIMENTAL)
public enum Importability {
  /** it would: a builtin, a frozen module, or a file or directory on the search path. */
  YES,
  /** it would not, and nothing dynamic in the environment could change that. */
  NO,
  /**
   * not found on disk, but an import hook the environment installs at startup ({@code .pth} code,
   * {@code sitecustomize}) or the parent module's own code could provide it.
   */
  UNKNOWN
}
