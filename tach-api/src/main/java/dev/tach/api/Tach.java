package dev.tach.api;

import java.util.ServiceLoader;

/** The programmatic entry point: {@code Tach.launcher().run(RunRequest.builder(dir).build())}. */
@Api(Api.Status.EXPERIMENTAL)
public final class Tach {

  private Tach() {}

  /**
   * Finds the engine ({@code tach-cli} provides it) on the module or class path.
   *
   * @throws TachException E016 when no engine is on the path
   */
  public static Launcher launcher() {
    return ServiceLoader.load(Launcher.class, Tach.class.getClassLoader())
        .findFirst()
        .orElseThrow(
            () ->
                new TachException(
                    ErrorCode.E016,
                    "no Tach engine found on the module or class path",
                    "add the tach-cli jar and its dependencies"));
  }
}
